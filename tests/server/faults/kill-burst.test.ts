import { describe, expect, test } from 'vitest';
import type * as Y from 'yjs';
import { createNote } from '@tributary/shared/board/mutations';
import { notesMap } from '@tributary/shared/board/schema';
import { pace, waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';

// "SIGKILL during a write burst loses no update another client received" (issue 6).
// tests/server/durability.test.ts kills the server after a burst has been received in full; here
// the kill lands while A is still writing, and what matters is exactly what B had seen at that
// moment: every note B received must be in the restarted server's document. Three rounds on
// the same DATA_DIR. The write budget is raised so the burst runs at full speed and storage
// batching, not throttling, is what is being tested.

const ROUNDS = 3;

function noteTexts(doc: Y.Doc): string[] {
  const texts: string[] = [];
  for (const note of notesMap(doc).values()) {
    const text = note.get('text');
    if (typeof text === 'string') texts.push(text);
  }
  return texts;
}

describe('SIGKILL during a write burst', () => {
  const server = useServer({
    process: 'child',
    env: { WS_UPDATES_PER_SECOND: '100000', WS_UPDATE_BURST: '100000', WS_MAX_QUEUED_FRAMES: '100000' },
  });
  const connect = (roomId: string, token: string): DocClient => server.doc(roomId, 'board', token);

  test('loses none of the updates another client had received', async () => {
    const room = await server.room('Kill burst');
    const received = new Set<string>();
    let written = 0;

    for (let round = 0; round < ROUNDS; round++) {
      const child = server.child;
      const a = connect(room.roomId, room.facilitatorToken);
      const b = connect(room.roomId, room.facilitatorToken);
      await Promise.all([a.synced, b.synced]);
      const notes = notesMap(b.doc);
      const prefix = `round ${round} `;
      let thisRound = 0;
      const add = (text: unknown): void => {
        if (typeof text !== 'string' || received.has(text)) return;
        received.add(text);
        if (text.startsWith(prefix)) thisRound++;
      };
      for (const text of noteTexts(b.doc)) add(text);
      // Notes are created whole in one transaction, so a new key carries its text already.
      const record = (event: Y.YMapEvent<Y.Map<unknown>>): void => {
        for (const key of event.keysChanged) add(notes.get(key)?.get('text'));
      };
      notes.observe(record);

      // A writes fast, one note per transaction, yielding now and then so the sockets move (at
      // most 1,500 a round); the server is killed once B has seen 300 of this round's notes.
      let stop = false;
      const writing = (async () => {
        for (let i = 0; !stop && i < 1500; i++) {
          createNote(a.doc, { text: `round ${round} note ${i}`, pos: { x: (i % 40) * 150, y: Math.floor(i / 40) * 120 } });
          written++;
          if (i % 10 === 9) await pace(1);
        }
      })();
      await waitFor(() => thisRound >= 300, 20_000, `B to receive 300 notes of round ${round}`, 5).catch((error: unknown) => {
        stop = true;
        throw new Error(
          `${String(error)}; A has ${notesMap(a.doc).size} notes, B ${notes.size}; closes A ${JSON.stringify(a.closes)} ` +
            `B ${JSON.stringify(b.closes)}; server output:\n${child.output().slice(-1500)}`,
        );
      });
      child.kill('SIGKILL');
      const exit = await child.exited;
      stop = true;
      await writing;
      notes.unobserve(record);
      expect(exit.signal).toBe('SIGKILL');
      // Nobody reconnects with unsent notes: what the restarted server has, it stored itself.
      await server.closeOpened();

      await server.restart();
      const check = connect(room.roomId, room.facilitatorToken);
      await check.synced;
      const stored = new Set(noteTexts(check.doc));
      const missing = [...received].filter((text) => !stored.has(text));
      console.log(
        `round ${round}: ${written} notes written so far, B had received ${received.size} ` +
          `(${thisRound} of this round), ` +
          `the restarted server has ${stored.size}; missing ${missing.length}`,
      );
      expect(missing.slice(0, 20), `${missing.length} notes B had received are gone after SIGKILL`).toEqual([]);
      check.destroy();
    }
  }, 120_000);
});
