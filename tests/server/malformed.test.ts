import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import {
  closedWithin,
  connectDoc,
  docUrl,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdateMessage,
  isDecodableFrame,
  pace,
  rawSocket,
  waitFor,
  type DocClient,
} from '../helpers/clients.ts';
import { deleteNotes, setNoteText } from '@tributary/shared/board/mutations';
import { FACILITATOR_WRITER, mustJoinAs, noteText, writeNote, type JoinedParticipant } from '../helpers/board.ts';
import { mustCreateRoom, mustJoin, type CreatedRoom } from '../helpers/server.ts';
import { useServer } from '../helpers/fixture.ts';
import { seededRandom } from '../helpers/random.ts';

// "Malformed input closes that one socket with 4400; the room and everyone else carry on."
// (DESIGN.md section 4; close codes in shared/API.md.)

const MIB = 1024 * 1024;

interface Frame {
  kind: string;
  data: Uint8Array | string;
}

function hex(data: Uint8Array | string, max = 24): string {
  if (typeof data === 'string') return JSON.stringify(data.slice(0, max));
  return Buffer.from(data.subarray(0, max)).toString('hex') + (data.length > max ? `…(${data.length} bytes)` : '');
}

/** A document with some content (valid notes, edited and deleted), whose messages get truncated below. */
function sampleDoc(): Y.Doc {
  const doc = new Y.Doc();
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) ids.push(writeNote(doc, FACILITATOR_WRITER, { text: `note ${i} with some text`, pos: { x: i * 10, y: i } }));
  setNoteText(doc, ids[0]!, 'hello world');
  deleteNotes(doc, [ids[1]!]);
  return doc;
}

/** Valid y-websocket messages (sync step 1, sync step 2, update) and the bare update. */
function validMessages(): { messages: Uint8Array[]; update: Uint8Array } {
  const doc = sampleDoc();
  const update = Y.encodeStateAsUpdate(doc);
  const messages = [encodeSyncStep1(doc), encodeSyncStep2(doc), encodeUpdateMessage(update)];
  doc.destroy();
  return { messages, update };
}

/** 100 frames that no reading of the y-websocket protocol accepts (each is checked). */
function malformedFrames(seed: number, count: number): Frame[] {
  const rand = seededRandom(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const bytes = (n: number): Uint8Array => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = int(0, 255);
    return out;
  };
  const { messages: valid, update: validUpdate } = validMessages();
  const frames: Frame[] = [];
  const kinds = [
    'random bytes',
    'truncated sync message',
    'text frame',
    'unknown message type',
    'huge varint length',
    'well-framed update, truncated content',
    'well-framed garbage update or awareness',
  ];
  const framed = (prefix: number[], payload: Uint8Array): Uint8Array => {
    const e = encoding.createEncoder();
    for (const n of prefix) encoding.writeVarUint(e, n);
    encoding.writeVarUint8Array(e, payload);
    return encoding.toUint8Array(e);
  };
  while (frames.length < count) {
    const kind = kinds[frames.length % kinds.length] as string;
    let data: Uint8Array | string;
    switch (kind) {
      case 'random bytes':
        data = bytes(int(1, 300));
        break;
      case 'truncated sync message': {
        const msg = valid[int(0, valid.length - 1)] as Uint8Array;
        data = msg.slice(0, int(1, msg.length - 1));
        break;
      }
      case 'text frame': {
        const texts = ['hello', '{"type":"sync"}', 'AAEC', String.fromCharCode(...bytes(int(1, 64)).map((b) => 32 + (b % 90)))];
        data = texts[int(0, texts.length - 1)] as string;
        break;
      }
      case 'unknown message type': {
        const e = encoding.createEncoder();
        // 0 sync, 1 awareness, 2 auth, 3 query awareness are known to y-websocket peers.
        const types = [4, 5, 7, 42, 127, 128, 1000, 2 ** 20, 2 ** 31];
        encoding.writeVarUint(e, types[int(0, types.length - 1)] as number);
        encoding.writeVarUint8Array(e, bytes(int(0, 40)));
        data = encoding.toUint8Array(e);
        break;
      }
      case 'well-framed update, truncated content': {
        // The frame is intact; the Yjs update inside it is cut short.
        const update = validUpdate.slice(0, int(1, validUpdate.length - 1));
        data = framed([0, int(1, 2)], update);
        break;
      }
      case 'well-framed garbage update or awareness': {
        const prefix = [[0, 1], [0, 2], [1]][int(0, 2)] as number[];
        data = framed(prefix, bytes(int(1, 120)));
        break;
      }
      default: {
        // A length prefix far beyond the frame: a decoder must not trust it.
        const e = encoding.createEncoder();
        // sync update, sync step 2, sync step 1, awareness
        const prefix = [[0, 2], [0, 1], [0, 0], [1]][int(0, 3)] as number[];
        for (const n of prefix) encoding.writeVarUint(e, n);
        const huge = [2 ** 21, 2 ** 31 - 1, 2 ** 32 + 5, 2 ** 50][int(0, 3)] as number;
        encoding.writeVarUint(e, huge);
        encoding.writeUint8Array(e, bytes(int(0, 64)));
        data = encoding.toUint8Array(e);
      }
    }
    // Random and truncated bytes can happen to form a legitimate message: keep only those that
    // a lenient decoder (the reference server's) rejects too.
    if (typeof data !== 'string' && isDecodableFrame(data)) continue;
    frames.push({ kind, data });
  }
  return frames;
}

