import { BOARD_REFUSALS, type BoardRefusal } from '@tributary/shared/board/rules';
import { CloseCode } from '@tributary/shared/protocol';

/**
 * Why the server refused a change this device wrote to the board: a person rule, or one of the
 * room-wide refusals (not person rules, so not in BOARD_REFUSALS).
 */
export type BoardRefusalLabel = BoardRefusal;

const REFUSAL_LABELS: ReadonlySet<string> = new Set<BoardRefusalLabel>(BOARD_REFUSALS);

/**
 * The refusal a close of the board socket carries (4403, or 4413 for caps, with the reason
 * "<label>: <message>"), or null when it is some other close (a revoked token also closes with
 * 4403, and stays final). Only the label: the provider must decide at once whether to reconnect,
 * while the words and the recovery load only when a refusal happens (boardRefusal.ts).
 */
export function refusalLabelFromClose(code: number, reason: string): BoardRefusalLabel | null {
  if (code !== CloseCode.Forbidden && code !== CloseCode.TooLarge) return null;
  const label = reason.split(':', 1)[0]!.trim();
  return REFUSAL_LABELS.has(label) ? (label as BoardRefusalLabel) : null;
}

export interface RefusedWrite {
  label: BoardRefusalLabel;
  /** What the person reads: why, in plain words. */
  message: string;
}

/** Text this person typed into a note that the board, loaded again after a refusal, does not carry. */
export interface KeptText {
  noteId: string;
  text: string;
}

/** The last change the server refused, shown to the person until they dismiss it. */
export interface BoardRefusalNotice extends RefusedWrite {
  /** What they typed that did not reach the board (also saved in the note composer's draft). */
  kept: KeptText[];
  /** The same refusal came back right after loading the board again: this device stopped. */
  final: boolean;
}
