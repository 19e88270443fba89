import { describe, expect, test } from 'vitest';
import type * as Y from 'yjs';
import { createNote } from '@tributary/shared/board/mutations';
import { notesMap } from '@tributary/shared/board/schema';
import { pace, waitFor, type DocClient } from '../helpers/clients.ts';
import { useServer } from '../helpers/fixture.ts';

// "kill -9 at any moment loses no update that any other client has already received" and
// "SIGTERM/SIGINT: stop accepting, flush everything to storage, close sockets, exit 0"
// (DESIGN.md section 5, shared/API.md "Starting the server"). The server runs as a child process.

function noteTexts(doc: Y.Doc): Set<string> {
  const texts = new Set<string>();
  for (const note of notesMap(doc).values()) {
    const text = note.get('text');
    if (typeof text === 'string') texts.add(text);
  }
  return texts;
}

/** Writes `count` notes, each in its own transaction (so each is its own update message). */
async function writeNotes(doc: Y.Doc, count: number, prefix: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    createNote(doc, { text: `${prefix} ${i}`, pos: { x: (i % 25) * 200, y: Math.floor(i / 25) * 160 } });
    // A short pause now and then, like fast typists rather than one synchronous loop.
    if (i % 50 === 49) await pace(5);
  }
}

describe('durability across process deaths', () => {
  // A child process, fresh for each test; it is killed here and started again on the same DATA_DIR.
  const server = useServer({ per: 'test', process: 'child' });
  const connect = (roomId: string, token: string): DocClient => server.doc(roomId, 'board', token);

  test('SIGKILL loses none of 500 updates that another client has received', async () => {
    const first = server.child;
    const room = await server.room('Durable');
    const participant = await server.join(room.joinCode, 'B');
    const a = connect(room.roomId, room.facilitatorToken);
    const b = connect(room.roomId, participant);
    await Promise.all([a.synced, b.synced]);

    await writeNotes(a.doc, 500, 'durable note');
    await waitFor(() => notesMap(b.doc).size === 500, 15_000, `B to receive all 500 notes (has ${notesMap(b.doc).size})`);

    first.kill('SIGKILL');
    const exit = await first.exited;
    expect(exit.signal).toBe('SIGKILL');
    await server.closeOpened();

    await server.restart();
    const fresh = connect(room.roomId, participant);
    await fresh.synced;
    const texts = noteTexts(fresh.doc);
    const missing: number[] = [];
    for (let i = 0; i < 500; i++) if (!texts.has(`durable note ${i}`)) missing.push(i);
    expect(missing, `notes missing after SIGKILL and restart (of 500)`).toEqual([]);
    expect(notesMap(fresh.doc).size).toBe(500);
  });

  test('SIGTERM exits 0 with clients connected, and everything is there after a restart', async () => {
    const first = server.child;
    const room = await server.room('Graceful');
    const participant = await server.join(room.joinCode, 'B');
    const a = connect(room.roomId, room.facilitatorToken);
    const b = connect(room.roomId, participant);
    await Promise.all([a.synced, b.synced]);

    await writeNotes(a.doc, 100, 'graceful note');
    await waitFor(() => notesMap(b.doc).size === 100, 10_000, `B to receive all 100 notes (has ${notesMap(b.doc).size})`);

    // Clients stay connected: the server must close their sockets itself.
    first.kill('SIGTERM');
    const exit = await Promise.race([
      first.exited,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no exit within 10 s of SIGTERM. Output:\n${first.output()}`)), 10_000),
      ),
    ]);
    expect(exit, first.output().slice(-2000)).toEqual({ code: 0, signal: null });
    await server.closeOpened();

    await server.restart();
    const fresh = connect(room.roomId, room.facilitatorToken);
    await fresh.synced;
    const texts = noteTexts(fresh.doc);
    const missing: number[] = [];
    for (let i = 0; i < 100; i++) if (!texts.has(`graceful note ${i}`)) missing.push(i);
    expect(missing, 'notes missing after SIGTERM and restart (of 100)').toEqual([]);

    // Rooms and tokens survived too.
    const info = await fetch(`${server.url}/api/rooms/${room.roomId}`, {
      headers: { authorization: `Bearer ${participant}` },
    });
    expect(info.status).toBe(200);
  });
});
