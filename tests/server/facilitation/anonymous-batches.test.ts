import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { connectDoc, waitFor, type DocClient } from '../../helpers/clients.ts';
import { command, mustCreateRoom, request, type CreatedRoom } from '../../helpers/server.ts';
import { useServer } from '../../helpers/fixture.ts';
import { mustJoinAs, type NamedParticipant as Person } from '../../helpers/board.ts';

// Anonymous notes go out in shuffled batches from at least three DIFFERENT people (DESIGN.md
// section 3, "Timing"). A smaller batch goes out only when its writers agree on their phones.
// Otherwise the facilitator, releasing after each single post, learns who wrote what.

interface Posted {
  noteId: string;
  editKey: string;
  status: string;
  waitingFor?: number;
}
type Row = Record<string, unknown>;

const STEPS = [
  { title: 'Without names', prompt: 'What should change?', mode: 'anonymous' },
  { title: 'Together', prompt: 'What did we hear?', mode: 'open' },
];
const sha256 = (s: string) => createHash('sha256').update(s).digest();

describe('anonymous batches count people, not notes', () => {
  const server = useServer({ per: 'test' });
  let room: CreatedRoom;
  let people: Person[];
  let fBoard: DocClient;
  let fControl: DocClient;

  const run = (cmd: Record<string, unknown>) => command(server.url, room.roomId, room.facilitatorToken, cmd);
  const post = async (p: Person, text: string): Promise<Posted> => {
    const res = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: p.token, body: { text } });
    expect(res.status, `${p.name}'s note: ${res.text}`).toBe(201);
    return res.body as Posted;
  };
  const showAnyway = (noteId: string, editKey?: string) =>
    request(server.url, 'POST', `/api/rooms/${room.roomId}/notes/${noteId}/release-consent`, editKey ? { headers: { 'x-edit-key': editKey } } : {});
  const onBoard = () => fBoard.doc.getMap('notes').toJSON() as Record<string, { text: string }>;
  const control = () => fControl.doc.getMap('control').toJSON() as { pendingAnonymous?: number; anonymousReleaseAsked?: boolean };
  /** The tables as someone with the data directory reads them, while the server runs. */
  const readTables = async () => {
    const { SqliteStorage } = await import('../../../server/src/storage/sqlite.ts');
    const storage = new SqliteStorage(server.dataDir);
    try {
      const all = (table: string) => storage.db.prepare(`SELECT * FROM ${table}`).all() as Row[];
      return { tokens: all('tokens'), held: all('held_notes') };
    } finally {
      storage.db.close();
    }
  };

  beforeEach(async () => {
    room = await mustCreateRoom(server.url, 'Batches');
    expect((await run({ type: 'steps.set', steps: STEPS, index: 0 })).status).toBe(200);
    people = [];
    for (const name of ['Ana', 'Ben', 'Cat']) {
      people.push(await mustJoinAs(server.url, room.joinCode, name));
    }
    fBoard = connectDoc(server.wsUrl, room.roomId, 'board', room.facilitatorToken);
    fControl = connectDoc(server.wsUrl, room.roomId, 'control', room.facilitatorToken);
    await Promise.all([fBoard.synced, fControl.synced]);
  });
  afterEach(async () => {
    fBoard?.destroy();
    fControl?.destroy();
  });

  test('three notes from one person stay waiting: for two more people, not for no one', async () => {
    const [ana] = people as [Person];
    const replies = [await post(ana, 'Ana one'), await post(ana, 'Ana two'), await post(ana, 'Ana three')];
    for (const r of replies) expect(r).toMatchObject({ status: 'pending', waitingFor: 2 });
    await waitFor(() => control().pendingAnonymous === 3, 5_000, 'pendingAnonymous 3');
    expect(Object.keys(onBoard())).toEqual([]);
    // What her phone reads about her note.
    const own = await request(server.url, 'GET', `/api/rooms/${room.roomId}/notes/${replies[0]!.noteId}`, { headers: { 'x-edit-key': replies[0]!.editKey } });
    expect(own.body).toMatchObject({ status: 'pending', waitingFor: 2 });
  });

  test('the facilitator releasing after a single post gets a plain warning, and the note stays off the board', async () => {
    const [ana, ben, cat] = people as [Person, Person, Person];
    const lone = await post(ana, 'Only Ana so far');
    const release = await run({ type: 'anonymous.release' });
    expect(release.status, release.text).toBe(200);
    expect(release.body.warning).toMatch(/1 anonymous note is still waiting/);
    expect(release.body.control.pendingAnonymous).toBe(1);
    expect(release.body.control.anonymousReleaseAsked, 'her phone is asked whether to show it anyway').toBe(true);
    // Moving on to the next step or revealing does not force it out either.
    expect((await run({ type: 'step.next' })).body.control.pendingAnonymous).toBe(1);
    expect((await run({ type: 'reveal' })).body.control.pendingAnonymous).toBe(1);
    expect((await run({ type: 'step.goto', index: 0 })).body.control.pendingAnonymous).toBe(1);
    expect(Object.keys(onBoard())).not.toContain(lone.noteId);

    // Two more people: the three go out together, and the phones are no longer asked.
    await post(ben, 'Ben too');
    const third = await post(cat, 'Cat as well');
    expect(third.status).toBe('visible');
    await waitFor(() => [lone.noteId, third.noteId].every((id) => id in onBoard()), 5_000, 'the batch of three people');
    await waitFor(() => control().pendingAnonymous === 0 && control().anonymousReleaseAsked === false, 5_000, 'nothing waiting, nobody asked');
  });

  test('reading, changing or agreeing for a note without its edit key is refused as such', async () => {
    const [ana] = people as [Person];
    const hers = await post(ana, 'Ana waits');
    const notePath = `/api/rooms/${room.roomId}/notes/${hers.noteId}`;
    const answers = [
      await request(server.url, 'GET', notePath),
      await request(server.url, 'PATCH', notePath, { body: { text: 'Changed by someone else' } }),
      await showAnyway(hers.noteId),
    ];
    for (const res of answers) {
      expect(res.status, res.text).toBe(401);
      expect(res.body.code).toBe('TRIB_EDIT_KEY_REQUIRED');
    }
  });

  test('a writer agrees on their phone: only their own note goes out; others keep waiting', async () => {
    const [ana, ben] = people as [Person, Person];
    const hers = await post(ana, 'Ana agrees');
    const his = await post(ben, 'Ben does not');
    expect(his.waitingFor).toBe(1);

    // Only the holder of the note's key can agree.
    expect((await showAnyway(hers.noteId)).status).toBe(401);
    const wrong = await showAnyway(hers.noteId, his.editKey);
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('TRIB_WRONG_EDIT_KEY');
    expect(Object.keys(onBoard())).toEqual([]);

    const agreed = await showAnyway(hers.noteId, hers.editKey);
    expect(agreed.status, agreed.text).toBe(200);
    expect(agreed.body).toMatchObject({ noteId: hers.noteId, status: 'visible' });
    await waitFor(() => hers.noteId in onBoard(), 5_000, 'her note on the board');
    expect(Object.keys(onBoard())).not.toContain(his.noteId);
    await waitFor(() => control().pendingAnonymous === 1, 5_000, 'his note still waiting');
    // Agreeing again is harmless: the note is already out.
    expect((await showAnyway(hers.noteId, hers.editKey)).body.status).toBe('visible');
  });

  test('a stored pending note holds nothing that leads to its writer, and nothing of it stays after release', async () => {
    const [ana, ben, cat] = people as [Person, Person, Person];
    const anas = [await post(ana, 'first words'), await post(ana, 'second words')];
    const bens = await post(ben, 'third words');
    const { tokens, held } = await readTables();
    expect(held).toHaveLength(3);

    // Everything the database knows about each participant, and what could be computed from it.
    const participants = tokens.filter((t) => t.role === 'participant');
    expect(participants).toHaveLength(3);
    const marks = participants.flatMap((t) => [String(t.hash), String(t.participant_id), String(t.name)]);
    const derived = new Set<string>();
    for (const t of participants) {
      for (const secret of [String(t.hash), String(t.participant_id)]) {
        for (const input of [secret, `${room.roomId}:${secret}`, `pending-author:${room.roomId}:${secret}`, `pending-author:${room.roomId}:0:${secret}`]) {
          derived.add(sha256(input).toString('base64url'));
          derived.add(sha256(input).toString('hex'));
        }
      }
    }
    for (const row of held) {
      const json = JSON.stringify(row);
      for (const mark of marks) expect(json.includes(mark), `held row ${json} holds ${mark}`).toBe(false);
      const data = JSON.parse(String(row.data)) as { authorTag?: string };
      expect(typeof data.authorTag, 'each pending note carries a writer tag').toBe('string');
      expect(derived.has(data.authorTag!), `the tag of ${String(row.id)} can be computed from the tokens table`).toBe(false);
    }
    // The tag counts people: Ana's two notes share one, Ben's differs.
    const tagOf = (id: string) => (JSON.parse(String(held.find((r) => r.id === id)!.data)) as { authorTag: string }).authorTag;
    expect(tagOf(anas[0]!.noteId)).toBe(tagOf(anas[1]!.noteId));
    expect(tagOf(bens.noteId)).not.toBe(tagOf(anas[0]!.noteId));

    // The third person releases the batch; the held rows, tags included, are gone.
    await post(cat, 'fourth words');
    await waitFor(() => control().pendingAnonymous === 0, 5_000, 'the batch released');
    expect((await readTables()).held).toEqual([]);
  });
});
