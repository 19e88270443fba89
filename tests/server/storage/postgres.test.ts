import { describe, expect, test } from 'vitest';
import { PostgresStorage } from '../../../server/src/storage/postgres.ts';
import type { Storage } from '../../../server/src/storage/types.ts';
import { freshSchema } from '../scale/backends.ts';
import { storageContract } from './contract.ts';

storageContract('PostgreSQL', async () => {
  const db = await freshSchema();
  const opened: Storage[] = [];
  return {
    async open() {
      const storage = await PostgresStorage.open({ connectionString: db.url, schema: db.schema });
      opened.push(storage);
      return storage;
    },
    async cleanup() {
      for (const storage of opened) await storage.close();
      await db.drop();
    },
  };
});

describe('PostgreSQL specifics', () => {
  test('migrations run once, are recorded, and several processes may start together', async () => {
    const db = await freshSchema();
    try {
      const handles = await Promise.all([1, 2, 3].map(() => PostgresStorage.open({ connectionString: db.url, schema: db.schema })));
      const versions = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(versions.map((r) => r.version)).toEqual([1, 2, 3, 4, 5]);
      await Promise.all(handles.map((h) => h.close()));
    } finally {
      await db.drop();
    }
  });

  test('deleteRoom leaves no row of the room in any table', async () => {
    const db = await freshSchema();
    const storage = await PostgresStorage.open({ connectionString: db.url, schema: db.schema });
    try {
      const room = { id: 'room_del', title: 't', template: null, joinCode: 'DEL123', createdAt: 1, lastActiveAt: 1 };
      await storage.createRoom(room);
      await storage.addToken({ hash: 'h', roomId: room.id, role: 'participant', participantId: 'p', name: null, createdAt: 1 });
      const seq = await storage.appendUpdates(room.id, 'board', [new Uint8Array([0, 0])]);
      await storage.compact(room.id, 'board', new Uint8Array([0, 0]), seq);
      await storage.appendUpdates(room.id, 'board', [new Uint8Array([0, 0])]);
      await storage.putHeldNote({ id: 'n', roomId: room.id, state: 'hidden', stepIndex: 0, data: { text: 'x', color: 'yellow', areaId: null, anonymous: true }, editKeyHash: null });
      await storage.setNoteKey(room.id, 'n2', 'k');
      await storage.castVote(room.id, 1, 'v', 'n2', 1, 1);
      await storage.putIdempotentReply({ roomId: room.id, key: 'k', sealed: 's', expiresAt: Number.MAX_SAFE_INTEGER });
      await storage.countPost(room.id, '0', 'poster', null);
      const tables = (await db.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [db.schema]))
        .map((r) => r.table_name)
        .filter((t) => t !== 'schema_migrations');
      const count = async (): Promise<Record<string, number>> => {
        const out: Record<string, number> = {};
        for (const t of tables) out[t] = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${t} WHERE ${t === 'rooms' ? 'id' : 'room_id'} = $1`, [room.id]))[0]!.n);
        return out;
      };
      expect(Object.values(await count()).every((n) => n > 0)).toBe(true);
      await storage.deleteRoom(room.id);
      expect(Object.values(await count()).every((n) => n === 0)).toBe(true);
    } finally {
      await storage.close();
      await db.drop();
    }
  });
});
