import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PostgresStorage } from '../../../server/src/storage/postgres.ts';
import { SqliteStorage } from '../../../server/src/storage/sqlite.ts';
import type { Storage } from '../../../server/src/storage/types.ts';
import { makeTempDir } from '../../helpers/server.ts';
import { freshSchema } from '../scale/backends.ts';

// Facilitators' method libraries (migration 009) behave the same on both backends: found by
// token hash, every method read and written through its own library, the cap held under
// concurrent saves, and deletion (by hand or by the sweep) taking the methods with the library.

const id = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;
const method = (title: string) => ({ id: id('m'), title, definition: JSON.stringify({ title }), savedAt: Date.now() });

const backends: Array<[string, () => Promise<{ storage: Storage; cleanup: () => Promise<void> }>]> = [
  ['SQLite', async () => {
    const storage = await SqliteStorage.open(makeTempDir());
    return { storage, cleanup: () => storage.close() };
  }],
  ['PostgreSQL', async () => {
    const db = await freshSchema();
    const storage = await PostgresStorage.open({ connectionString: db.url, schema: db.schema });
    return { storage, cleanup: async () => (await storage.close(), await db.drop()) };
  }],
];

describe.each(backends)('method libraries on %s', (_name, open) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ storage, cleanup } = await open());
  });
  afterAll(async () => cleanup?.());

  async function newLibrary(lastUsedAt = Date.now()) {
    const library = { id: id('lib'), tokenHash: id('hash'), createdAt: lastUsedAt, lastUsedAt };
    await storage.libraries.createLibrary(library);
    return library;
  }

  test('found by token hash; methods listed, read and deleted only through their own library', async () => {
    const mine = await newLibrary();
    const theirs = await newLibrary();
    expect((await storage.libraries.useLibrary(mine.tokenHash, Date.now()))?.id).toBe(mine.id);
    expect(await storage.libraries.useLibrary('no-such-hash', Date.now())).toBeNull();
    const saved = method('Check-in');
    expect(await storage.libraries.addMethod(mine.id, saved, 10)).toBe(true);
    expect(await storage.libraries.listMethods(mine.id)).toEqual([{ id: saved.id, title: 'Check-in', savedAt: saved.savedAt }]);
    expect(await storage.libraries.getMethod(mine.id, saved.id)).toEqual(saved);
    expect(await storage.libraries.listMethods(theirs.id)).toEqual([]);
    expect(await storage.libraries.getMethod(theirs.id, saved.id)).toBeNull();
    expect(await storage.libraries.deleteMethod(theirs.id, saved.id)).toBe(false);
    expect(await storage.libraries.deleteMethod(mine.id, saved.id)).toBe(true);
    expect(await storage.libraries.getMethod(mine.id, saved.id)).toBeNull();
  });

  test('the cap holds when saves arrive together', async () => {
    const library = await newLibrary();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => storage.libraries.addMethod(library.id, method(`M${i}`), 5)));
    expect(results.filter(Boolean)).toHaveLength(5);
    expect(await storage.libraries.listMethods(library.id)).toHaveLength(5);
  });

  test('a deleted or long-unused library takes its methods with it', async () => {
    const gone = await newLibrary();
    const idle = await newLibrary(Date.now() - 400 * 86_400_000);
    const kept = await newLibrary();
    const [a, b, c] = [method('A'), method('B'), method('C')];
    await storage.libraries.addMethod(gone.id, a, 10);
    await storage.libraries.addMethod(idle.id, b, 10);
    await storage.libraries.addMethod(kept.id, c, 10);
    await storage.libraries.deleteLibrary(gone.id);
    expect(await storage.libraries.getMethod(gone.id, a.id)).toBeNull();
    expect(await storage.libraries.deleteIdleLibraries(Date.now() - 365 * 86_400_000)).toBeGreaterThanOrEqual(1);
    expect(await storage.libraries.useLibrary(idle.tokenHash, Date.now())).toBeNull();
    expect(await storage.libraries.getMethod(idle.id, b.id)).toBeNull();
    expect(await storage.libraries.getMethod(kept.id, c.id)).toEqual(c);
  });
});
