import { BOARD_REFUSAL_MESSAGES, type BoardRefusal } from '@tributary/shared/board/rules';
import { CloseCode } from '@tributary/shared/protocol';

/**
 * Why the server refused a change this device wrote to the board, read from the close of the
 * board socket (4403, or 4413 for caps, with the reason "<label>: <message>"). The room-wide
 * refusals are not person rules, so they are not in BOARD_REFUSAL_MESSAGES.
 */
export type BoardRefusalLabel = BoardRefusal | 'room-full' | 'missing-history';

const ROOM_MESSAGES: Record<'room-full' | 'missing-history', string> = {
  'room-full': 'This board is full: nothing more can be added to it.',
  'missing-history': 'Your screen was out of step with the board, so it loaded the board again.',
};

function messageFor(label: string): string | null {
  if (Object.hasOwn(BOARD_REFUSAL_MESSAGES, label)) return BOARD_REFUSAL_MESSAGES[label as BoardRefusal];
  if (Object.hasOwn(ROOM_MESSAGES, label)) return ROOM_MESSAGES[label as keyof typeof ROOM_MESSAGES];
  return null;
}

export interface RefusedWrite {
  label: BoardRefusalLabel;
  /** What the person reads: why, in plain words. */
  message: string;
}

/**
 * The refusal a close of the board socket carries, or null when it is some other close
 * (a revoked token also closes with 4403, and stays final).
 */
export function refusedWriteFromClose(code: number, reason: string): RefusedWrite | null {
  if (code !== CloseCode.Forbidden && code !== CloseCode.TooLarge) return null;
  const label = reason.split(':', 1)[0]!.trim();
  const message = messageFor(label);
  return message === null ? null : { label: label as BoardRefusalLabel, message };
}

/** How soon a second refusal with the same reason means resyncing does not help: stop and say so. */
export const REFUSAL_LOOP_WINDOW_MS = 5_000;

/** Remembers the last refusal, to tell a race (resync and go on) from a loop (stop). */
export class RefusalLoopGuard {
  private last: { label: string; at: number } | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /** True when this refusal repeats the last one within the window. */
  repeats(refused: RefusedWrite): boolean {
    const at = this.now();
    const looping = this.last !== null && this.last.label === refused.label && at - this.last.at < REFUSAL_LOOP_WINDOW_MS;
    this.last = { label: refused.label, at };
    return looping;
  }
}
