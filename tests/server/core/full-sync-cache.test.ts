import { afterAll, describe, expect, test } from 'vitest';
import { connectDoc, waitFor, type DocClient } from '../../helpers/clients.ts';
import { mustCreateRoom, startTestServer, type TestServer } from '../../helpers/server.ts';

// Clients that arrive with an empty document share one encoded copy of the whole board
// (a join storm would otherwise encode it once per person). The copy must never be stale:
// every joiner gets the document as it is when they arrive.

let server: TestServer | undefined;
const clients: DocClient[] = [];

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server?.close();
});

function join(room: { roomId: string; facilitatorToken: string }): DocClient {
  const client = connectDoc(server!.wsUrl, room.roomId, 'board', room.facilitatorToken);
  clients.push(client);
  return client;
}

describe('the shared first sync for empty joiners', () => {
  test('each joiner gets the document as it is when they arrive, after every kind of change', async () => {
    server = await startTestServer();
    const room = await mustCreateRoom(server.url, 'Joiners');
    const writer = join(room);
    await writer.synced;
    const words = writer.doc.getMap('test');

    for (let version = 1; version <= 5; version++) {
      words.set(`v${version}`, 'x'.repeat(version * 10));
      // Two joiners back to back: the second is served from the shared copy.
      const first = join(room);
      const second = join(room);
      await Promise.all([first.synced, second.synced]);
      for (const joiner of [first, second]) {
        await waitFor(() => joiner.doc.getMap('test').has(`v${version}`), 5_000, `joiner sees v${version}`);
        expect([...joiner.doc.getMap('test').keys()].sort()).toEqual(
          Array.from({ length: version }, (_, i) => `v${i + 1}`).sort(),
        );
      }
    }
    // A deletion changes the document too: a later joiner must not see the deleted key.
    words.delete('v1');
    await waitFor(() => !clients[1]!.doc.getMap('test').has('v1'), 5_000, 'the deletion reached the others');
    const late = join(room);
    await late.synced;
    await waitFor(() => late.doc.getMap('test').has('v5'), 5_000, 'late joiner synced');
    expect(late.doc.getMap('test').has('v1')).toBe(false);
  });
});
