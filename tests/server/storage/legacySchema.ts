import type Database from 'better-sqlite3';
import type pg from 'pg';

/*
 * The schema as the hand-kept trackers built it before Kysely's migrator (main at b8a4d96:
 * server/src/storage/sqlite.ts and postgres.ts, copied verbatim), so tests can make a database
 * exactly as a running server of that version left it.
 */

/** SQLite: step v (0-based) brought `PRAGMA user_version` to v + 1. */
export const LEGACY_SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE rooms (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    template TEXT,
    join_code TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_active_at INTEGER NOT NULL
  );
  CREATE INDEX rooms_last_active ON rooms (last_active_at);
  CREATE TABLE tokens (
    hash TEXT PRIMARY KEY,
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('facilitator', 'participant')),
    participant_id TEXT,
    name TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX tokens_room ON tokens (room_id);
  CREATE TABLE doc_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    doc TEXT NOT NULL,
    data BLOB NOT NULL
  );
  CREATE INDEX doc_updates_doc ON doc_updates (room_id, doc, seq);
  CREATE TABLE doc_snapshots (
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    doc TEXT NOT NULL,
    data BLOB NOT NULL,
    upto_seq INTEGER NOT NULL,
    PRIMARY KEY (room_id, doc)
  );
  `,
  `
  CREATE TABLE held_notes (
    id TEXT NOT NULL,
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('sealed', 'pending', 'hidden')),
    step_index INTEGER NOT NULL,
    data TEXT NOT NULL,
    edit_key_hash TEXT,
    PRIMARY KEY (room_id, id)
  ) WITHOUT ROWID;
  CREATE TABLE note_keys (
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    note_id TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    PRIMARY KEY (room_id, note_id)
  ) WITHOUT ROWID;
  CREATE TABLE ballots (
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    voter_key TEXT NOT NULL,
    note_id TEXT NOT NULL,
    count INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (room_id, round, voter_key, note_id)
  ) WITHOUT ROWID;
  `,
  `
  CREATE TABLE idempotent_replies (
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    sealed TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (room_id, key)
  ) WITHOUT ROWID;
  CREATE INDEX idempotent_replies_expiry ON idempotent_replies (expires_at);
  `,
  // Presenter tokens, and participants the facilitator removed. SQLite cannot change a CHECK
  // constraint in place, so the table is rebuilt (nothing references it).
  `
  CREATE TABLE tokens_v3 (
    hash TEXT PRIMARY KEY,
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('facilitator', 'participant', 'presenter')),
    participant_id TEXT,
    name TEXT,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
  );
  INSERT INTO tokens_v3 (hash, room_id, role, participant_id, name, created_at)
    SELECT hash, room_id, role, participant_id, name, created_at FROM tokens;
  DROP TABLE tokens;
  ALTER TABLE tokens_v3 RENAME TO tokens;
  CREATE INDEX tokens_room ON tokens (room_id, participant_id);
  `,
];

/** PostgreSQL: step v (0-based) was recorded in schema_migrations as version v + 1. */
export const LEGACY_POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE rooms (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    template TEXT,
    join_code TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_active_at BIGINT NOT NULL
  );
  CREATE INDEX rooms_last_active ON rooms (last_active_at);
  CREATE TABLE tokens (
    hash TEXT PRIMARY KEY,
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('facilitator', 'participant')),
    participant_id TEXT,
    name TEXT,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX tokens_room ON tokens (room_id);
  CREATE TABLE doc_updates (
    seq BIGSERIAL PRIMARY KEY,
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    doc TEXT NOT NULL,
    data BYTEA NOT NULL
  );
  CREATE INDEX doc_updates_doc ON doc_updates (room_id, doc, seq);
  CREATE TABLE doc_snapshots (
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    doc TEXT NOT NULL,
    data BYTEA NOT NULL,
    upto_seq BIGINT NOT NULL,
    PRIMARY KEY (room_id, doc)
  );
  `,
  `
  CREATE TABLE held_notes (
    id TEXT NOT NULL,
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('sealed', 'pending', 'hidden')),
    step_index INTEGER NOT NULL,
    data TEXT NOT NULL,
    edit_key_hash TEXT,
    PRIMARY KEY (room_id, id)
  );
  CREATE TABLE note_keys (
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    note_id TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    PRIMARY KEY (room_id, note_id)
  );
  CREATE TABLE ballots (
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    voter_key TEXT NOT NULL,
    note_id TEXT NOT NULL,
    count INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (room_id, round, voter_key, note_id)
  );
  `,
  `
  CREATE TABLE idempotent_replies (
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    sealed TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (room_id, key)
  );
  CREATE INDEX idempotent_replies_expiry ON idempotent_replies (expires_at);
  `,
  // Presenter tokens, and participants the facilitator removed (as in sqlite.ts).
  `
  ALTER TABLE tokens DROP CONSTRAINT tokens_role_check;
  ALTER TABLE tokens ADD CONSTRAINT tokens_role_check CHECK (role IN ('facilitator', 'participant', 'presenter'));
  ALTER TABLE tokens ADD COLUMN revoked_at BIGINT;
  DROP INDEX tokens_room;
  CREATE INDEX tokens_room ON tokens (room_id, participant_id);
  `,
];

/** Builds the legacy SQLite schema up to `version`, as the old SqliteStorage did on open. */
export function legacySqlite(db: Database.Database, version: number): void {
  for (let v = 0; v < version; v++) {
    db.transaction(() => {
      db.exec(LEGACY_SQLITE_MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** Builds the legacy PostgreSQL schema up to `version` in the client's search_path, as the old PostgresStorage did on open. */
export async function legacyPostgres(client: pg.ClientBase, version: number): Promise<void> {
  await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
  for (let v = 0; v < version; v++) {
    await client.query(LEGACY_POSTGRES_MIGRATIONS[v]!);
    await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [v + 1, Date.now()]);
  }
}
