import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import type WebSocket from 'ws';
import { createNote } from '@tributary/shared/board/mutations';
import { notesMap } from '@tributary/shared/board/schema';
import { FACILITATOR_WRITER, noteText, writeNote } from '../../helpers/board.ts';
import { defaultConfig } from '../../../server/src/index.ts';
import { encodeSyncStep1, encodeUpdateMessage, waitFor } from '../../helpers/clients.ts';
import { useServer, type ServerFixture } from '../../helpers/fixture.ts';

// permessage-deflate for large frames (DESIGN.md section 4): a board's first sync goes out
// compressed to a client that offers the extension, small frames go out as they are, and
// WS_DEFLATE=0 (config.websocket.deflate false) turns it off.

const base = defaultConfig();
/** The same server twice: with permessage-deflate (the default), and with WS_DEFLATE=0. */
const deflateOn = useServer({ config: { websocket: { ...base.websocket, deflate: true } } });
const deflateOff = useServer({ config: { websocket: { ...base.websocket, deflate: false } } });

/** A board of 300 notes, written by a stock client and stored. */
async function fillBoard(server: ServerFixture): Promise<{ roomId: string; token: string }> {
  const room = await server.room();
  const writer = server.doc(room.roomId, 'board', room.facilitatorToken);
  await writer.synced;
  writer.doc.transact(() => {
    for (let i = 0; i < 300; i++) createNote(writer.doc, { text: `a note with some words in it, number ${i}`, pos: { x: i * 10, y: 0 } });
  });
  // A second client seeing them means they are stored (nothing is relayed before).
  const reader = server.doc(room.roomId, 'board', room.facilitatorToken);
  await waitFor(() => notesMap(reader.doc).size === 300, 10_000, 'the notes to be stored');
  return { roomId: room.roomId, token: room.facilitatorToken };
}

function socketBytesRead(ws: WebSocket): number {
  return (ws as unknown as { _socket: { bytesRead: number } })._socket.bytesRead;
}

/** Opens a raw socket, asks for everything, and measures the step 2 against the wire. */
async function measureFirstSync(server: ServerFixture, roomId: string, token: string) {
  const socket = server.raw({ roomId, docName: 'board', token });
  await socket.opened;
  const before = socketBytesRead(socket.ws);
  socket.ws.send(encodeSyncStep1(new Y.Doc()));
  // Sync step 2 is [0, 1, ...]; the server's own step 1 and presence come first.
  await waitFor(() => socket.messages.some((m) => m[0] === 0 && m[1] === 1), 10_000, 'sync step 2');
  const step2 = socket.messages.find((m) => m[0] === 0 && m[1] === 1)!;
  const received = socket.messages.reduce((sum, m) => sum + m.byteLength, 0);
  const wire = socketBytesRead(socket.ws) - before;
  return { socket, step2, received, wire, extensions: socket.ws.extensions };
}

describe('permessage-deflate', () => {
  test('a large sync step 2 goes out compressed; small frames still work', async () => {
    const server = deflateOn;
    const { roomId, token } = await fillBoard(server);
    const { socket, step2, received, wire, extensions } = await measureFirstSync(server, roomId, token);
    console.log(`deflate on: step 2 of ${step2.byteLength} bytes, ${received} bytes of messages, ${wire} bytes on the wire`);
    expect(extensions).toBe('permessage-deflate');
    // No dictionary kept between messages on either side, and a small window: little memory.
    const params = (socket.ws as unknown as { _extensions: Record<string, { params: Record<string, unknown> }> })._extensions[
      'permessage-deflate'
    ]!.params;
    expect(params).toMatchObject({ server_no_context_takeover: true, client_no_context_takeover: true, server_max_window_bits: 11 });
    expect(step2.byteLength).toBeGreaterThan(20_000);
    expect(wire).toBeLessThan(step2.byteLength / 2);
    // Idle connections hold no zlib stream: the server releases it once the large frame is out.
    const deflateStreams = () =>
      [...server.app.websocketServer.clients].filter(
        (client) => (client as unknown as { _extensions: Record<string, { _deflate: unknown } | undefined> })._extensions['permessage-deflate']?._deflate,
      ).length;
    await waitFor(() => deflateStreams() === 0, 5_000, `no deflate streams held (${deflateStreams()})`);

    // A small update still goes both ways.
    const probe = new Y.Doc();
    const probeNote = writeNote(probe, FACILITATOR_WRITER, { text: 'a small update' });
    const reader = server.doc(roomId, 'board', token);
    await reader.synced;
    socket.ws.send(encodeUpdateMessage(Y.encodeStateAsUpdate(probe)));
    await waitFor(() => noteText(reader.doc, probeNote) === 'a small update', 5_000, 'a small update to travel');
  });

  test('WS_DEFLATE=0: no extension, the same bytes uncompressed', async () => {
    const { roomId, token } = await fillBoard(deflateOff);
    const { step2, received, wire, extensions } = await measureFirstSync(deflateOff, roomId, token);
    console.log(`deflate off: step 2 of ${step2.byteLength} bytes, ${received} bytes of messages, ${wire} bytes on the wire`);
    expect(extensions).toBe('');
    expect(wire).toBeGreaterThanOrEqual(step2.byteLength);
  });
});
