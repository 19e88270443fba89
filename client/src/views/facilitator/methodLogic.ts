/**
 * Groups, rounds, roles and word counts for the facilitation panel, without React, so they can be
 * unit tested. Control holds participant ids only; the panel shows labels and counts, never who.
 */
import { areasWithRole, type Area } from '@tributary/shared/board/area';
import type { Note } from '@tributary/shared/board/note';
import type { AreaRole } from '@tributary/shared/board/records';
import { wordFrequencies, type WordCount } from '@tributary/shared/board/words';
import type { Group, MethodRules } from '@tributary/shared/control/groups';
import type { ControlState } from '@tributary/shared/control/state';
import { CARD_PROMPT_MAX, MAX_CARD_PROMPTS, type Step } from '@tributary/shared/control/steps';
import { t } from '../../i18n/i18n.ts';

/** Whether the room's method uses groups (sizes, rotation or roles), or groups already exist. */
export function usesGroups(control: Pick<ControlState, 'method' | 'groups' | 'steps'>): boolean {
  const m = control.method;
  return (
    m.groupSize !== undefined ||
    m.groupCount !== undefined ||
    m.rotate !== undefined ||
    m.roles !== undefined ||
    m.areaPerGroup === true ||
    control.groups.length > 0 ||
    control.steps.some((s) => s.postTo === 'group-area')
  );
}

/**
 * The step a round starts on: the first step whose notes go to the group's area, moved back over
 * the timed steps just before it (Troika: "Client shares a challenge"; World Cafe: "Talk at your
 * table"). Null when no step works in groups.
 */
export function roundStartStep(steps: readonly Pick<Step, 'postTo' | 'timerSeconds'>[]): number | null {
  const first = steps.findIndex((s) => s.postTo === 'group-area');
  if (first < 0) return null;
  let start = first;
  while (start > 0 && steps[start - 1]!.timerSeconds !== null && steps[start - 1]!.postTo !== 'group-area') start--;
  return start;
}

/** "first", "second"… then "11th" (the catalog's words for the active language). */
export function ordinal(n: number): string {
  return t('facilitator.ordinal', { n });
}

/** What a group is called in the method: "trio", "group". */
export function groupNoun(method: MethodRules): string {
  return (method.groupLabel ?? t('facilitator.defaultGroupLabel')).toLowerCase();
}

/**
 * The role rule in words, for this round: "This round, the first person in each trio shares a
 * challenge." With groups of different sizes, a bigger group's person is named too.
 */
export function roleRuleText(method: MethodRules, groups: readonly Pick<Group, 'members'>[], round: number): string | null {
  if (method.roles !== 'rotate-client') return null;
  const noun = groupNoun(method);
  const sizes = [...new Set(groups.map((g) => g.members.length).filter((n) => n > 0))].sort((a, b) => a - b);
  if (sizes.length === 0) {
    return t('facilitator.rolesEachRound', { noun });
  }
  const positions = [...new Set(sizes.map((size) => (round % size) + 1))];
  if (positions.length === 1) return t('facilitator.rolesThisRound', { ordinal: ordinal(positions[0]!), noun });
  const who = joinList(positions.map((p) => t('facilitator.theOrdinal', { ordinal: ordinal(p) })), 'facilitator.orList');
  return t('facilitator.rolesThisRoundBySize', { who, noun });
}

/** Whether every member has been the client once (roles go round the biggest group). */
export function everyoneHadATurn(groups: readonly Pick<Group, 'members'>[], round: number): boolean {
  const biggest = Math.max(0, ...groups.map((g) => g.members.length));
  return biggest > 0 && round + 1 >= biggest;
}

/** "1 person", "3 people". */
export function people(n: number): string {
  return t('facilitator.peopleCount', { count: n });
}

/**
 * "group" → "groups", "trio" → "trios": the method's noun, one or many. The noun is the template's
 * (translated) label or the facilitator's own, so the many-form is a catalog pattern around it.
 */
export function nounFor(noun: string, n: number): string {
  return n === 1 ? noun : t('facilitator.groupNouns', { noun });
}

/** "3, 2 and 2", "the first or the fourth": the last two joined by the catalog's word. */
function joinList(items: readonly (string | number)[], last: 'facilitator.andList' | 'facilitator.orList'): string {
  const words = items.map(String);
  if (words.length <= 1) return words[0] ?? '';
  return t(last, { rest: words.slice(0, -1).join(t('facilitator.listSeparator')), last: words.at(-1)! });
}

/**
 * The preview of "Form groups", in words: "3 people here: 1 group of 3", "7 people here: 3 groups
 * (3, 2 and 2 people)", or why not ("2 people here: trios need at least 3 people").
 */
export function groupPlanText(present: number, sizes: readonly number[] | null, minSize: number, noun: string): string {
  const here = present === 0 ? t('facilitator.nobodyHereYet') : t('facilitator.countHere', { count: present });
  if (!sizes || sizes.length === 0) return t('facilitator.planNeedsAtLeast', { here, nouns: nounFor(noun, 2), min: minSize });
  const n = sizes.length;
  if (sizes.every((size) => size === sizes[0])) return t('facilitator.planEqual', { here, count: n, nouns: nounFor(noun, n), size: sizes[0]! });
  return t('facilitator.planMixed', { here, count: n, nouns: nounFor(noun, n), sizes: joinList(sizes, 'facilitator.andList') });
}

/**
 * How the groups share the tables, in words: "Each round 3 of the 4 tables have a group; 1 stays
 * free." Null when the method has no tables to move between.
 */
