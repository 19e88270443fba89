import type * as Y from 'yjs';
import { afterAll, describe, expect, test } from 'vitest';
import { connectDoc, waitFor, type DocClient } from '../../helpers/clients.ts';
import { mustCreateRoom, startTestServer, type TestServer } from '../../helpers/server.ts';
import { deleteNotes, setNoteText } from '@tributary/shared/board/mutations';
import { FACILITATOR_WRITER, noteText, writeNote } from '../../helpers/board.ts';

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
    const ids = (doc: Y.Doc): string[] => [...doc.getMap('notes').keys()].sort();

    for (let version = 1; version <= 5; version++) {
      writeNote(writer.doc, FACILITATOR_WRITER, { text: 'x'.repeat(version * 10) }, `note_v${version}`);
      // Two joiners back to back: the second is served from the shared copy.
      const first = join(room);
      const second = join(room);
      await Promise.all([first.synced, second.synced]);
      for (const joiner of [first, second]) {
        await waitFor(() => joiner.doc.getMap('notes').has(`note_v${version}`), 5_000, `joiner sees v${version}`);
        expect(ids(joiner.doc)).toEqual(Array.from({ length: version }, (_, i) => `note_v${i + 1}`).sort());
      }
    }
    // A deletion changes the document too: a later joiner must not see the deleted key.
    deleteNotes(writer.doc, ['note_v1']);
    await waitFor(() => !clients[1]!.doc.getMap('notes').has('note_v1'), 5_000, 'the deletion reached the others');
    // A change of a field too.
    setNoteText(writer.doc, 'note_v2', 'edited');
    await waitFor(() => noteText(clients[1]!.doc, 'note_v2') === 'edited', 5_000, 'the edit reached the others');
    const late = join(room);
    await late.synced;
    await waitFor(() => late.doc.getMap('notes').has('note_v5'), 5_000, 'late joiner synced');
    expect(late.doc.getMap('notes').has('note_v1')).toBe(false);
    expect(noteText(late.doc, 'note_v2')).toBe('edited');
  });
});
