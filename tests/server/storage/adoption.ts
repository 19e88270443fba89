import { afterEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createNote } from '@tributary/shared/board/mutations';
import { listNotes } from '@tributary/shared/board/queries';
import { MIGRATION_NAMES } from '../../../server/src/storage/migrations/history.ts';
import type { HeldNote, Storage } from '../../../server/src/storage/types.ts';

/**
 * A database made by the hand-kept migrations before Kysely's (legacySchema.ts), opened by
 * today's storage: run against each backend (sqlite.test.ts, postgres.test.ts).
 */
export interface LegacyDatabase {
  /** Runs one statement on the legacy database (`?` placeholders). */
  exec(sql: string, params?: unknown[]): Promise<void>;
  /** Opens it with today's storage. */
  open(): Promise<Storage>;
  /** The database's tables, columns, keys, constraints and indexes, in a form two databases can be compared by. */
  schema(): Promise<unknown>;
  /** The steps Kysely recorded, and the old tracker's version (null once it is retired). */
  recorded(): Promise<{ migrations: string[]; legacyVersion: number | null }>;
  cleanup(): Promise<void>;
}

const ROOM = { id: 'room_old', title: 'Old room', template: 'world-cafe', joinCode: 'OLD234', createdAt: 1_000, lastActiveAt: 2_000 };

/** A board with one note, as a client would have sent it. */
function boardWithNote(): { update: Uint8Array; noteId: string } {
  const doc = new Y.Doc();
  const noteId = createNote(doc, { text: 'Saved before the upgrade', pos: { x: 10, y: 20 } });
  return { update: Y.encodeStateAsUpdate(doc), noteId };
}

