import * as Y from 'yjs';
import { BOARD_REFUSAL_MESSAGES } from '@tributary/shared/board/refusalMessages';
import { CloseCode, type DocName } from '@tributary/shared/protocol';
import type { Connection } from './connection.ts';
import type { RoomView, SyncExtension, WriteRefusal } from './hooks.ts';
import { MalformedMessageError, decodeClientMessage, encodeSyncStep2 } from './protocol.ts';
import type { Logger, SyncMetrics } from './reporting.ts';
import type { RoomDoc } from './roomDoc.ts';
import type { RoomPersistence } from './roomPersistence.ts';
import type { RoomPresence } from './roomPresence.ts';
import { changesNothing } from './updateInspector.ts';

/** Updates one connection may send before answering our sync step 1 that build on that answer. */
const MAX_WAITING_FOR_SYNC = 200;
const MAX_WAITING_FOR_SYNC_BYTES = 1024 * 1024;

export interface ClientFramesOptions {
  /** In priority order: their checkUpdate hooks judge every client update. */
  extensions: readonly SyncExtension[];
  logger: Logger;
  metrics: SyncMetrics;
}

/** The room whose documents the frames are for; extensions see it as their RoomView. */
export interface ClientFramesRoom extends RoomView {
  readonly docs: Record<DocName, RoomDoc>;
}

/**
 * What a room does with each frame a client sends (y-websocket's sync and awareness messages):
 * sync steps answered from what is stored, updates checked by the size cap and the extensions
 * before anything else happens to them, presence handed to RoomPresence, and anything that is not
 * the protocol closed with 4400.
 */
export class ClientFrames {
  constructor(
    private readonly room: ClientFramesRoom,
    private readonly parts: { persistence: RoomPersistence; presence: RoomPresence },
    private readonly options: ClientFramesOptions,
  ) {}

  /**
   * Handles one frame from a client. Synchronous except for a sync step 1, which waits for
   * storage and returns that wait: the connection holds its later frames until it is over, so
   * order is kept, while updates and presence, nearly every frame, cost no promise and no trip
   * through the microtask queue (Connection runs frames back to back until a handler returns one).
   */
  handle(connection: Connection, frame: Uint8Array): Promise<void> | void {
    const roomDoc = this.room.docs[connection.identity.docName];
    try {
      const message = decodeClientMessage(frame);
      switch (message.type) {
        case 'sync-step1':
          return this.answerSyncStep1(connection, roomDoc, message.stateVector);
        case 'sync-step2':
          this.applyClientUpdate(connection, roomDoc, message.update);
          this.afterSyncAnswer(connection, roomDoc);
          return;
        case 'sync-update':
          this.applyClientUpdate(connection, roomDoc, message.update);
          return;
        case 'awareness':
          if (message.oversized > 0) this.options.metrics.presenceDropped('too-large', message.oversized);
          this.parts.presence.applyFromClient(connection, roomDoc, message.entries);
          return;
        case 'query-awareness': {
          const presence = this.parts.presence.snapshot(roomDoc);
          if (presence) connection.send(presence);
          return;
        }
      }
    } catch (error) {
      this.rejectMalformed(connection, roomDoc, error);
    }
  }

  private async answerSyncStep1(connection: Connection, roomDoc: RoomDoc, stateVector: Uint8Array): Promise<void> {
    // Answer only with what is already stored, so a client never receives an update that a
    // crash could still take back.
    await this.parts.persistence.flush();
    try {
      connection.send(this.syncStep2For(roomDoc, stateVector));
    } catch (error) {
      this.rejectMalformed(connection, roomDoc, error);
    }
  }

  /**
   * A client's update is checked before anything else happens to it (DESIGN.md section 2): one
   * that breaks a rule or a cap is applied nowhere, stored nowhere and relayed to no one, and its
   * connection is closed with the refusal's code. An honest client then starts again from what
   * the server holds.
   */
  private applyClientUpdate(connection: Connection, roomDoc: RoomDoc, update: Uint8Array): void {
    if (connection.closed) return;
    const refused = this.checkClientUpdate(connection, roomDoc, update);
    if (refused?.reason === 'missing-history' && !connection.answeredSync) {
      this.waitForSyncAnswer(connection, roomDoc, update);
      return;
    }
    if (refused) {
      this.refuse(connection, roomDoc, refused);
      return;
    }
    Y.applyUpdate(roomDoc.doc, update, connection);
    const store = roomDoc.doc.store;
    if (store.pendingStructs !== null || store.pendingDs !== null) {
      // The inspector refuses updates with missing history, so this is a bug, not a client's
      // doing; still, what Yjs keeps pending would go out in every later sync. Never keep it.
      this.options.logger.error({ roomId: this.room.id, doc: roomDoc.name }, 'an accepted update left changes pending; dropping them');
      store.pendingStructs = null;
      store.pendingDs = null;
    }
  }

