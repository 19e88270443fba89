import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { SqliteStorage } from '../../../server/src/storage/sqlite.ts';
import type { Storage } from '../../../server/src/storage/types.ts';
import { makeTempDir } from '../../helpers/server.ts';
import { ROOT_DIR } from '../../helpers/paths.ts';
import { legacyAdoption } from './adoption.ts';
import { storageContract } from './contract.ts';
import { legacySqlite } from './legacySchema.ts';

// better-sqlite3 is installed for the server workspace, not at the root.
const Database = createRequire(path.join(ROOT_DIR, 'server/package.json'))('better-sqlite3') as typeof BetterSqlite3;

storageContract('SQLite', async () => {
  const dataDir = makeTempDir();
  const opened: Storage[] = [];
  return {
    async open() {
      const storage = new SqliteStorage(dataDir);
      opened.push(storage);
      return storage;
    },
    async cleanup() {
      for (const storage of opened) await storage.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

legacyAdoption('SQLite', async (version) => {
  const dataDir = makeTempDir();
  // The file as the old SqliteStorage left it: WAL mode, schema built up to `version`.
  const raw = new Database(path.join(dataDir, 'tributary.sqlite'));
  raw.pragma('journal_mode = WAL');
  legacySqlite(raw, version);
  return {
    async exec(sql, params = []) {
      raw.prepare(sql).run(...params);
    },
    open: () => SqliteStorage.open(dataDir, { backgroundCheckpoints: false }),
    async schema() {
      const tables = raw
        .prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'kysely%' ORDER BY name")
        .all();
      return tables.map(({ name, sql }) => ({
        name,
        columns: raw.pragma(`table_xinfo(${name})`),
        foreignKeys: raw.pragma(`foreign_key_list(${name})`),
        withoutRowid: raw.prepare('SELECT wr FROM pragma_table_list WHERE name = ?').pluck().get(name),
        // CHECK constraints show only in the statement that made the table (quoting and case aside).
        checks: sql.replace(/["`]/g, '').toLowerCase().match(/check \([^)]*\)/g),
        indexes: (raw.pragma(`index_list(${name})`) as Array<{ name: string }>)
          .map((index) => ({ ...index, columns: raw.pragma(`index_info(${index.name})`) }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      }));
    },
    async recorded() {
      const legacyVersion = raw.pragma('user_version', { simple: true }) as number;
      return {
        migrations: raw.prepare("SELECT 1 FROM sqlite_master WHERE name = 'kysely_migration'").get()
          ? raw.prepare<[], string>('SELECT name FROM kysely_migration ORDER BY name').pluck().all()
          : [],
        legacyVersion: legacyVersion === 0 ? null : legacyVersion,
      };
    },
    async cleanup() {
      raw.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
