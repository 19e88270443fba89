import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { describe, expect, test } from 'vitest';
import {
  MAX_AWARENESS_STATE_BYTES,
  MalformedMessageError,
  decodeClientMessage,
  encodeAwarenessFrame,
  encodeAwarenessUpdate,
  encodeSyncStep1,
  encodeSyncUpdate,
} from '../../../server/src/sync/protocol.ts';

describe('y-websocket message codec', () => {
  test('decodes the messages stock clients send', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('a', 1);
    const sv = Y.encodeStateVector(doc);
    expect(decodeClientMessage(encodeSyncStep1(sv))).toEqual({ type: 'sync-step1', stateVector: sv });
    const update = Y.encodeStateAsUpdate(doc);
    expect(decodeClientMessage(encodeSyncUpdate(update))).toEqual({ type: 'sync-update', update });
    const awareness = encodeAwarenessFrame(encodeAwarenessUpdate([{ clientId: 7, clock: 3, state: { name: 'Sam' } }]));
    expect(decodeClientMessage(awareness)).toEqual({ type: 'awareness', entries: [{ clientId: 7, clock: 3, state: { name: 'Sam' } }], oversized: 0 });
    expect(decodeClientMessage(Uint8Array.of(3))).toEqual({ type: 'query-awareness' });
  });

  test('drops presence states over MAX_AWARENESS_STATE_BYTES, counted in bytes, and keeps the rest', () => {
    // "é" is two bytes of UTF-8 and one character: a cap counted in characters lets twice the bytes through.
    const wide = { name: 'é'.repeat(MAX_AWARENESS_STATE_BYTES / 2) };
    const fits = { name: 'x'.repeat(MAX_AWARENESS_STATE_BYTES - 20) };
    const frame = encodeAwarenessFrame(
      encodeAwarenessUpdate([
        { clientId: 1, clock: 1, state: wide },
        { clientId: 2, clock: 1, state: fits },
      ]),
    );
    expect(new TextEncoder().encode(JSON.stringify(fits)).byteLength).toBeLessThanOrEqual(MAX_AWARENESS_STATE_BYTES);
    expect(decodeClientMessage(frame)).toEqual({ type: 'awareness', entries: [{ clientId: 2, clock: 1, state: fits }], oversized: 1 });
  });

  test.each([
    ['empty frame', new Uint8Array()],
    ['unknown message type', Uint8Array.of(9)],
    ['unknown sync type', Uint8Array.of(0, 7, 0)],
    ['truncated payload', Uint8Array.of(0, 2, 50, 1, 2)],
    ['trailing bytes', Uint8Array.of(3, 0)],
    ['awareness that is not JSON', (() => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, '{not json');
      return encodeAwarenessFrame(encoding.toUint8Array(e));
    })()],
    ['awareness state that is an array', encodeAwarenessFrame(encodeAwarenessUpdate([{ clientId: 1, clock: 1, state: [1, 2] as never }]))],
  ])('rejects %s', (_label, frame) => {
    expect(() => decodeClientMessage(frame)).toThrow(MalformedMessageError);
  });
});
