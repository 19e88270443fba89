import { describe, expect, test } from 'vitest';
import { SqliteStorage } from '../../../server/src/storage/sqlite.ts';
import type { Storage } from '../../../server/src/storage/types.ts';
import { closedWithin } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';

// Frames that arrive while the server is still checking the token wait in line. Nobody is
// known yet, so that line is bounded like any connection's queue: a client cannot make the
// server hold megabytes by sending before it is let in (a busy database makes that wait long).

/** A server whose token lookups all wait until `release` is called: a database stuck busy. */
let release: () => void = () => undefined;
const server = useServer({
  config: (dataDir) => {
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const real = new SqliteStorage(dataDir);
    const slow: Storage = Object.assign(Object.create(real) as Storage, {
      findToken: async (...args: Parameters<Storage['findToken']>) => {
        await released;
        return real.findToken(...args);
      },
    });
    return { storage: slow };
  },
});

describe('frames sent before the token is checked', () => {
  test('a flood before authentication is closed with 4429; a normal client still gets in', async () => {
    // Released before the server closes, even when the test fails early.
    server.defer(() => release());
    const room = await server.room();
    const url = `${server.wsUrl}/yjs/${room.roomId}/board?token=${room.facilitatorToken}`;
    const flooder = server.raw(url);
    await flooder.opened;
    // A sync step 1 with an empty state vector, many times over, all while the lookup is held.
    const frame = new Uint8Array([0, 0, 1, 0]);
    for (let i = 0; i < 5000; i++) flooder.ws.send(frame);
    // Closed while the lookup is still running, not after it (when the connection's own queue
    // would also refuse the backlog): nothing unbounded was held in the meantime.
    const closed = await closedWithin(flooder, 5000, 'pre-auth flood');
    expect(closed.code).toBe(4429);

    release();
    const person = server.doc(room.roomId, 'board', room.facilitatorToken);
    await person.synced;
  });
});
