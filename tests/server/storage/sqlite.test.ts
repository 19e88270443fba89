import fs from 'node:fs';
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
