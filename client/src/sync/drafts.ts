/**
 * A note being written is kept on the phone (localStorage), so a reload, a lost signal or a
 * phone that drops the tab does not lose what someone took time and courage to write.
 */
const DRAFT_KEY = 'tributary:draft:';
const COLOR_KEY = 'tributary:color';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function loadDraft(roomId: string): string {
  try {
    return storage()?.getItem(DRAFT_KEY + roomId) ?? '';
  } catch {
    return '';
  }
}

export function saveDraft(roomId: string, text: string): void {
  try {
    if (text) storage()?.setItem(DRAFT_KEY + roomId, text);
    else storage()?.removeItem(DRAFT_KEY + roomId);
  } catch {
    /* storage full or blocked: the draft lives as long as the page */
  }
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
  try {
    return storage()?.getItem(COLOR_KEY) ?? null;
  } catch {
    return null;
  }
}

export function saveColor(color: string): void {
  try {
    storage()?.setItem(COLOR_KEY, color);
  } catch {
    /* not important */
  }
}
