import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MAX_AWARENESS_STATE_BYTES } from '@tributary/shared/protocol';

export { MAX_AWARENESS_STATE_BYTES };

/**
 * The y-websocket wire format (y-protocols sync + awareness), decoded strictly.
 * Anything that is not exactly one well-formed message is a MalformedMessageError; the caller
 * closes that one socket with 4400 and nobody else is touched.
 */

export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 } as const;
export const SyncType = { Step1: 0, Step2: 1, Update: 2 } as const;

/** One client's entry in an awareness message. `state` null means the client left. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: Record<string, unknown> | null;
}

export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; entries: AwarenessEntry[]; oversized: number }
  | { type: 'query-awareness' };

export class MalformedMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedMessageError';
  }
}

/**
 * Most entries one awareness message may carry. Stock y-websocket clients send back every
 * presence change they receive, including the snapshot of everyone in the room a newcomer is
 * given, so this must exceed the largest room (a 300-person conference join), not just one
 * client's own states. The 1 MiB frame cap bounds the bytes; this bounds the parsing work.
 */
export const MAX_AWARENESS_ENTRIES = 2048;

function expectEnd(decoder: decoding.Decoder): void {
  if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes after message');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The entries of an awareness update. A state over MAX_AWARENESS_STATE_BYTES is left out
 * unread (counted in `dropped.oversized` when given): presence is last-writer-wins, so dropping
 * one state only leaves its client's previous one in place.
 */
export function decodeAwarenessUpdate(update: Uint8Array, dropped?: { oversized: number }): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > MAX_AWARENESS_ENTRIES) throw new MalformedMessageError('too many awareness entries');
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    // A var string is a var byte array of UTF-8: measured in bytes, before any decoding.
    const bytes = decoding.readVarUint8Array(decoder);
    if (bytes.byteLength > MAX_AWARENESS_STATE_BYTES) {
      if (dropped) dropped.oversized++;
      continue;
    }
    const state: unknown = JSON.parse(utf8.decode(bytes));
    if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
      throw new MalformedMessageError('awareness state must be an object or null');
    }
    entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
  }
  expectEnd(decoder);
  return entries;
}

export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}

/** Decodes one client frame. Throws MalformedMessageError for anything else. */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.Sync: {
        const syncType = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        expectEnd(decoder);
        if (syncType === SyncType.Step1) return { type: 'sync-step1', stateVector: payload };
        if (syncType === SyncType.Step2) return { type: 'sync-step2', update: payload };
        if (syncType === SyncType.Update) return { type: 'sync-update', update: payload };
        throw new MalformedMessageError(`unknown sync message type ${syncType}`);
      }
      case MessageType.Awareness: {
        const payload = decoding.readVarUint8Array(decoder);
        expectEnd(decoder);
        const dropped = { oversized: 0 };
        return { type: 'awareness', entries: decodeAwarenessUpdate(payload, dropped), oversized: dropped.oversized };
      }
      case MessageType.QueryAwareness:
        expectEnd(decoder);
        return { type: 'query-awareness' };
      default:
        throw new MalformedMessageError(`unknown message type ${type}`);
    }
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    // lib0 throws plain Errors on truncated input, JSON.parse throws SyntaxError.
    throw new MalformedMessageError(error instanceof Error ? error.message : 'undecodable message');
  }
}

function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export const encodeSyncStep1 = (stateVector: Uint8Array) => syncFrame(SyncType.Step1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array) => syncFrame(SyncType.Step2, update);
export const encodeSyncUpdate = (update: Uint8Array) => syncFrame(SyncType.Update, update);

export function encodeAwarenessFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * A presence message about nobody (three bytes): what the server sends a quiet socket so the
 * client knows it is alive. Stock clients apply it as a no-op (no change, no 'update' event).
 */
export const KEEPALIVE_FRAME: Uint8Array = encodeAwarenessFrame(encodeAwarenessUpdate([]));
