/**
 * Which step each note from this phone was posted in, and its colour.
 *
 * Why a separate log: the server counts the notes each person posts *per step* (it answers 409
 * after `maxNotesPerPerson`), and it keeps counting notes that were later taken back. The shared
 * MyNotes store has no step, and "posted after the step started" cannot be worked out on the phone
 * (the control document does not say when a step began, and going back to a step starts no new
 * count on the server). So we record the step (its index and id, the same key the server uses
 * plus the id so an edited script does not mix steps up) next to each note id, and count entries
 * for the current step, including notes taken back, as the server does.
 */
export interface PostLogEntry {
  noteId: string;
  /** `${stepIndex}:${stepId}` */
  step: string;
  color?: string;
}

const KEY_PREFIX = 'tributary:postlog:';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function stepKey(stepIndex: number, stepId: string): string {
  return `${stepIndex}:${stepId}`;
}

export function loadPostLog(roomId: string): PostLogEntry[] {
  try {
    const raw = storage()?.getItem(KEY_PREFIX + roomId);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? (parsed as PostLogEntry[]).filter((e) => typeof e?.noteId === 'string' && typeof e.step === 'string') : [];
  } catch {
    return [];
  }
}

export function addToPostLog(roomId: string, entry: PostLogEntry): PostLogEntry[] {
  const next = [...loadPostLog(roomId).filter((e) => e.noteId !== entry.noteId), entry].slice(-500);
  try {
    storage()?.setItem(KEY_PREFIX + roomId, JSON.stringify(next));
  } catch {
    /* storage full: the count lasts as long as the page */
  }
  return next;
}

/** How many notes this phone has posted in the given step (taken-back ones too, like the server). */
export function countInStep(log: readonly PostLogEntry[], step: string): number {
  let n = 0;
  for (const e of log) if (e.step === step) n++;
  return n;
}

export function colorOf(log: readonly PostLogEntry[], noteId: string): string | undefined {
  return log.find((e) => e.noteId === noteId)?.color;
}
