import { expect, test } from 'vitest';
import { FACILITATOR_WRITER, noteText, writeNote } from '../helpers/board.ts';
import { roundTrip } from '../helpers/clients.ts';
import { useServer } from '../helpers/fixture.ts';

// roundTrip (tests/helpers/clients.ts) is what tests wait on instead of a sleep when they check
// that something did not happen. It must be a real barrier: the writer's round trip means the
// server has handled its write, the reader's that the reader holds it.
const server = useServer();
test("roundTrip: once the writer and then a reader have each made one, the reader holds the write, with no waiting", async () => {
  const room = await server.room('scratch');
  const a = server.doc(room.roomId, 'board', room.facilitatorToken);
  const b = server.doc(room.roomId, 'board', room.facilitatorToken);
  await Promise.all([a.synced, b.synced]);
  for (let i = 0; i < 20; i++) {
    const id = writeNote(a.doc, FACILITATOR_WRITER, { text: `n${i}` });
    await roundTrip(a);
    await roundTrip(b);
    expect(noteText(b.doc, id)).toBe(`n${i}`);
  }
});
