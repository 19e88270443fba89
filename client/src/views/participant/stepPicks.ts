// What a step asks a person to pick before their note goes up (shared/src/control/steps.ts):
// the area it is about (Recovery River: "Which stage is this about?") or the note it turns
// around (Reverse Brainstorming: a worst idea). Plain logic, kept apart from React for tests.
import { t } from '../../i18n/i18n.ts';
import { areasWithRole, type Area, type AreaRole } from '@tributary/shared/board/area';
import type { Note } from '@tributary/shared/board/note';
import type { Step } from '@tributary/shared/control/steps';
import { keep, readKept, tabStorage } from '../../sync/deviceStorage.ts';

export interface PickOption {
  id: string;
  label: string;
}

export interface StepPick {
  /** The question above the choices, in plain words. */
  question: string;
  options: PickOption[];
  /** What to say when someone posts without picking (the server says the same). */
  missing: string;
  /** What one choice is called ("stage"), for "Your note is on …" and empty lists. */
  name: string;
}

export interface StepPicks {
  /** The area the note goes to, among areas of the step's `pickRole`. */
  area: StepPick | null;
  /** The note this one turns around, among notes in areas of the step's `linkRole` (none out yet: no pick). */
  link: StepPick | null;
}

/** What one area of a role is called ("stage", "worst idea"), in the language on screen. */
function roleName(role: AreaRole): string {
  return t('phone.roleName', { role });
}

export function stepPicks(step: Step | undefined, areas: ReadonlyMap<string, Area>, notes: ReadonlyMap<string, Note>): StepPicks {
  let area: StepPick | null = null;
  if (step?.postTo === 'pick-area' && step.pickRole) {
    const name = roleName(step.pickRole);
    area = {
      question: t('phone.pickQuestion', { name }),
      options: areasWithRole(areas.values(), step.pickRole).map((a) => ({ id: a.id, label: a.title.trim() || t('phone.pickUntitled', { name }) })),
      missing: t('phone.pickMissing', { name }),
      name,
    };
  }
  let link: StepPick | null = null;
  if (step?.linkRole) {
    const name = roleName(step.linkRole);
    const from = new Set(areasWithRole(areas.values(), step.linkRole).map((a) => a.id));
    const options = [...notes.values()]
      .filter((n) => n.areaId !== null && from.has(n.areaId))
      .sort((a, b) => a.pos.y - b.pos.y || a.pos.x - b.pos.x || a.createdAt - b.createdAt)
      .map((n) => ({ id: n.id, label: n.text }));
    if (options.length > 0) link = { question: t('phone.linkQuestion', { name }), options, missing: t('phone.linkMissing', { name }), name };
  }
  return { area, link };
}

const PICK_KEY = 'tributary:pick:';

/** The last pick made in this step on this phone, if it is still on offer (kept for the step, across reloads). */
export function loadPick(roomId: string, step: string, kind: 'area' | 'link', pick: StepPick | null): string | null {
  if (!pick) return null;
  const saved = readKept(`${PICK_KEY}${roomId}:${step}:${kind}`, tabStorage);
  return saved && pick.options.some((o) => o.id === saved) ? saved : null;
}

export function savePick(roomId: string, step: string, kind: 'area' | 'link', id: string): void {
  // Storage refused: remembered as long as the page is open.
  keep(`${PICK_KEY}${roomId}:${step}:${kind}`, id, tabStorage);
}
