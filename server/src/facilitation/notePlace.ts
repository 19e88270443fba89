import type { PostNoteBody } from '@tributary/shared/api';
import { AREA_ROLE_NAMES, type Area } from '@tributary/shared/board/area';
import type { Note } from '@tributary/shared/board/note';
import type { AreaRole } from '@tributary/shared/board/records';
import type { Group } from '@tributary/shared/control/groups';
import type { Step } from '@tributary/shared/control/steps';
import { Errors } from '../errors.ts';

/**
 * Where a note posted through `POST …/notes` goes, by the step's rule (shared/src/control/steps.ts,
 * `postTo`), and what it builds on. The one place the server decides it: a picked area must be of
 * the role the step offers, and a step that links each note to one it turns around must be given
 * one of those notes. Anything else is refused with a plain message the phone shows as it is.
 */
export interface PlaceRequest {
  step: Step;
  /** The area the step's notes go to (`control.areaId`: the step's, or one set live). */
  stepAreaId: string | null;
  /** The poster's group, if they are in one. */
  group: Group | null;
  body: Pick<PostNoteBody, 'areaId' | 'replyTo'>;
  areas: readonly Area[];
  /** The notes on the board, by id. */
  notes: ReadonlyMap<string, Note>;
}

export interface Place {
  /** The area the note goes to, or null for free placement (outside every area). */
  areaId: string | null;
  replyTo?: string;
}

/**
 * The values a NotePlace error names a place with: the role (for a translation to choose its own
 * word) and its English names.
 */
export function placeValues(role: AreaRole): { role: AreaRole; place: string; places: string } {
  const place = AREA_ROLE_NAMES[role];
  return { role, place, places: `${place}s` };
}

export function placeForPost(request: PlaceRequest): Place {
  const areaId = areaForPost(request);
  const replyTo = linkForPost(request);
  return replyTo ? { areaId, replyTo } : { areaId };
}

function areaForPost({ step, stepAreaId, group, body, areas }: PlaceRequest): string | null {
  const exists = (id: string | null | undefined): id is string => typeof id === 'string' && areas.some((a) => a.id === id);
  if (step.postTo === 'pick-area' && step.pickRole) {
    const place = placeValues(step.pickRole);
    if (!body.areaId) throw new Errors.NotePlace({ reason: 'pick', ...place });
    const picked = areas.find((a) => a.id === body.areaId);
    if (!picked) throw new Errors.NotePlace({ reason: 'gone', ...place });
    if (picked.role !== step.pickRole) throw new Errors.NotePlace({ reason: 'wrongRole', ...place });
    return picked.id;
  }
  if (step.postTo === 'group-area') {
    // In no group (yet): the step's own area, else where the note asked to go.
    if (exists(group?.areaId)) return group.areaId;
    return exists(stepAreaId) ? stepAreaId : exists(body.areaId) ? body.areaId : null;
  }
  // A step with its own area keeps its notes there; a free step takes any area asked for.
  if (exists(stepAreaId)) return stepAreaId;
  return exists(body.areaId) ? body.areaId : null;
}

function linkForPost({ step, body, areas, notes }: PlaceRequest): string | undefined {
  const target = body.replyTo ? notes.get(body.replyTo) : null;
  if (!step.linkRole) return target ? target.id : undefined;
  const role = step.linkRole;
  const place = placeValues(role);
  const ofRole = new Set(areas.filter((a) => a.role === role).map((a) => a.id));
  if (target) {
    if (target.areaId !== null && ofRole.has(target.areaId)) return target.id;
    throw new Errors.NotePlace({ reason: 'onlyTurnAround', ...place });
  }
  if (body.replyTo) throw new Errors.NotePlace({ reason: 'gone', ...place });
  // Nothing to pick yet (no such notes are out): the note goes up on its own.
  const anyToPick = [...notes.values()].some((n) => n.areaId !== null && ofRole.has(n.areaId));
  if (anyToPick) throw new Errors.NotePlace({ reason: 'pickToTurnAround', ...place });
  return undefined;
}
