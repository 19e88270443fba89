import type * as Y from 'yjs';

/**
 * The `control` document holds what the facilitator decides: the current prompt, whether the
 * board is locked, and (as the facilitation engine grows) steps, timer, reveal and voting.
 * Only the server writes it, from facilitator commands; clients read it live.
 *
 * Layout: one Y.Map named `control`, one key per field below.
 */
export interface ControlState {
  title: string;
  /** What everyone is asked to respond to now. Phones show it first. */
  prompt: string;
  /** While locked, participants' writes to the board are refused by the server. */
  locked: boolean;
}

export const DEFAULT_PROMPT = 'What would you like to share?';
export const ROOM_TITLE_MAX = 120;
export const PROMPT_MAX = 500;

export function controlMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('control');
}

/** Reads the control state, falling back to defaults for anything missing. */
export function readControl(doc: Y.Doc): ControlState {
  const map = controlMap(doc);
  const title = map.get('title');
  const prompt = map.get('prompt');
  return {
    title: typeof title === 'string' ? title : '',
    prompt: typeof prompt === 'string' && prompt !== '' ? prompt : DEFAULT_PROMPT,
    locked: map.get('locked') === true,
  };
}
