import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { SqliteStorage } from '../../../server/src/storage/sqlite.ts';
import type { Storage } from '../../../server/src/storage/types.ts';
import { makeTempDir } from '../../helpers/server.ts';
import { storageContract } from './contract.ts';

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

describe('SQLite specifics', () => {
  test('a database from before presenter tokens keeps its tokens, gains revocation and takes presenter tokens', async () => {
    const dataDir = makeTempDir();
    try {
      // The schema as the first two migrations left it, with a room and a participant token.
      const fresh = new SqliteStorage(dataDir, { backgroundCheckpoints: false });
      await fresh.createRoom({ id: 'room_old', title: 'Old', template: null, joinCode: 'OLD234', createdAt: 1, lastActiveAt: 1 });
      const raw = fresh.db;
      // A database at version 3 had neither presenter tokens nor post counts.
      raw.exec(`
        DROP TABLE post_counts;
        DROP TABLE tokens;
        CREATE TABLE tokens (
          hash TEXT PRIMARY KEY,
          room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
          role TEXT NOT NULL CHECK (role IN ('facilitator', 'participant')),
          participant_id TEXT,
          name TEXT,
          created_at INTEGER NOT NULL
        );
        CREATE INDEX tokens_room ON tokens (room_id);
        INSERT INTO tokens VALUES ('hash_old', 'room_old', 'participant', 'p_old', 'Olu', 5);
      `);
      raw.pragma('user_version = 3');
      await fresh.close();

      const upgraded = new SqliteStorage(dataDir, { backgroundCheckpoints: false });
      expect(await upgraded.findToken('hash_old')).toEqual({ hash: 'hash_old', roomId: 'room_old', role: 'participant', participantId: 'p_old', name: 'Olu', createdAt: 5, revokedAt: null });
      await upgraded.addToken({ hash: 'hash_screen', roomId: 'room_old', role: 'presenter', participantId: null, name: null, createdAt: 6 });
      expect((await upgraded.findToken('hash_screen'))?.role).toBe('presenter');
      expect(await upgraded.revokeParticipant('room_old', 'p_old', 7)).toBe(1);
      expect(await upgraded.listParticipants('room_old')).toEqual([]);
      // Deleting the room still takes its tokens with it.
      await upgraded.deleteRoom('room_old');
      expect(await upgraded.findToken('hash_screen')).toBeNull();
      await upgraded.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
