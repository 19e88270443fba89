import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { roundTrip, waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';
import { command, mustCreateRoom, mustJoin, request, type CreatedRoom } from '../../helpers/server.ts';

// Anonymous steps (shared/API.md "pending", DESIGN.md section 3): notes go out in shuffled
// batches from at least three people, written by the server, without names; presence carries no identity.

const STEPS = [
  { title: 'Say it without your name', prompt: 'What should staff stop doing?', mode: 'anonymous' },
  { title: 'Together', prompt: 'What did we hear?', mode: 'open' },
];

const marker = (label: string): string => `ANON-${label}-${randomBytes(6).toString('hex')}`;
type NoteJson = { text: string; anonymous?: boolean; authorName?: unknown; authorId?: unknown };
const notes = (doc: Y.Doc): Record<string, NoteJson> => doc.getMap('notes').toJSON() as Record<string, NoteJson>;
const texts = (doc: Y.Doc): string[] => Object.values(notes(doc)).map((n) => n.text);

describe('anonymous notes', () => {
  const server = useServer({ per: 'test' });
  let room: CreatedRoom;
  let people: string[];
  let boards: Array<[string, DocClient]>;
  let fControl: DocClient;
  const connect = (docName: string, token: string, awareness?: Record<string, unknown>): DocClient =>
    server.doc(room.roomId, docName, token, awareness ? { awareness } : {});
  const post = (token: string, text: string) => request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token, body: { text } });
  const withKey = (method: string, noteId: string, editKey: string, body?: unknown) =>
    request(server.url, method, `/api/rooms/${room.roomId}/notes/${noteId}`, { headers: { 'x-edit-key': editKey }, ...(body ? { body } : {}) });

  beforeEach(async () => {
    room = await mustCreateRoom(server.url, 'Anonymous');
    const set = await command(server.url, room.roomId, room.facilitatorToken, { type: 'steps.set', steps: STEPS, index: 0 });
    expect(set.status, `steps.set: ${set.text}`).toBe(200);
    expect(set.body.control.mode).toBe('anonymous');
    people = [];
    for (const name of ['Ana', 'Ben', 'Cat']) people.push(await mustJoin(server.url, room.joinCode, name));
    boards = [['facilitator', connect('board', room.facilitatorToken)], ...people.map((t, i) => [`participant ${i + 1}`, connect('board', t)] as [string, DocClient])];
    fControl = connect('control', room.facilitatorToken);
    await Promise.all([...boards.map(([, c]) => c.synced), fControl.synced]);
  });

  const pendingIs = (n: number) => waitFor(() => fControl.doc.getMap('control').get('pendingAnonymous') === n, 5_000, `pendingAnonymous ${n}`);

  test('two notes wait (waitingFor 2, then 1) off the board; the third releases all three at once, without names', async () => {
    const t = [marker('1'), marker('2'), marker('3')];
    const counts = new Map<string, number[]>();
    for (const [label, c] of boards) {
      counts.set(label, []);
      c.doc.on('update', () => counts.get(label)!.push(t.filter((x) => texts(c.doc).includes(x)).length));
    }
    const r1 = await post(people[0]!, t[0]!);
    expect(r1.status, r1.text).toBe(201);
    expect(r1.body).toMatchObject({ status: 'pending', waitingFor: 2 });
    const r2 = await post(people[1]!, t[1]!);
    expect(r2.status).toBe(201);
    expect(r2.body).toMatchObject({ status: 'pending', waitingFor: 1 });
    await pendingIs(2);
    // Each board now holds everything the server's board does: a note let out early would be here.
    await Promise.all(boards.map(([, c]) => roundTrip(c)));
    for (const [label, c] of boards) {
      expect(c.doc.getMap('notes').size, `${label} while two are pending`).toBe(0);
      const bytes = Buffer.from(Y.encodeStateAsUpdate(c.doc));
      for (const x of t) expect(bytes.includes(Buffer.from(x)), `${label} bytes hold ${x}`).toBe(false);
    }
    // The author sees their pending note through the key.
    const own = await withKey('GET', r1.body.noteId, r1.body.editKey);
    expect(own.body).toMatchObject({ status: 'pending', text: t[0] });

    const r3 = await post(people[2]!, t[2]!);
    expect(r3.status).toBe(201);
    expect(r3.body.status).toBe('visible');
    for (const [label, c] of boards) {
      await waitFor(() => t.every((x) => texts(c.doc).includes(x)), 5_000, `${label} to see all three`);
      expect(counts.get(label)!.filter((n) => n > 0 && n < 3), `${label}: partial releases`).toEqual([]);
      for (const [id, note] of Object.entries(notes(c.doc))) {
        expect(note.anonymous, `${label} ${id} anonymous`).toBe(true);
        expect(note, `${label} ${id} carries no author`).not.toHaveProperty('authorName');
        expect(note, `${label} ${id} carries no author`).not.toHaveProperty('authorId');
      }
    }
    await pendingIs(0);
    expect((await withKey('GET', r1.body.noteId, r1.body.editKey)).body.status).toBe('visible');
  });

  test('authors PATCH and withdraw their anonymous notes with the edit key; a wrong key gets 403', async () => {
    const t = [marker('a'), marker('b'), marker('c')];
    const posted = [];
    for (let i = 0; i < 3; i++) posted.push((await post(people[i]!, t[i]!)).body as { noteId: string; editKey: string });
    const [f] = boards[0]!.slice(1) as [DocClient];
    await waitFor(() => t.every((x) => texts(f.doc).includes(x)), 5_000, 'batch released');

    // Wrong key: 403, nothing changes.
    const wrongPatch = await withKey('PATCH', posted[0]!.noteId, posted[1]!.editKey, { text: 'NOT YOURS' });
    expect(wrongPatch.status).toBe(403);
    const wrongDelete = await withKey('DELETE', posted[0]!.noteId, posted[2]!.editKey);
    expect(wrongDelete.status).toBe(403);
    await roundTrip(f);
    expect(texts(f.doc)).toContain(t[0]);
    expect(texts(f.doc)).not.toContain('NOT YOURS');

    const edited = marker('edited');
    const patch = await withKey('PATCH', posted[0]!.noteId, posted[0]!.editKey, { text: edited });
    expect(patch.status, patch.text).toBe(200);
    for (const [label, c] of boards) await waitFor(() => texts(c.doc).includes(edited) && !texts(c.doc).includes(t[0]!), 5_000, `${label}: edit`);
    // The edit is still anonymous: no name crept in.
    expect(notes(f.doc)[posted[0]!.noteId]).not.toHaveProperty('authorName');

    const del = await withKey('DELETE', posted[1]!.noteId, posted[1]!.editKey);
    expect(del.status).toBe(204);
    for (const [label, c] of boards) {
      await waitFor(() => !texts(c.doc).includes(t[1]!), 5_000, `${label}: withdrawal`);
      expect(Buffer.from(Y.encodeStateAsUpdate(c.doc)).includes(Buffer.from(t[1]!)), `${label} bytes still hold the withdrawn text`).toBe(false);
    }
    expect((await withKey('GET', posted[1]!.noteId, posted[1]!.editKey)).body.status).toBe('gone');

    // A pending note can be edited and withdrawn too.
    const pending = (await post(people[0]!, marker('pending'))).body as { noteId: string; editKey: string; status: string };
    expect(pending.status).toBe('pending');
    expect((await withKey('PATCH', pending.noteId, people[0]!, { text: 'x' })).status).toBe(403); // a token is not a key
    const edit2 = marker('pending-edited');
    expect((await withKey('PATCH', pending.noteId, pending.editKey, { text: edit2 })).status).toBe(200);
    expect((await withKey('GET', pending.noteId, pending.editKey)).body).toMatchObject({ status: 'pending', text: edit2 });
    expect((await withKey('DELETE', pending.noteId, pending.editKey)).status).toBe(204);
    await pendingIs(0);
  });

  test('anonymous.release with one pending note releases nothing and answers a warning; the writer agreeing puts it out; step.next does not force two out', async () => {
    const lone = marker('lone');
    const posted = await post(people[0]!, lone);
    expect(posted.body.status).toBe('pending');
    const release = await command(server.url, room.roomId, room.facilitatorToken, { type: 'anonymous.release' });
    expect(release.status).toBe(200);
    expect(release.body.warning).toMatch(/still waiting/);
    expect(release.body.control.pendingAnonymous).toBe(1);
    const agreed = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes/${posted.body.noteId}/release-consent`, {
      headers: { 'x-edit-key': posted.body.editKey },
    });
    expect(agreed.body.status).toBe('visible');
    for (const [label, c] of boards) await waitFor(() => texts(c.doc).includes(lone), 5_000, `${label}: released note`);

    const w1 = marker('w1');
    const w2 = marker('w2');
    expect((await post(people[1]!, w1)).body.status).toBe('pending');
    expect((await post(people[2]!, w2)).body.status).toBe('pending');
    await pendingIs(2);
    const next = await command(server.url, room.roomId, room.facilitatorToken, { type: 'step.next' });
    expect(next.status).toBe(200);
    expect(next.body.control.stepIndex).toBe(1);
    expect(next.body.control.pendingAnonymous, 'two people\'s notes still wait for a third').toBe(2);
    for (const [label, c] of boards) expect(texts(c.doc).includes(w1) || texts(c.doc).includes(w2), `${label}: a note of two went out`).toBe(false);
    for (const note of Object.values(notes(boards[0]![1].doc))) {
      expect(note).not.toHaveProperty('authorName');
      expect(note).not.toHaveProperty('authorId');
    }
  });

  /** Records every presence state the facilitator's board provider receives for one client id. */
  const recordPresence = (watcher: DocClient) => {
    const seen: Array<[number, Record<string, unknown>]> = [];
    // 'update' (not 'change'): every state relayed counts, even one equal to the last.
    watcher.provider.awareness.on('update', ({ added, updated }: { added: number[]; updated: number[] }) => {
      for (const id of [...added, ...updated]) {
        const state = watcher.provider.awareness.getStates().get(id);
        if (state) seen.push([id, state]);
      }
    });
    return (clientId: number) => seen.filter(([id]) => id === clientId).map(([, s]) => s);
  };

  test('presence relayed during an anonymous step carries no name, cursor or colour', async () => {
    const statesOf = recordPresence(boards[0]![1]);
    const loud = connect('board', people[0]!, {
      name: 'Ana',
      color: '#ff0000',
      cursor: { x: 10, y: 20 },
      typing: true,
      status: 'here',
      badge: { kind: 'break', name: 'Ana' },
    });
    await loud.synced;
    await waitFor(() => statesOf(loud.doc.clientID).length >= 1, 5_000, 'facilitator to see the participant presence');
    // Her client moves the cursor and names itself again while the step is anonymous.
    loud.provider.awareness.setLocalStateField('cursor', { x: 300, y: 400 });
    loud.provider.awareness.setLocalStateField('name', 'Ana again');
    await waitFor(() => statesOf(loud.doc.clientID).length >= 2, 5_000, 'facilitator to see the presence update');
    // A last change that survives the filter: once it is relayed, everything she sent before was too.
    loud.provider.awareness.setLocalStateField('following', 'last-sign');
    await waitFor(() => statesOf(loud.doc.clientID).some((s) => s.following === 'last-sign'), 5_000, 'her last presence change to be relayed');
    const hers = statesOf(loud.doc.clientID);
    for (const state of hers) {
      expect(state, JSON.stringify(state)).not.toHaveProperty('name');
      expect(state).not.toHaveProperty('cursor');
      expect(state).not.toHaveProperty('color');
      expect(state).not.toHaveProperty('typing');
      expect(JSON.stringify(state).includes('Ana'), `presence relayed with her name: ${JSON.stringify(state)}`).toBe(false);
      expect(state.role).toBe('participant');
    }
    // Only allow-listed fields survive: any free-form field could carry who someone is.
    for (const state of hers) expect(state).not.toHaveProperty('status');
    // The participation badge survives, without the name.
    expect(hers.some((s) => (s.badge as { kind?: string } | undefined)?.kind === 'break')).toBe(true);
  });

  test("presence in y-websocket's usual shape ({ user: { name, color } }) is not relayed with the name either", async () => {
    const statesOf = recordPresence(boards[0]![1]);
    const stock = connect('board', people[1]!, { user: { name: 'Ben', color: '#00ff00' }, status: 'here' });
    await stock.synced;
    await waitFor(() => statesOf(stock.doc.clientID).length >= 1, 5_000, 'facilitator to see the participant presence');
    stock.provider.awareness.setLocalStateField('following', 'last-sign');
    await waitFor(() => statesOf(stock.doc.clientID).some((s) => s.following === 'last-sign'), 5_000, 'his last presence change to be relayed');
    for (const state of statesOf(stock.doc.clientID)) {
      expect(JSON.stringify(state).includes('Ben'), `presence relayed with his name: ${JSON.stringify(state)}`).toBe(false);
      expect(JSON.stringify(state).includes('#00ff00'), `presence relayed with his colour: ${JSON.stringify(state)}`).toBe(false);
    }
  });

  test('presence published before the step turned anonymous is not served with names during it', async () => {
    expect((await command(server.url, room.roomId, room.facilitatorToken, { type: 'step.goto', index: 1 })).status).toBe(200);
    const ana = connect('board', people[0]!, { name: 'Ana', cursor: { x: 1, y: 2 }, color: '#123456' });
    await ana.synced;
    const f = boards[0]![1];
    await waitFor(() => f.provider.awareness.getStates().get(ana.doc.clientID)?.name === 'Ana', 5_000, 'named presence in the open step');
    expect((await command(server.url, room.roomId, room.facilitatorToken, { type: 'step.goto', index: 0 })).status).toBe(200);
    // Someone (re)connects during the anonymous step and receives everyone's presence.
    const late = connect('board', room.facilitatorToken);
    await late.synced;
    await waitFor(() => late.provider.awareness.getStates().has(ana.doc.clientID), 5_000, 'late joiner to receive presence');
    const state = late.provider.awareness.getStates().get(ana.doc.clientID)!;
    expect(state, `served during the anonymous step: ${JSON.stringify(state)}`).not.toHaveProperty('name');
    expect(state).not.toHaveProperty('cursor');
    expect(state).not.toHaveProperty('color');
  });
});

describe('resending a note', () => {
  const server = useServer();
  test('the same Idempotency-Key gives the same note back instead of a second one', async () => {
    const room = await mustCreateRoom(server.url);
    const joined = await request(server.url, 'POST', '/api/join', { body: { joinCode: room.joinCode } });
    const send = (key: string) =>
      request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, {
        token: joined.body.participantToken,
        body: { text: 'Said once' },
        headers: { 'idempotency-key': key },
      });
    const [first, again] = [await send('k-1'), await send('k-1')];
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const other = await send('k-2');
    expect(other.body.noteId).not.toBe(first.body.noteId);
    // Another person's identical key is theirs alone.
    const someoneElse = await request(server.url, 'POST', '/api/join', { body: { joinCode: room.joinCode } });
    const theirs = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, {
      token: someoneElse.body.participantToken,
      body: { text: 'Mine' },
      headers: { 'idempotency-key': 'k-1' },
    });
    expect(theirs.body.noteId).not.toBe(first.body.noteId);
  });
});