export function legacyAdoption(name: string, makeLegacy: (version: number) => Promise<LegacyDatabase>): void {
  describe(`${name}: a database from the hand-kept migrations`, () => {
    let legacy: LegacyDatabase | undefined;
    const opened: Storage[] = [];
    const open = async (): Promise<Storage> => {
      const storage = await legacy!.open();
      opened.push(storage);
      return storage;
    };
    afterEach(async () => {
      for (const storage of opened.splice(0)) await storage.close();
      await legacy?.cleanup();
      legacy = undefined;
    });

    test('at the last legacy version: is adopted without re-running its steps, and reads back its room, board, held notes and votes', async () => {
      legacy = await makeLegacy(4);
      const { update, noteId } = boardWithNote();
      const held: HeldNote = {
        id: 'note_held',
        roomId: ROOM.id,
        state: 'pending',
        stepIndex: 1,
        data: { text: 'waiting anonymous', color: 'yellow', areaId: null, anonymous: true, authorTag: 'tag' },
        editKeyHash: 'edit-hash',
      };
      await legacy.exec('INSERT INTO rooms (id, title, template, join_code, created_at, last_active_at) VALUES (?, ?, ?, ?, ?, ?)', [
        ROOM.id,
        ROOM.title,
        ROOM.template,
        ROOM.joinCode,
        ROOM.createdAt,
        ROOM.lastActiveAt,
      ]);
      await legacy.exec('INSERT INTO tokens (hash, room_id, role, participant_id, name, created_at) VALUES (?, ?, ?, ?, ?, ?)', ['hash_p', ROOM.id, 'participant', 'p_old', 'Olu', 5]);
      await legacy.exec('INSERT INTO doc_updates (room_id, doc, data) VALUES (?, ?, ?)', [ROOM.id, 'board', Buffer.from(update)]);
      await legacy.exec('INSERT INTO held_notes (id, room_id, state, step_index, data, edit_key_hash) VALUES (?, ?, ?, ?, ?, ?)', [
        held.id,
        ROOM.id,
        held.state,
        held.stepIndex,
        JSON.stringify(held.data),
        held.editKeyHash,
      ]);
      await legacy.exec('INSERT INTO note_keys (room_id, note_id, key_hash) VALUES (?, ?, ?)', [ROOM.id, noteId, 'key-hash']);
      // The old column name: note_id held note ids and area ids alike.
      await legacy.exec('INSERT INTO ballots (room_id, round, voter_key, note_id, count) VALUES (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)', [
        ROOM.id, 1, 'voter', noteId, 2,
        ROOM.id, 1, 'voter', 'area_old', 1,
      ]);

      const storage = await open();
      expect(await storage.getRoom(ROOM.id)).toEqual(ROOM);
      expect(await storage.findRoomByJoinCode(ROOM.joinCode)).toEqual(ROOM);
      expect(await storage.listParticipants(ROOM.id)).toEqual([{ participantId: 'p_old', name: 'Olu' }]);
      const stored = await storage.loadDoc(ROOM.id, 'board');
      const board = new Y.Doc();
      for (const u of stored.updates) Y.applyUpdate(board, u);
      expect(listNotes(board).map((note) => note.text)).toEqual(['Saved before the upgrade']);
      expect(await storage.getHeldNote(ROOM.id, held.id)).toEqual(held);
      expect(await storage.getNoteKey(ROOM.id, noteId)).toBe('key-hash');
      expect(await storage.ballotOf(ROOM.id, 1, 'voter')).toEqual({ [noteId]: 2, area_old: 1 });
      expect(await storage.voteTotals(ROOM.id, 1)).toEqual({ [noteId]: 2, area_old: 1 });
      // The votes cast before the upgrade still count against the budget.
      expect(await storage.castVote(ROOM.id, 1, 'voter', noteId, 1, 3)).toEqual({ ok: false, reason: 'budget-spent' });
      expect(await storage.castVote(ROOM.id, 1, 'voter', 'area_old', -1, 3)).toEqual({ ok: true, remaining: 1, mine: { [noteId]: 2 } });
      // Tables the later steps added are there too.
      expect(await storage.countPost(ROOM.id, 'step-1', 'poster', 1)).toBe(1);
      // Step 011 widened the held notes' state check: the old row is kept, a queued one fits.
      await storage.putHeldNote({ ...held, id: 'note_queued', state: 'queued' });
      expect((await storage.listHeldNotes(ROOM.id, 'queued')).map((n) => n.id)).toEqual(['note_queued']);
      expect(await storage.getHeldNote(ROOM.id, held.id)).toEqual(held);

      expect(await legacy.recorded()).toEqual({ migrations: [...MIGRATION_NAMES], legacyVersion: null });
      // Opened again, nothing is left to run and everything is still there.
      const again = await open();
      expect(await again.getRoom(ROOM.id)).toEqual(ROOM);
      expect(await again.postCount(ROOM.id, 'step-1', 'poster')).toBe(1);
      expect((await legacy.recorded()).migrations).toEqual([...MIGRATION_NAMES]);
    });

    test("a fresh database ends with the same schema as an adopted one: the first steps are the old trackers' schema", async () => {
      const fresh = await makeLegacy(0);
      try {
        opened.push(await fresh.open());
        legacy = await makeLegacy(4);
        await open();
        expect(await fresh.schema()).toEqual(await legacy.schema());
      } finally {
        for (const storage of opened.splice(0)) await storage.close();
        await fresh.cleanup();
      }
    });

    test('a step that fails leaves the database as the old tracker left it, and opening rejects', async () => {
      legacy = await makeLegacy(4);
      // In the way of the last step, which creates this table.
      await legacy.exec('CREATE TABLE post_counts (unexpected INTEGER)');
      await expect(legacy.open()).rejects.toThrow(/post_counts/);
      expect(await legacy.recorded()).toEqual({ migrations: [], legacyVersion: 4 });
    });

    test('at an older version (before presenter tokens): keeps its tokens, runs the steps it lacks, and takes presenter tokens', async () => {
      legacy = await makeLegacy(3);
      await legacy.exec('INSERT INTO rooms (id, title, template, join_code, created_at, last_active_at) VALUES (?, ?, ?, ?, ?, ?)', ['room_old', 'Old', null, 'OLD234', 1, 1]);
      await legacy.exec('INSERT INTO tokens (hash, room_id, role, participant_id, name, created_at) VALUES (?, ?, ?, ?, ?, ?)', ['hash_old', 'room_old', 'participant', 'p_old', 'Olu', 5]);

      const storage = await open();
      expect(await storage.findToken('hash_old')).toEqual({ hash: 'hash_old', roomId: 'room_old', role: 'participant', participantId: 'p_old', name: 'Olu', createdAt: 5, revokedAt: null });
      await storage.addToken({ hash: 'hash_screen', roomId: 'room_old', role: 'presenter', participantId: null, name: null, createdAt: 6 });
      expect((await storage.findToken('hash_screen'))?.role).toBe('presenter');
      expect(await storage.revokeParticipant('room_old', 'p_old', 7)).toBe(1);
      expect(await storage.listParticipants('room_old')).toEqual([]);
      // Deleting the room still takes its tokens with it.
      await storage.deleteRoom('room_old');
      expect(await storage.findToken('hash_screen')).toBeNull();
      expect(await legacy.recorded()).toEqual({ migrations: [...MIGRATION_NAMES], legacyVersion: null });
    });
  });
}
