import { describe, expect, test } from 'vitest';
import { roundTrip, waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';

// A conference-sized room on one document. Stock y-websocket clients send back every presence
// change they receive, including the snapshot of everyone already there that a newcomer is
// given; a per-message entry limit below the room's size closed newcomers with 4400
// ("too many awareness entries") once more than 64 people were present.

const PEOPLE = 150;

const server = useServer();

describe('a room with more people than one presence batch', () => {
  test(`${PEOPLE} stock clients stay connected and each sees everyone's presence`, async () => {
    const room = await server.room('Conference');
    const clients: DocClient[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      clients.push(
        server.doc(room.roomId, 'board', room.facilitatorToken, {
          awareness: { cursor: { x: i, y: i } },
          syncTimeoutMs: 20_000,
        }),
      );
    }
    await Promise.all(clients.map((c) => c.synced));
    await waitFor(() => clients.every((c) => c.provider.awareness.getStates().size === PEOPLE), 20_000, `every client sees all ${PEOPLE} people`);

    const refused = clients.flatMap((c) => c.closes).filter((close) => close.code >= 4000);
    expect(refused).toEqual([]);
    // A late newcomer is handed everyone's presence at once and echoes it back: still welcome.
    const late = server.doc(room.roomId, 'board', room.facilitatorToken, { awareness: { cursor: { x: -1, y: -1 } } });
    clients.push(late);
    await late.synced;
    await waitFor(() => late.provider.awareness.getStates().size === PEOPLE + 1, 10_000, 'the newcomer sees everyone');
    // Its echo went out before this; the server answers in order, so it has judged the echo too.
    await roundTrip(late);
    expect(late.closes.filter((close) => close.code >= 4000)).toEqual([]);
    expect(late.provider.wsconnected).toBe(true);
  });
});
