import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { setNoteText } from '@tributary/shared/board/mutations';
import { NOTE_TEXT_MAX } from '@tributary/shared/board/records';
import { FACILITATOR_WRITER, noteText, writeNote } from '../../helpers/board.ts';
import { closedWithin, docUrl, encodeUpdateMessage, pace, rawRoundTrip, waitFor } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';

// "A client that stops reading is disconnected and server memory stays bounded" (issue 6).
// The server stops sending to a socket once 16 MiB (WS_MAX_BUFFERED_BYTES) wait unread for it
// and closes it with 4429. The server runs in this process so the test can read each socket's
// buffered bytes; process RSS is printed too, but it also holds the test's clients and
// whatever garbage the collector has not taken back yet, so it is only reported.

const MIB = 1024 * 1024;
const CAP = 16 * MIB;

const server = useServer();

async function metric(url: string, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

describe('a client that stops reading', () => {
  test('is closed with 4429 and what the server buffers for it stays under the cap', async () => {
    const room = await server.room('Slow reader');
    const url = docUrl(server.wsUrl, room.roomId, 'board', room.facilitatorToken);

    // A bystander that reads normally, to show the room carries on.
    const bystander = server.doc(room.roomId, 'board', room.facilitatorToken);
    await bystander.synced;

    const slow = server.raw(url);
    await slow.opened;
    // The server's first messages are read before the socket stops reading.
    await rawRoundTrip(slow);
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();

    const writer = server.raw(url);
    await writer.opened;

    const wss = server.app.websocketServer;
    let maxBuffered = 0;
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      for (const client of wss.clients) maxBuffered = Math.max(maxBuffered, client.bufferedAmount);
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 20);

    // 50 updates a second (under the 60/s budget), 256 KiB each, rewriting the text of the same
    // 256 notes (the facilitator's, 1,000 characters each) so the document itself stays small:
    // about 75 MiB in six seconds, relayed to everyone.
    const doc = new Y.Doc();
    const frames: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => frames.push(encodeUpdateMessage(update)));
    const noteIds = Array.from({ length: 256 }, (_, n) => `note_big-${n}`);
    const bigText = (i: number): string => `${i}:${randomBytes(742).toString('base64')}`.slice(0, NOTE_TEXT_MAX);
    // One transaction, one frame: nested transactions join the outer one.
    doc.transact(() => {
      for (const id of noteIds) writeNote(doc, FACILITATOR_WRITER, { text: bigText(-1) }, id);
    });
    writer.ws.send(frames.shift()!);
    let written = 0;
    let largest = 0;
    let last = '';
    for (let i = 0; i < 300; i++) {
      doc.transact(() => {
        for (const id of noteIds) {
          last = bigText(i);
          setNoteText(doc, id, last);
        }
      });
      const frame = frames.shift()!;
      writer.ws.send(frame);
      written += frame.byteLength;
      largest = Math.max(largest, frame.byteLength);
      await pace(20);
    }
    const lastId = noteIds[noteIds.length - 1]!;
    await waitFor(() => noteText(bystander.doc, lastId) === last, 30_000, 'the bystander to get the last value');
    clearInterval(sampler);

    const outbound = await metric(server.url, 'tributary_rate_limited_closes_total', '{direction="outbound"}');
    const mib = (n: number) => (n / MIB).toFixed(1);
    console.log(
      `slow reader: ${mib(written)} MiB written and relayed; most buffered for one socket ${mib(maxBuffered)} MiB ` +
        `(cap ${mib(CAP)} MiB); test process RSS ${mib(rssBefore)} -> peak ${mib(rssPeak)} MiB; outbound 4429 closes: ${outbound}`,
    );
    expect(outbound).toBe(1);
    // Checked before each send: at most the cap plus one frame (and its websocket header).
    expect(maxBuffered).toBeLessThanOrEqual(CAP + largest + 64);
    expect(maxBuffered).toBeGreaterThan(CAP / 2);

    // Reading again, the slow client finds the data that was already on its way, then the 4429.
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    const closed = await closedWithin(slow, 20_000, 'the slow reader to be closed');
    console.log(`slow reader closed with ${closed.code} ${closed.reason}`);
    expect(closed.code).toBe(4429);
    expect(writer.ws.readyState).toBe(writer.ws.OPEN);
    expect(bystander.closes.filter((c) => c.code >= 4000)).toEqual([]);
  }, 90_000);
});
