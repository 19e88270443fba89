import { afterEach, beforeEach, expect, test } from 'vitest';
import WebSocket from 'ws';
import { createNote } from '@tributary/shared/board/mutations';
import { RoomClient } from '../../client/src/sync/RoomClient.ts';
import { loadDraft } from '../../client/src/sync/drafts.ts';
import { waitFor } from '../helpers/clients.ts';
import { useServer } from '../helpers/fixture.ts';
import { MemoryStorage } from '../helpers/memoryStorage.ts';

/**
 * Issue 19: our own client writes a participant's note straight onto the board (the laptop
 * editor); when the word filter refuses it (`held-for-review`), the client sends its words
 * through `POST …/notes`, where the server holds them for the facilitator, instead of keeping
 * them only as a draft.
 */
const server = useServer();

const realFetch = globalThis.fetch;
beforeEach(() => {
  (globalThis as { localStorage?: Storage }).localStorage = new MemoryStorage();
  // The client's API calls are relative to its page: here, to the test server.
  globalThis.fetch = (input, init) => realFetch(typeof input === 'string' && input.startsWith('/') ? `${server.url}${input}` : input, init);
});
afterEach(() => {
  globalThis.fetch = realFetch;
  delete (globalThis as { localStorage?: Storage }).localStorage;
});

test('a note refused by the word filter on the board goes to the facilitator’s queue through the server', async () => {
  const room = await server.room('Filter fallback');
  const joined = await server.request('POST', '/api/join', { body: { joinCode: room.joinCode, name: 'Lee' } });
  const { participantToken, participantId } = joined.body as unknown as { participantToken: string; participantId: string };
  const client = new RoomClient({
    session: { roomId: room.roomId, token: participantToken, role: 'participant', participantId, name: 'Lee' },
    serverUrl: server.wsUrl,
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  server.defer(() => client.destroy());
  await waitFor(() => client.connection.get().synced, 5_000, 'the client to sync');

  createNote(client.board, { text: 'this rota is shit', pos: { x: 0, y: 0 }, authorId: participantId, authorName: 'Lee' });
  await waitFor(() => client.boardRefusal.get()?.label === 'held-for-review', 5_000, 'the refusal');
  const queued = async () => (await server.request('GET', `/api/rooms/${room.roomId}/queue`, { token: room.facilitatorToken })).body as unknown as Array<{ text: string; reason: string }>;
  await waitFor(async () => (await queued()).length === 1, 5_000, 'the note in the queue');
  expect(await queued()).toEqual([expect.objectContaining({ text: 'this rota is shit', reason: 'filter' })]);
  expect(client.boardRefusal.get()!.kept).toEqual([]);
  expect(loadDraft(room.roomId)).toBe('');
});
