import { describe, expect, test } from 'vitest';
import { SqliteStorage } from '../../../server/src/storage/sqlite.ts';
import type { Room } from '../../../server/src/sync/room.ts';
import { waitFor } from '../../helpers/clients.ts';
import { FACILITATOR_WRITER, writeNote } from '../../helpers/board.ts';
import { useServer, type ServerFixture } from '../../helpers/fixture.ts';

/**
 * The end-of-turn group commit (sync/groupCommit.ts) belongs to one SyncServer: the rooms of one
 * server written in the same turn reach storage in one microtask drain (so SQLite commits them
 * as one transaction), and the rooms of another server in the same process never join them.
 *
 * How it is seen: every append is logged, and then a chain of microtasks is run that logs its end.
 * Appends made in one drain are logged before the first of those chains ends; an append made in
 * a later setImmediate is logged only after the earlier drain, chains included, is over.
 */

const log: string[] = [];
/** Room id → the label its appends are logged under. */
const labels = new Map<string, string>();

/** A real SQLite storage whose appends are logged as `<label>:append`, then `<label>:drained`. */
function loggedStorage(dataDir: string): SqliteStorage {
  const storage = new SqliteStorage(dataDir);
  const append = storage.appendUpdates.bind(storage);
  storage.appendUpdates = (roomId, doc, updates) => {
    const label = labels.get(roomId) ?? roomId;
    log.push(`${label}:append`);
    let chain = Promise.resolve();
    for (let i = 0; i < 20; i++) chain = chain.then(() => undefined);
    void chain.then(() => log.push(`${label}:drained`));
    return append(roomId, doc, updates);
  };
  return storage;
}

// Two servers in this one process, each fresh for each test, each on its own logged storage.
const one = useServer({ per: 'test', config: (dataDir) => ({ storage: loggedStorage(dataDir) }) });
const two = useServer({ per: 'test', config: (dataDir) => ({ storage: loggedStorage(dataDir) }) });

async function loadedRoom(server: ServerFixture, label: string): Promise<Room> {
  const { roomId } = await server.room();
  labels.set(roomId, label);
  const room = await server.app.sync.getRoom(roomId);
  await room.flush();
  return room;
}

/** One note on each room, all in this one turn of the event loop. */
function writeInOneTurn(rooms: Room[]): void {
  for (const room of rooms) room.transactServer('board', (doc) => writeNote(doc, FACILITATOR_WRITER, { text: 'same turn' }));
}

describe('group commit', () => {
  test('two rooms of one server written in one turn reach storage in one drain', async () => {
    const a = await loadedRoom(one, 'A');
    const b = await loadedRoom(one, 'B');
    log.splice(0);
    writeInOneTurn([a, b]);
    await waitFor(() => log.length === 4, 5000, 'both appends and their drains');
    expect(log).toEqual(['A:append', 'B:append', 'A:drained', 'B:drained']);
  });

  test('two servers in one process do not share it: each commits its own rooms', async () => {
    const a = await loadedRoom(one, 'A');
    const b = await loadedRoom(two, 'B');
    log.splice(0);
    writeInOneTurn([a, b]);
    await waitFor(() => log.length === 4, 5000, 'both appends and their drains');
    expect(log).toEqual(['A:append', 'A:drained', 'B:append', 'B:drained']);
  });
});
