import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { MIGRATION_NAMES } from '../../../server/src/storage/migrations/history.ts';
import { PostgresStorage } from '../../../server/src/storage/postgres.ts';
import type { Storage } from '../../../server/src/storage/types.ts';
import { freshSchema } from '../scale/backends.ts';
import { legacyAdoption } from './adoption.ts';
import { storageContract } from './contract.ts';
import { legacyPostgres } from './legacySchema.ts';

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
      const recorded = await db.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name');
      expect(recorded.map((r) => r.name)).toEqual([...MIGRATION_NAMES]);
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
      await storage.countPost(room.id, 'step', 'poster', null);
      await storage.images.put({ roomId: room.id, id: 'img_del', type: 'image/png', bytes: new Uint8Array([1]) }, 10);
      await storage.results.publish({ tokenHash: 'rh', roomId: room.id, salt: 's', publishedAt: 1 });
      await storage.putWordFilter(room.id, { enabled: true, words: { en: ['w'] } });
      const tables = (await db.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [db.schema]))
        .map((r) => r.table_name)
        .filter((t) => !t.startsWith('kysely_migration'))
        // Facilitators' own methods are not room data: nothing in them names a room (migration 009).
        .filter((t) => t !== 'method_libraries' && t !== 'library_methods');
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

legacyAdoption('PostgreSQL', async (version) => {
  const db = await freshSchema();
  // The schema as the old PostgresStorage left it, in the test's own schema.
  const client = new pg.Client({ connectionString: db.url, options: `-c search_path=${db.schema}` });
  await client.connect();
  await client.query(`CREATE SCHEMA ${db.schema}`);
  await legacyPostgres(client, version);
  return {
    async exec(sql, params = []) {
      let n = 0;
      await client.query(sql.replace(/\?/g, () => `$${++n}`), params);
    },
    open: () => PostgresStorage.open({ connectionString: db.url, schema: db.schema }),
    async schema() {
      const rows = async (sql: string): Promise<unknown[]> => (await client.query(sql, [db.schema])).rows.map((row: Record<string, unknown>) => JSON.parse(JSON.stringify(row).replaceAll(db.schema, 'SCHEMA')));
      return {
        columns: await rows(
          "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = $1 AND table_name NOT LIKE 'kysely%' ORDER BY table_name, column_name",
        ),
        constraints: await rows(
          "SELECT c.conrelid::regclass::text AS on_table, c.conname, pg_get_constraintdef(c.oid) AS definition FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1 AND c.conrelid::regclass::text NOT LIKE 'kysely%' ORDER BY 1, 2",
        ),
        indexes: await rows("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename NOT LIKE 'kysely%' ORDER BY 1, 2"),
      };
    },
    async recorded() {
      const tracked = (await client.query<{ present: boolean }>("SELECT to_regclass('kysely_migration') IS NOT NULL AS present")).rows[0]!.present;
      const migrations = tracked ? (await client.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name')).rows.map((r) => r.name) : [];
      const tracker = await client.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
      const legacyVersion = tracker.rows[0]!.present ? (await client.query<{ v: number }>('SELECT max(version) AS v FROM schema_migrations')).rows[0]!.v : null;
      return { migrations, legacyVersion };
    },
    async cleanup() {
      await client.end();
      await db.drop();
    },
  };
});
