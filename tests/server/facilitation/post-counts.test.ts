import path from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { postSlot } from '../../../server/src/storage/postSlots.ts';
import { useServer } from '../../helpers/fixture.ts';
import { ROOT_DIR, type CreatedRoom } from '../../helpers/server.ts';

// better-sqlite3 is installed for the server workspace, not at the root.
const Database = createRequire(path.join(ROOT_DIR, 'server/package.json'))('better-sqlite3') as typeof BetterSqlite3;

/**
 * The step's limit of notes per person is kept in storage: a restart forgets nothing, and
 * what is stored of it cannot be joined to the tokens to learn who posted which note.
 */

const STEPS = [{ title: 'Two each', prompt: 'Your two best ideas', mode: 'open', maxNotesPerPerson: 2 }];

describe('notes per person in a step, kept in storage', () => {
  const server = useServer({ per: 'test' });

  const post = (room: CreatedRoom, token: string, text: string, anonymous?: boolean) =>
    server.request('POST', `/api/rooms/${room.roomId}/notes`, { token, body: anonymous === undefined ? { text } : { text, anonymous } });

  /** Closes the server and counts the rows of post_counts, as a reader of the file would. */
  const storedSlotsAfterClose = async (): Promise<number> => {
    await server.halt();
    const db = new Database(path.join(server.dataDir, 'tributary.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM post_counts').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  const setup = async () => {
    const room = await server.room('Counted');
    const set = await server.command(room.roomId, room.facilitatorToken, { type: 'steps.set', steps: STEPS, index: 0 });
    expect(set.status, set.text).toBe(200);
    return room;
  };

  it('still holds after a restart', async () => {
    const room = await setup();
    const ana = await server.join(room.joinCode, 'Ana');
    expect((await post(room, ana, 'one')).status).toBe(201);
    expect((await post(room, ana, 'two')).status).toBe(201);

    await server.restart();

    const third = await post(room, ana, 'three');
    expect(third.status, third.text).toBe(409);
    expect(third.body.code).toBe('TRIB_NOTE_LIMIT');
    // Someone else is counted apart.
    const ben = await server.join(room.joinCode, 'Ben');
    expect((await post(room, ben, 'one')).status).toBe(201);
  });

  it('keeps nothing that joins to a token or a participant', async () => {
    const room = await setup();
    const people = await Promise.all(['Ana', 'Ben', 'Cy'].map((name) => server.join(room.joinCode, name)));
    // Ana posts one named and one anonymous note, the others one named note each.
    expect((await post(room, people[0]!, 'named')).status).toBe(201);
    expect((await post(room, people[0]!, 'anonymous', true)).status).toBe(201);
    for (const token of people.slice(1)) expect((await post(room, token, 'named')).status).toBe(201);
    await server.halt();

    const db = new Database(path.join(server.dataDir, 'tributary.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare('SELECT * FROM post_counts WHERE room_id = ?').all(room.roomId) as Array<Record<string, string>>;
      // One row per note, no count per person: four rows that cannot be grouped by who wrote them.
      expect(rows).toHaveLength(4);
      expect(Object.keys(rows[0]!).sort()).toEqual(['room_id', 'slot', 'step_key']);
      const slots = new Set(rows.map((r) => r.slot));
      expect(slots.size).toBe(4);

      // Everything stored about the people in the room, as a reader of the file would try it.
      const tokens = db.prepare('SELECT hash, participant_id FROM tokens WHERE room_id = ?').all(room.roomId) as Array<{ hash: string; participant_id: string | null }>;
      const known = tokens.flatMap((t) => [t.hash, t.participant_id]).filter((v): v is string => Boolean(v));
      expect(known.length).toBeGreaterThan(3);
      for (const value of known) {
        expect(slots.has(value)).toBe(false);
        for (let n = 0; n < 4; n++) expect(slots.has(postSlot(value, n))).toBe(false);
      }
    } finally {
      db.close();
    }
  });

  it('counts nothing in a step without a limit (a count nobody reads would only grow)', async () => {
    const room = await setup();
    const set = await server.command(room.roomId, room.facilitatorToken, { type: 'steps.set', steps: [{ title: 'Open', prompt: 'Anything', mode: 'open' }], index: 0 });
    expect(set.status, set.text).toBe(200);
    const ana = await server.join(room.joinCode, 'Ana');
    for (const text of ['one', 'two', 'three']) expect((await post(room, ana, text)).status).toBe(201);
    expect(await storedSlotsAfterClose()).toBe(0);
  });

  it('a post that fails half-way does not use up one of the person\'s notes', async () => {
    const room = await setup();
    const set = await server.command(room.roomId, room.facilitatorToken, {
      type: 'steps.set',
      steps: [{ title: 'One each, privately', prompt: 'Your best idea', mode: 'private', maxNotesPerPerson: 1 }],
      index: 0,
    });
    expect(set.status, set.text).toBe(200);
    const ana = await server.join(room.joinCode, 'Ana');
    // Storage fails once, as the sealed note is kept.
    const storage = server.app.storage;
    const putHeldNote = storage.putHeldNote.bind(storage);
    let failures = 1;
    storage.putHeldNote = async (note) => {
      if (failures-- > 0) throw new Error('disk full');
      return putHeldNote(note);
    };
    expect((await post(room, ana, 'my idea')).status).toBeGreaterThanOrEqual(500);
    const again = await post(room, ana, 'my idea');
    expect(again.status, again.text).toBe(201);
    expect((await post(room, ana, 'a second')).body.code).toBe('TRIB_NOTE_LIMIT');
  });

  it('goes with its room', async () => {
    const room = await setup();
    const ana = await server.join(room.joinCode, 'Ana');
    expect((await post(room, ana, 'one')).status).toBe(201);
    const storage = server.app.storage;
    expect(await storage.postCount(room.roomId, '0', 'nobody')).toBe(0);
    await storage.deleteRoom(room.roomId);
    expect(await storedSlotsAfterClose()).toBe(0);
  });
});
