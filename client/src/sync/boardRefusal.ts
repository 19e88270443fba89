import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { getNote } from '@tributary/shared/board/queries';
import { isOwnNote, type BoardWriter } from '@tributary/shared/board/rules';
import { notesMap } from '@tributary/shared/board/schema';
import { BOARD_REFUSAL_MESSAGES } from '@tributary/shared/board/refusalMessages';
import { appendToDraft } from './drafts.ts';
import { serverWording } from './wording.ts';
import { refusalLabelFromClose, type BoardRefusalLabel, type BoardRefusalNotice, type KeptText, type RefusedWrite } from './refusalLabel.ts';
import type { Store } from './store.ts';

/*
 * Recovering from a board change the server refused. A refusal only happens in a race (the
 * board locking mid-drag), so RoomClient loads this module with import() when one happens: the
 * words and the recovery are not part of the phone's first load.
 */

function messageFor(label: BoardRefusalLabel): string {
  return serverWording().refusal(label, BOARD_REFUSAL_MESSAGES[label]);
}

/**
 * The refusal a close of the board socket carries, with its plain message, or null when it is
 * some other close (a revoked token also closes with 4403, and stays final).
 */
export function refusedWriteFromClose(code: number, reason: string): RefusedWrite | null {
  const label = refusalLabelFromClose(code, reason);
  return label === null ? null : { label, message: messageFor(label) };
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

/** What the recovery needs of the room's client (RoomClient). */
export interface RefusedBoard {
  readonly roomId: string;
  /** The live board document; loading it afresh replaces it. */
  readonly board: Y.Doc;
  readonly boardProvider: WebsocketProvider;
  readonly boardRefusal: Store<BoardRefusalNotice | null>;
  boardWriter(): BoardWriter;
  /** Throws the board document away and connects a fresh one; null if the client was closed meanwhile. */
  loadBoardAfresh(): Promise<Y.Doc | null>;
  /** Stops for good, with the close that said so. */
  stopForGood(closeCode: number, closeReason: string): void;
  /**
   * Sends a new note's text through `POST …/notes` (the outbox), where the server holds it for
   * the facilitator: the way text the word filter refused on the board still reaches them.
   */
  postThroughServer(text: string): Promise<unknown>;
}

/** One guard per client: the loop is a property of this device's connection, not of the module. */
const loopGuards = new WeakMap<RefusedBoard, RefusalLoopGuard>();

/**
 * The server refused a change this device wrote to the board, and applied it nowhere. The
 * refused change is still in the local document (and its device cache), and y-websocket would
 * send it again on every reconnection, so the document is thrown away and the board loaded
 * afresh. What the person typed that the fresh board lacks is kept as a draft.
 */
export async function recoverFromRefusal(client: RefusedBoard, closeCode: number, closeReason: string): Promise<void> {
  const refused = refusedWriteFromClose(closeCode, closeReason);
  if (!refused) return;
  const typed = typedTexts(client.board, client.boardWriter());
  let guard = loopGuards.get(client);
  if (!guard) loopGuards.set(client, (guard = new RefusalLoopGuard()));
  if (guard.repeats(refused)) {
    // Loading again did not help: stop here, keep everything as it is, and say why.
    client.boardRefusal.set({ ...refused, kept: [], final: true });
    client.stopForGood(closeCode, closeReason);
    return;
  }
  client.boardRefusal.set({ ...refused, kept: [], final: false });
  const doc = await client.loadBoardAfresh();
  if (!doc) return;
  await syncedOnce(client.boardProvider);
  if (client.board !== doc || doc.isDestroyed) return;
  let kept = typed.filter(({ noteId, text }) => getNote(doc, noteId)?.text !== text);
  if (refused.label === 'held-for-review') {
    // The word filter refused a note written straight onto the board: a new note goes through
    // the server, which holds it for the facilitator ("Your note will show once the facilitator
    // has seen it"). An edit of a note already on the board has no edit key to go through the
    // server with, so it stays a draft, as for any other refusal.
    const fresh = kept.filter(({ noteId }) => !getNote(doc, noteId));
    for (const { text } of fresh) await client.postThroughServer(text).catch(() => appendToDraft(client.roomId, text));
    kept = kept.filter((k) => !fresh.includes(k));
  }
  if (kept.length > 0) appendToDraft(client.roomId, kept.map((k) => k.text).join('\n\n'));
  client.boardRefusal.set({ ...refused, kept, final: false });
}

/** Text of the notes this person may have typed into: their own (every note, for the facilitator). */
function typedTexts(doc: Y.Doc, writer: BoardWriter): KeptText[] {
  const texts: KeptText[] = [];
  notesMap(doc).forEach((_, noteId) => {
    const note = getNote(doc, noteId);
    if (note && note.text && (writer.role === 'facilitator' || isOwnNote(writer, note))) texts.push({ noteId, text: note.text });
  });
  return texts;
}

function syncedOnce(provider: WebsocketProvider): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve) => {
    const onSync = (synced: boolean) => {
      if (!synced) return;
      provider.off('sync', onSync);
      resolve();
    };
    provider.on('sync', onSync);
  });
}
