// Plain logic for method templates on the phone (groups, tables, roles, cards, markers, words),
// kept apart from React so it can be tested. Everything reads control fields, never template ids.
import { t } from '../../i18n/i18n.ts';
import type { Area, AreaRole } from '@tributary/shared/board/area';
import type { Note } from '@tributary/shared/board/note';
import { groupOf, roleOf, type Group } from '@tributary/shared/control/groups';
import type { ControlState } from '@tributary/shared/control/state';
import { wordFrequencies, type WordCount } from '@tributary/shared/board/words';

export interface MyPlace {
  group: Group | null;
  /** The area the group sits at this round, if it is on the board. */
  table: Area | null;
  role: 'client' | 'consultant' | null;
  /** "Round 2" (round + 1), only for methods with rounds (rotation or roles). */
  roundLine: string;
}

/** Whether the method has rounds people need to know about. */
export function hasRounds(control: Pick<ControlState, 'method' | 'groups'>): boolean {
  return control.groups.length > 0 && (control.method.rotate !== undefined || control.method.roles !== undefined);
}

export function myPlace(
  control: Pick<ControlState, 'groups' | 'round' | 'method'>,
  areas: ReadonlyMap<string, Area>,
  participantId: string | null | undefined,
): MyPlace {
  const group = groupOf(control.groups, participantId);
  const table = group?.areaId ? (areas.get(group.areaId) ?? null) : null;
  return {
    group,
    table,
    role: roleOf(control.groups, participantId),
    roundLine: hasRounds(control) ? t('room.round', { round: control.round + 1 }) : '',
  };
}

/** A short name for a table: "Table 2" from "Table 2: What gets in the way…", else the whole title. */
export function shortAreaName(area: Pick<Area, 'title'> | null | undefined): string {
  const title = (area?.title ?? '').trim();
  if (!title) return t('phone.yourTableFallback');
  const colon = title.indexOf(':');
  return colon > 0 && colon <= 30 ? title.slice(0, colon).trim() : title;
}

/**
 * A table's own question, or null when the area has none (a Troika trio's area): the question
 * part of its title ("What gets in the way…" from "Table 2: What gets in the way…"), else its
 * description. With null, the step's general prompt stays the question.
 */
export function areaQuestion(area: Pick<Area, 'title' | 'description'>): string | null {
  const title = area.title.trim();
  const colon = title.indexOf(':');
  const fromTitle = colon > 0 && colon <= 30 ? title.slice(colon + 1).trim() : '';
  if (fromTitle) return fromTitle;
  return area.description?.trim() || null;
}

/** What the phone says when the round moves the group to another table: "Round 2: your group is now at Table 2." */
export function tableMoveAnnouncement(table: Pick<Area, 'title'> | null, round: number): string | null {
  if (!table) return null;
  return t('phone.tableMove', { round: round + 1, table: shortAreaName(table) });
}

/** The line about this person's role this round. */
export function roleLine(role: MyPlace['role'], listening = false): string {
  if (role === 'client') return listening ? t('phone.roleClientListening') : t('phone.roleClient');
  if (role === 'consultant') return t('phone.roleConsultant');
  return '';
}

export interface TableNote {
  note: Note;
  /** "Round 1", or '' when the note has no round. */
  roundLine: string;
}

/**
 * What earlier groups left at a table: notes in the area from rounds before this one
 * (and notes without a round, put there by hand), oldest round first.
 */
export function earlierAtTable(notes: Iterable<Note>, areaId: string, round: number): TableNote[] {
  const out: Note[] = [];
  for (const note of notes) {
    if (note.areaId !== areaId) continue;
    if (note.round !== undefined && note.round >= round) continue;
    out.push(note);
  }
  return out
    .sort((a, b) => (a.round ?? -1) - (b.round ?? -1) || a.createdAt - b.createdAt)
    .map((note) => ({ note, roundLine: note.round !== undefined ? t('room.round', { round: note.round + 1 }) : '' }));
}