  /**
   * A client coming back online sends what it wrote offline in its answer to our sync step 1,
   * but a change it makes in the meantime can reach us first, building on that offline work.
   * Such an update waits, on its connection only and never in the document, until the answer
   * has come; a connection that piles up more than a reconnection could is closed.
   */
  private waitForSyncAnswer(connection: Connection, roomDoc: RoomDoc, update: Uint8Array): void {
    connection.waitingForSync.push(update);
    connection.waitingForSyncBytes += update.byteLength;
    if (connection.waitingForSync.length > MAX_WAITING_FOR_SYNC || connection.waitingForSyncBytes > MAX_WAITING_FOR_SYNC_BYTES) {
      this.refuse(connection, roomDoc, { closeCode: CloseCode.Forbidden, reason: 'missing-history', message: BOARD_REFUSAL_MESSAGES['missing-history'] });
    }
  }

  /** The client's answer to our sync step 1 is in: what waited for it is checked again, in order. */
  private afterSyncAnswer(connection: Connection, roomDoc: RoomDoc): void {
    connection.answeredSync = true;
    const waiting = connection.waitingForSync.splice(0);
    connection.waitingForSyncBytes = 0;
    for (const update of waiting) this.applyClientUpdate(connection, roomDoc, update);
  }

  private checkClientUpdate(connection: Connection, roomDoc: RoomDoc, update: Uint8Array): WriteRefusal | null {
    // A full room still lets people in: a stock client's answer to our sync step 1 changes nothing.
    if (this.parts.persistence.wouldOverflow(roomDoc.name, update.byteLength) && !changesNothing(roomDoc.doc, update)) {
      // Compaction may free what overwritten and deleted content still holds in the log.
      if (roomDoc.logSize > 0) this.parts.persistence.scheduleCompaction(roomDoc);
      return { closeCode: CloseCode.TooLarge, reason: 'room-full', message: BOARD_REFUSAL_MESSAGES['room-full'] };
    }
    const context = { room: this.room, connection, docName: roomDoc.name };
    for (const extension of this.options.extensions) {
      const refused = extension.checkUpdate?.(context, update);
      if (refused) return refused;
    }
    return null;
  }

  private refuse(connection: Connection, roomDoc: RoomDoc, refused: WriteRefusal): void {
    this.options.metrics.writeRefused(roomDoc.name, refused.reason);
    this.options.logger.debug({ roomId: this.room.id, doc: roomDoc.name, reason: refused.reason }, 'update refused');
    // The close frame's reason is at most 123 bytes: the stable label first, so a client can tell
    // what happened, then as much of the plain message as fits.
    connection.close(refused.closeCode, closeReason(`${refused.reason}: ${refused.message}`));
  }

  /** A frame that is not the protocol, or an update Yjs cannot read: counted, logged, and the socket closed. */
  private rejectMalformed(connection: Connection, roomDoc: RoomDoc, error: unknown): void {
    this.options.metrics.malformed();
    this.options.logger.debug(
      { roomId: this.room.id, doc: roomDoc.name, err: error instanceof Error ? error.message : String(error) },
      'malformed message',
    );
    const reason = error instanceof MalformedMessageError ? error.message : 'malformed update';
    connection.close(CloseCode.Malformed, reason.slice(0, 120));
  }

  /** What a client with this state vector is missing, as a sync step 2 frame. */
  private syncStep2For(roomDoc: RoomDoc, stateVector: Uint8Array): Uint8Array {
    if (!isEmptyStateVector(stateVector)) return encodeSyncStep2(Y.encodeStateAsUpdate(roomDoc.doc, stateVector));
    roomDoc.fullSyncFrame ??= encodeSyncStep2(Y.encodeStateAsUpdate(roomDoc.doc));
    return roomDoc.fullSyncFrame;
  }
}

/** Cuts a close reason to the 123 bytes a websocket close frame can carry, on a character boundary. */
function closeReason(text: string): string {
  let out = text;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}

/** A state vector that knows no client: the encoding of an empty map (one varuint 0). */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.byteLength === 0 || (stateVector.byteLength === 1 && stateVector[0] === 0);
}