describe('malformed frames', () => {
  const server = useServer();
  let room: CreatedRoom;
  let fuzzer: JoinedParticipant;
  let participant: string;
  const clients: DocClient[] = [];
  beforeAll(async () => {
    room = await mustCreateRoom(server.url, 'Malformed');
    fuzzer = await mustJoinAs(server.url, room.joinCode, 'Fuzzer');
    participant = fuzzer.token;
  });
  afterAll(async () => {
    for (const client of clients.splice(0)) client.destroy();
  });

  const sendAndAwaitClose = async (frame: Frame, label: string): Promise<{ code: number; reason: string }> => {
    const socket = rawSocket(docUrl(server.wsUrl, room.roomId, 'board', participant));
    await socket.opened;
    socket.ws.send(frame.data, { binary: typeof frame.data !== 'string' });
    return closedWithin(socket, 5_000, label);
  };

  test('100 malformed frames each close their own socket with 4400; healthy clients carry on', async () => {
    const a = connectDoc(server.wsUrl, room.roomId, 'board', room.facilitatorToken);
    const healthy = await mustJoinAs(server.url, room.joinCode, 'Healthy');
    const b = connectDoc(server.wsUrl, room.roomId, 'board', healthy.token);
    clients.push(a, b);
    await Promise.all([a.synced, b.synced]);

    // Background: a keeps writing, and /healthz keeps being asked.
    const written: string[] = [];
    const writer = setInterval(() => written.push(writeNote(a.doc, FACILITATOR_WRITER, { text: `w${written.length}` })), 25);
    const health: number[] = [];
    let probing = true;
    const prober = (async () => {
      while (probing) {
        try {
          const res = await fetch(server.url + '/healthz');
          await res.arrayBuffer();
          health.push(res.status);
        } catch {
          health.push(0);
        }
        await pace(50);
      }
    })();

    const frames = malformedFrames(0x7a1b, 100);
    expect(frames).toHaveLength(100);
    const failures: string[] = [];
    try {
      // A few sockets at a time: fast, and still one fresh socket per frame.
      const concurrency = 4;
      for (let i = 0; i < frames.length; i += concurrency) {
        await Promise.all(
          frames.slice(i, i + concurrency).map(async (frame, j) => {
            const index = i + j;
            const label = `frame ${index} (${frame.kind}) ${hex(frame.data)}`;
            try {
              const { code } = await sendAndAwaitClose(frame, label);
              if (code !== 4400) failures.push(`${label}: closed with ${code}, expected 4400`);
            } catch (err) {
              failures.push(`${label}: ${(err as Error).message}`);
            }
          }),
        );
      }
    } finally {
      clearInterval(writer);
      probing = false;
      await prober;
    }
    expect(failures).toEqual([]);
    expect(health.length).toBeGreaterThan(0);
    expect(health.filter((s) => s !== 200)).toEqual([]);

    // Everything written during the storm arrived, and writes still converge both ways.
    const total = written.length;
    await waitFor(() => written.every((id) => noteText(b.doc, id) !== undefined), 5_000, `B to hold all ${total} notes written during the storm`);
    written.forEach((id, i) => expect(noteText(b.doc, id)).toBe(`w${i}`));
    const after = writeNote(a.doc, FACILITATOR_WRITER, { text: 'after storm' });
    await waitFor(() => noteText(b.doc, after) === 'after storm', 5_000, 'a write after the storm to reach B');
    const reply = writeNote(b.doc, healthy, { text: 'ok' });
    await waitFor(() => noteText(a.doc, reply) === 'ok', 5_000, 'B\'s reply to reach A');
    expect(a.closes.filter((c) => c.code >= 4000)).toEqual([]);
    expect(b.closes.filter((c) => c.code >= 4000)).toEqual([]);
  });

  test('a malformed frame after a normal handshake still closes with 4400', async () => {
    const socket = rawSocket(docUrl(server.wsUrl, room.roomId, 'board', participant));
    await socket.opened;
    const doc = new Y.Doc();
    writeNote(doc, fuzzer, { text: 'a valid note first' });
    socket.ws.send(encodeSyncStep1(doc));
    socket.ws.send(encodeSyncStep2(doc));
    await waitFor(() => socket.messages.length >= 1, 5_000, 'the server\'s first sync message');
    socket.ws.send(Uint8Array.from([0, 2, 5, 1, 2]));
    const { code } = await closedWithin(socket, 5_000, 'malformed after handshake');
    expect(code).toBe(4400);
    doc.destroy();
  });

  test('a sync step 1 whose state vector cannot be read closes with 4400 (it is answered after storage, not in line)', async () => {
    const watcher = connectDoc(server.wsUrl, room.roomId, 'board', room.facilitatorToken);
    clients.push(watcher);
    await watcher.synced;
    // Sync message, step 1, then a state vector that announces five clients and holds none.
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint8Array(e, Uint8Array.from([5]));
    const { code } = await sendAndAwaitClose({ kind: 'unreadable state vector', data: encoding.toUint8Array(e) }, 'a step 1 with an unreadable state vector');
    expect(code).toBe(4400);
    const note = writeNote(watcher.doc, FACILITATOR_WRITER, { text: 'after bad step 1' });
    const reader = connectDoc(server.wsUrl, room.roomId, 'board', await mustJoin(server.url, room.joinCode, 'R'));
    clients.push(reader);
    await waitFor(() => noteText(reader.doc, note) === 'after bad step 1', 5_000, 'the room to carry on after the bad step 1');
  });

  /** Shaped like a sync update whose payload is too big. */
  const oversized = (size: number): Frame => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, new Uint8Array(size).fill(7));
    return { kind: 'oversized', data: encoding.toUint8Array(e) };
  };

  test('a frame just over 1 MiB closes with 4413, and the room carries on', async () => {
    const watcher = connectDoc(server.wsUrl, room.roomId, 'board', room.facilitatorToken);
    const w = await mustJoinAs(server.url, room.joinCode, 'W');
    const writer = connectDoc(server.wsUrl, room.roomId, 'board', w.token);
    clients.push(watcher, writer);
    await Promise.all([watcher.synced, writer.synced]);

    const frame = oversized(MIB + 1024);
    expect(frame.data.length).toBeGreaterThan(MIB);
    const { code } = await sendAndAwaitClose(frame, `a ${frame.data.length}-byte frame`);
    expect(code, `close code for a ${frame.data.length}-byte frame`).toBe(4413);

    const note = writeNote(writer.doc, w, { text: 'after huge' });
    await waitFor(() => noteText(watcher.doc, note) === 'after huge', 5_000, 'a normal write after the oversized frames');
    const health = await fetch(server.url + '/healthz');
    expect(health.status).toBe(200);
  });

  test('a frame far over 1 MiB (5 MiB) also closes with 4413, not a generic code', async () => {
    // shared/API.md: 4413 "message too large". Stock y-websocket clients stop retrying on 44xx
    // codes; on 1009 they reconnect and may resend the same message forever.
    const frame = oversized(5 * MIB);
    const { code } = await sendAndAwaitClose(frame, `a ${frame.data.length}-byte frame`);
    expect(code, `close code for a ${frame.data.length}-byte frame`).toBe(4413);
    const health = await fetch(server.url + '/healthz');
    expect(health.status).toBe(200);
  });
});