export function tablesText(groups: number, tables: number): string | null {
  if (tables <= 0 || groups <= 0) return null;
  const turn = t('facilitator.tablesTurn', { tables });
  if (groups === tables) return t('facilitator.tablesOneEach', { tables, turn });
  if (groups < tables) return t('facilitator.tablesSomeFree', { groups, tables, free: tables - groups, turn });
  return t('facilitator.tablesShared', { groups, tables, turn });
}

/**
 * The area whose words the Words view counts: the current step's area, else the area with the
 * `words` role (whatever its title), else the whole board (null).
 */
export function wordsAreaId(
  control: Pick<ControlState, 'areaId'>,
  areas: ReadonlyMap<string, Pick<Area, 'id' | 'role' | 'order'>>,
): string | null {
  if (control.areaId && areas.has(control.areaId)) return control.areaId;
  return areasWithRole(areas.values(), 'words')[0]?.id ?? null;
}

/** Word counts of the notes in an area (or of every note), most frequent first. */
export function wordsIn(notes: Iterable<Pick<Note, 'id' | 'text' | 'areaId'>>, areaId: string | null): WordCount[] {
  const list: Array<{ id: string; text: string }> = [];
  for (const n of notes) if (areaId === null || n.areaId === areaId) list.push(n);
  return wordFrequencies(list);
}

export { duplicateCounts } from '../../canvas/boardMarks.ts';

/**
 * Where "Turn it around" puts the new note: the current step's area, when the step is open for
 * writing and the note sits somewhere else (Reverse Brainstorming: a worst idea, while the step
 * collects solutions). A step that says what its notes turn around (`linkRole: 'worst'`) offers
 * it only on those notes, as the phones do. Null when the button should not show.
 */
export function turnAroundTarget(
  note: Pick<Note, 'areaId'> | undefined,
  step: { areaId: string | null; mode: string; linkRole?: AreaRole | undefined },
  areas: ReadonlyMap<string, Area>,
): Area | null {
  if (!note || !step.areaId || (step.mode !== 'open' && step.mode !== 'anonymous')) return null;
  if (note.areaId === step.areaId) return null;
  if (step.linkRole && (note.areaId === null || areas.get(note.areaId)?.role !== step.linkRole)) return null;
  return areas.get(step.areaId) ?? null;
}

/** One person as the participants list gives them. */
export interface ParticipantRow {
  participantId: string;
  name: string | null;
  connected: boolean;
}

/** A person's name for the hand-grouping list. */
export function personName(p: Pick<ParticipantRow, 'name'> | undefined): string {
  const name = p?.name?.trim();
  return name ? name : t('facilitator.someoneWithoutName');
}

/** Who is in which group now: participant id → group id ('' for no group). */
export function handGroupsDraft(groups: readonly Pick<Group, 'id' | 'members'>[]): Record<string, string> {
  const draft: Record<string, string> = {};
  for (const g of groups) for (const m of g.members) if (!(m in draft)) draft[m] = g.id;
  return draft;
}

/**
 * The rows of "Set groups by hand": each group's members (in their order, then newcomers to it),
 * and the people in no group. Members the list does not know are kept (they may have left).
 */
export function handGroupRows(
  groups: readonly Pick<Group, 'id' | 'label' | 'members'>[],
  participants: readonly ParticipantRow[],
  draft: Readonly<Record<string, string>>,
): Array<{ groupId: string; label: string; people: Array<{ participantId: string; name: string; connected: boolean }> }> {
  const byId = new Map(participants.map((p) => [p.participantId, p]));
  const everyone: string[] = [];
  const seen = new Set<string>();
  const add = (id: string) => {
    if (!seen.has(id)) {
      seen.add(id);
      everyone.push(id);
    }
  };
  for (const g of groups) for (const m of g.members) add(m);
  for (const p of participants) add(p.participantId);
  const row = (groupId: string, label: string) => ({
    groupId,
    label,
    people: everyone
      .filter((id) => (draft[id] ?? '') === groupId)
      .map((id) => ({ participantId: id, name: personName(byId.get(id)), connected: byId.get(id)?.connected ?? false })),
  });
  const known = new Set(groups.map((g) => g.id));
  const rows = groups.map((g) => row(g.id, g.label));
  // A draft pointing at a group that is gone counts as no group.
  const none = row('', t('facilitator.notInAGroup'));
  for (const id of everyone) {
    const g = draft[id];
    if (g && !known.has(g)) none.people.push({ participantId: id, name: personName(byId.get(id)), connected: byId.get(id)?.connected ?? false });
  }
  return [...rows, none];
}

/** `groups.set` from the draft: ids, labels and areas kept; members in their old order, then newcomers. */
export function handGroupsCommand(
  groups: readonly Pick<Group, 'id' | 'label' | 'members' | 'areaId'>[],
  participants: readonly Pick<ParticipantRow, 'participantId'>[],
  draft: Readonly<Record<string, string>>,
): Array<{ id: string; label: string; members: string[]; areaId?: string }> {
  const order: string[] = [];
  const seen = new Set<string>();
  for (const id of [...groups.flatMap((g) => g.members), ...participants.map((p) => p.participantId)]) {
    if (!seen.has(id)) {
      seen.add(id);
      order.push(id);
    }
  }
  return groups.map((g) => {
    const stay = g.members.filter((m) => draft[m] === g.id);
    const joining = order.filter((m) => draft[m] === g.id && !g.members.includes(m));
    return { id: g.id, label: g.label, members: [...stay, ...joining], ...(g.areaId ? { areaId: g.areaId } : {}) };
  });
}

/** Card prompts as the facilitator typed them, ready for `step.update`: trimmed, no blanks, within limits. */
export function cleanPrompts(lines: readonly string[]): string[] {
  return lines
    .map((l) => l.trim().slice(0, CARD_PROMPT_MAX))
    .filter((l) => l !== '')
    .slice(0, MAX_CARD_PROMPTS);
}
