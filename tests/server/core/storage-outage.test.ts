import { describe, expect, test } from 'vitest';
import type { StartOptions } from '../../../server/src/index.ts';
import { SqliteStorage } from '../../../server/src/storage/sqlite.ts';
import type { Storage } from '../../../server/src/storage/types.ts';
import { waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer, type ServerFixture } from '../../helpers/fixture.ts';
import { FACILITATOR_WRITER, noteText, writeNote } from '../../helpers/board.ts';

// What the server promises while storage fails: a change it could not store is neither
// reported as done nor forgotten. A command that depends on its change being stored answers
// 503 and leaves everything as it was; a room with unsaved changes stays in memory until they
// are saved; a room deleted while people are in it closes their connections with 4410.

function client(server: ServerFixture, roomId: string, token: string, doc = 'board'): DocClient {
  return server.doc(roomId, doc, token);
}

/** Real SQLite whose document appends can be made to fail. */
function flakyStorage(dataDir: string): { storage: Storage; setFailing(on: boolean): void; failures(): number } {
  const real = new SqliteStorage(dataDir);
  let failing = false;
  let failures = 0;
  const storage: Storage = Object.assign(Object.create(real) as Storage, {
    appendUpdates: async (...args: Parameters<Storage['appendUpdates']>) => {
      if (failing) {
        failures++;
        throw new Error('disk unavailable (simulated)');
      }
      return real.appendUpdates(...args);
    },
  });
  return { storage, setFailing: (on) => (failing = on), failures: () => failures };
}

/** A server of its own for the tests of this describe, on a `flakyStorage`; `flaky()` is its switch. */
function useFlakyServer(config: StartOptions = {}) {
  let flaky: ReturnType<typeof flakyStorage> | undefined;
  const server = useServer({
    config: (dataDir) => {
      flaky = flakyStorage(dataDir);
      return { ...config, storage: flaky.storage };
    },
  });
  return { server, flaky: () => flaky! };
}

const STEPS = [
  { title: 'Write alone', prompt: 'Write alone', mode: 'private' },
  { title: 'Share', prompt: 'Share', mode: 'open' },
];

describe('while storage fails', () => {
  describe('commands', () => {
    const { server, flaky: switchOf } = useFlakyServer();
    test('a reveal answers 503 and keeps the sealed notes; after recovery the reveal puts them on the board', async () => {
      const dataDir = server.dataDir;
      const flaky = switchOf();
      const room = await server.room();
      expect((await server.command(room.roomId, room.facilitatorToken, { type: 'steps.set', steps: STEPS, index: 0 })).status).toBe(200);
      const token = await server.join(room.joinCode);
      const posted = await server.request('POST', `/api/rooms/${room.roomId}/notes`, { token, body: { text: 'kept through the outage' } });
      expect(posted.status, posted.text).toBe(201);

      flaky.setFailing(true);
      const reveal = await server.command(room.roomId, room.facilitatorToken, { type: 'reveal' });
      expect(reveal.status, reveal.text).toBe(503);
      expect(reveal.body.message).toMatch(/could not be saved/);
      // The held note is still held: nothing was deleted on the strength of an unsaved board.
      const held = new SqliteStorage(dataDir);
      try {
        expect((await held.listHeldNotes(room.roomId, 'sealed')).map((n) => n.data.text)).toEqual(['kept through the outage']);
      } finally {
        held.db.close();
      }

      flaky.setFailing(false);
      const watcher = client(server, room.roomId, room.facilitatorToken);
      await watcher.synced;
      await waitFor(
        () => JSON.stringify(watcher.doc.getMap('notes').toJSON()).includes('kept through the outage'),
        5000,
        'the note stored once storage is back (the earlier attempt is retried)',
      );
      const again = await server.command(room.roomId, room.facilitatorToken, { type: 'reveal' });
      expect(again.status, again.text).toBe(200);
      const notes = Object.values(watcher.doc.getMap('notes').toJSON() as Record<string, { text: string }>).filter((n) => n.text === 'kept through the outage');
      expect(notes).toHaveLength(1);
    });
  });

  describe('unloading', () => {
    const { server, flaky: switchOf } = useFlakyServer({ unloadAfterMs: 50 });
    test('an empty room with unsaved changes stays in memory until they are saved', async () => {
      const flaky = switchOf();
      const room = await server.room();
      const writer = client(server, room.roomId, room.facilitatorToken);
      await writer.synced;
      flaky.setFailing(true);
      const unsaved = writeNote(writer.doc, FACILITATOR_WRITER, { text: 'unsaved' });
      await waitFor(() => flaky.failures() >= 1, 3000, 'a failed save');
      // The unload timer asks the room whether its storage is failing before dropping it; count
      // the questions, to know it has looked (twice) and kept the room.
      const loaded = await server.app.sync.getRoom(room.roomId);
      let unloadChecks = 0;
      const failing = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(loaded), 'storageFailing')!.get!;
      Object.defineProperty(loaded, 'storageFailing', {
        configurable: true,
        get() {
          unloadChecks++;
          return failing.call(loaded) as boolean;
        },
      });
      writer.destroy();
      await waitFor(() => unloadChecks >= 2, 5000, 'the unload timer to look at the room twice');
      // Still loaded: a fresh copy from storage would not have the change.
      expect(server.app.sync.isLoaded(room.roomId)).toBe(true);

      flaky.setFailing(false);
      await waitFor(() => !server.app.sync.isLoaded(room.roomId), 15_000, 'unloaded once saved');
      const reader = client(server, room.roomId, room.facilitatorToken);
      await reader.synced;
      expect(noteText(reader.doc, unsaved)).toBe('unsaved');
    });
  });
});

describe('a room deleted while people are in it', () => {
  const server = useServer();
  test('connections that write are closed with 4410 and the server stops trying to store for it', async () => {
    const dataDir = server.dataDir;
    const room = await server.room();
    const person = client(server, room.roomId, room.facilitatorToken);
    await person.synced;
    // Deleted behind this process's back, as another process or a direct operator action would.
    const other = new SqliteStorage(dataDir);
    await other.deleteRoom(room.roomId);
    other.db.close();
    writeNote(person.doc, FACILITATOR_WRITER, { text: 'after deletion' });
    await waitFor(() => person.closes.some((c) => c.code === 4410), 5000, 'closed with 4410');
    expect(person.closes.find((c) => c.code === 4410)!.reason).toBe('room deleted');
  });
});
