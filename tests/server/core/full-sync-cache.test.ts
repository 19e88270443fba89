import type * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';
import { deleteNotes, setNoteText } from '@tributary/shared/board/mutations';
import { FACILITATOR_WRITER, noteText, writeNote } from '../../helpers/board.ts';

// Clients that arrive with an empty document share one encoded copy of the whole board
// (a join storm would otherwise encode it once per person). The copy must never be stale:
// every joiner gets the document as it is when they arrive.

const server = useServer();

function join(room: { roomId: string; facilitatorToken: string }): DocClient {
  return server.doc(room.roomId, 'board', room.facilitatorToken);
}

describe('the shared first sync for empty joiners', () => {
  test('each joiner gets the document as it is when they arrive, after every kind of change', async () => {
    const room = await server.room('Joiners');
    const writer = join(room);
    await writer.synced;
    const ids = (doc: Y.Doc): string[] => [...doc.getMap('notes').keys()].sort();

    const joiners: DocClient[] = [];
    for (let version = 1; version <= 5; version++) {
      writeNote(writer.doc, FACILITATOR_WRITER, { text: 'x'.repeat(version * 10) }, `note_v${version}`);
      // Two joiners back to back: the second is served from the shared copy.
      const first = join(room);
      const second = join(room);
      joiners.push(first, second);
      await Promise.all([first.synced, second.synced]);
      for (const joiner of [first, second]) {
        await waitFor(() => joiner.doc.getMap('notes').has(`note_v${version}`), 5_000, `joiner sees v${version}`);
        expect(ids(joiner.doc)).toEqual(Array.from({ length: version }, (_, i) => `note_v${i + 1}`).sort());
      }
    }
    // A deletion changes the document too: a later joiner must not see the deleted key.
    deleteNotes(writer.doc, ['note_v1']);
    await waitFor(() => !joiners[0]!.doc.getMap('notes').has('note_v1'), 5_000, 'the deletion reached the others');
    // A change of a field too.
    setNoteText(writer.doc, 'note_v2', 'edited');
    await waitFor(() => noteText(joiners[0]!.doc, 'note_v2') === 'edited', 5_000, 'the edit reached the others');
    const late = join(room);
    await late.synced;
    await waitFor(() => late.doc.getMap('notes').has('note_v5'), 5_000, 'late joiner synced');
    expect(late.doc.getMap('notes').has('note_v1')).toBe(false);
    expect(noteText(late.doc, 'note_v2')).toBe('edited');
  });
});
