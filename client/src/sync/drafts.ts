import { keep, readKept } from './deviceStorage.ts';

/**
 * A note being written is kept on the phone (localStorage), so a reload, a lost signal or a
 * phone that drops the tab does not lose what someone took time and courage to write.
 */
const DRAFT_KEY = 'tributary:draft:';
const COLOR_KEY = 'tributary:color';

export function loadDraft(roomId: string): string {
  return readKept(DRAFT_KEY + roomId) ?? '';
}

export function saveDraft(roomId: string, text: string): void {
  // Storage full or blocked: the draft lives as long as the page.
  keep(DRAFT_KEY + roomId, text || null);
}

/**
 * Adds text to the note composer's draft without losing what is there: text the board refused
 * (a race with the facilitator's pause) waits in the composer for the person to post it again.
 */
export function appendToDraft(roomId: string, text: string): void {
  const current = loadDraft(roomId);
  if (current.includes(text)) return;
  saveDraft(roomId, current ? `${current}\n\n${text}` : text);
}

export function loadColor(): string | null {
  return readKept(COLOR_KEY);
}

export function saveColor(color: string): void {
  keep(COLOR_KEY, color);
}