/** A short quote of a note for "Building on: …". */
export function quote(text: string, max = 120): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1).trimEnd()}…` : clean;
}

// One card format for the phone that writes cards and every place that shows them whole.
export { cardText } from '@tributary/shared/board/cardText';

/**
 * The area a talking step is about (User Manual's "Read the cards"), whose notes the phone shows
 * whole so people can read them together; null when the step is not about one area.
 */
export function readingArea(control: Pick<ControlState, 'mode' | 'areaId' | 'voting'>): string | null {
  return control.mode === 'discussion' && !control.voting.open ? control.areaId : null;
}

/** The areas people place markers on, in board order: those of the round's role (the stages), or every area. */
export function markerAreas(areas: ReadonlyMap<string, Area>, role?: AreaRole): Area[] {
  return [...areas.values()].filter((a) => !role || a.role === role).sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
}

/** "3 people", "1 person", "Nobody". */
export function peopleWord(n: number): string {
  return t('room.people', { count: Math.max(0, n) });
}

/** "3 people here", "Nobody here yet". */
export function peopleHere(n: number): string {
  return t('phone.peopleHere', { count: Math.max(0, n) });
}

/** The title of the marker round now open, if the facilitator gave one. */
export function markerRoundTitle(control: Pick<ControlState, 'markerRounds' | 'voting'>): string {
  return control.markerRounds.find((r) => r.round === control.voting.round)?.title ?? '';
}

/**
 * The step where words were collected privately (a private step with a note limit), at or before
 * the current one, and whether its words are out: revealed in that step, or any later step.
 */
export function wordsRevealed(control: Pick<ControlState, 'steps' | 'stepIndex' | 'revealed'>): boolean {
  for (let i = control.stepIndex; i >= 0; i--) {
    const step = control.steps[i];
    if (step?.mode === 'private' && step.maxNotesPerPerson !== undefined) return i < control.stepIndex || control.revealed;
  }
  return false;
}

/** "hope ×3" lines for the phone, most frequent first. */
export function wordLines(notes: Iterable<Pick<Note, 'id' | 'text'>>): Array<WordCount & { line: string }> {
  return wordFrequencies(notes).map((w) => ({ ...w, line: w.count > 1 ? `${w.label} ×${w.count}` : w.label }));
}

/** The on-demand parts of the phone view that a room's script can show at some point. */
export interface ScriptParts {
  voting: boolean;
  markers: boolean;
  cards: boolean;
  groups: boolean;
  tables: boolean;
  words: boolean;
  /** A talking step about one area, whose notes the phone shows to read together. */
  reading: boolean;
}

/**
 * Which on-demand parts this room can need, read from its script (and what is happening now).
 * The phone prefetches only these once it is idle: a room with one open step downloads no
 * voting, cards or groups code at all, and still loads any of them if the facilitator starts one.
 */
export function partsTheScriptUses(
  control: Pick<ControlState, 'steps' | 'groups' | 'groupChoice' | 'method' | 'voting'>,
): ScriptParts {
  const steps = control.steps;
  const votingNow = control.voting.open || control.voting.totals !== null;
  const tables = steps.some((s) => s.postTo === 'group-area');
  return {
    voting: steps.some((s) => s.mode === 'voting' && s.voteTarget !== 'areas') || (votingNow && control.voting.target !== 'areas'),
    markers: steps.some((s) => s.voteTarget === 'areas') || (votingNow && control.voting.target === 'areas'),
    cards: steps.some((s) => (s.prompts?.length ?? 0) > 0),
    groups:
      tables || control.groups.length > 0 || control.groupChoice || control.method.groupSize !== undefined || control.method.groupCount !== undefined,
    tables,
    words: steps.some((s) => s.mode === 'private' && s.maxNotesPerPerson !== undefined),
    reading: steps.some((s) => s.mode === 'discussion' && s.areaId !== undefined),
  };
}
