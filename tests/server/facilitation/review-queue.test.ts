import { beforeEach, describe, expect, test } from 'vitest';
import { createNote, setNoteText } from '@tributary/shared/board/mutations';
import type { PostNoteReply as Posted, QueueReply } from '@tributary/shared/api';
import { CloseCode } from '@tributary/shared/protocol';
import { waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';
import type { CreatedRoom } from '../../helpers/server.ts';
import { mustJoinAs, type NamedParticipant as Person } from '../../helpers/board.ts';
import { mustUpload } from '../images/imageClient.ts';
import { plainPng } from '../images/imageFixtures.ts';

// Review steps (issue 19, "Safe before it is seen"): every participant's note waits in the
// facilitator's queue, without its author, until approved. Nobody else's board document ever
// holds its words before that: checked on every update a stock y-websocket client receives.

type Queued = QueueReply[number];

const tokenOf = (link: string): string => decodeURIComponent(new URL(link).hash.replace(/^#token=/, ''));

const STEPS = [
  { title: 'Checked', prompt: 'What matters?', mode: 'open', review: true },
  { title: 'Checked, no names', prompt: 'What should change?', mode: 'anonymous', review: true },
  { title: 'Checked, private', prompt: 'Write alone', mode: 'private', review: true },
  { title: 'Open', prompt: 'Anything else?', mode: 'open' },
];

/** A board a stock client keeps, with every update it received kept as bytes. */
interface Listener {
  client: DocClient;
  updates: Uint8Array[];
  /** Whether `text` was ever in an update this client received, or is in its document now. */
  saw(text: string): boolean;
  has(noteId: string): boolean;
}

describe('review steps: notes wait in the facilitator’s queue', () => {
  const server = useServer({ per: 'test' });
  let room: CreatedRoom;
  let people: Person[];
  let presenter: Listener;
  let onlooker: Listener;
  let fControl: DocClient;

  const run = (cmd: Record<string, unknown>) => server.command(room.roomId, room.facilitatorToken, cmd);
  const post = async (p: Person, text: string, extra: Record<string, unknown> = {}): Promise<Posted> => {
    const res = await server.request('POST', `/api/rooms/${room.roomId}/notes`, { token: p.token, body: { text, ...extra } });
    expect(res.status, `${p.name}'s note: ${res.text}`).toBe(201);
    return res.body as Posted;
  };
  const own = async (posted: Posted) =>
    (await server.request('GET', `/api/rooms/${room.roomId}/notes/${posted.noteId}`, { headers: { 'x-edit-key': posted.editKey } })).body as { status: string; waitingFor?: number };
  const queue = async (token = room.facilitatorToken) => server.request('GET', `/api/rooms/${room.roomId}/queue`, { token });
  const queuedIds = async () => ((await queue()).body as unknown as Queued[]).map((n) => n.noteId);
  const patch = (posted: Posted, text: string) =>
    server.request('PATCH', `/api/rooms/${room.roomId}/notes/${posted.noteId}`, { headers: { 'x-edit-key': posted.editKey }, body: { text } });

  const listen = async (token: string): Promise<Listener> => {
    const client = server.doc(room.roomId, 'board', token);
    const updates: Uint8Array[] = [];
    client.doc.on('update', (update: Uint8Array) => updates.push(update));
    await client.synced;
    const notes = () => client.doc.getMap('notes');
    return {
      client,
      updates,
      saw: (text) => updates.some((u) => Buffer.from(u).includes(text)) || JSON.stringify(notes().toJSON()).includes(text),
      has: (noteId) => notes().has(noteId),
    };
  };

  beforeEach(async () => {
    room = await server.room('Review');
    expect((await run({ type: 'steps.set', steps: STEPS, index: 0 })).status).toBe(200);
    people = [];
    for (const name of ['Ana', 'Ben', 'Cat']) {
      people.push(await mustJoinAs(server.url, room.joinCode, name));
    }
    presenter = await listen(tokenOf(room.links.presenter));
    onlooker = await listen(people[2]!.token);
    fControl = server.doc(room.roomId, 'control', room.facilitatorToken);
    await fControl.synced;
  });

  test('a note reaches no participant’s or presenter’s board until approved; the queue shows it without its author', async () => {
    const [ana] = people as [Person];
    const posted = await post(ana, 'Ana wants the rota on the wall');
    expect(posted.status).toBe('queued');
    expect(await own(posted)).toMatchObject({ status: 'queued' });
    expect(await queuedIds()).toEqual([posted.noteId]);

    const listed = await queue();
    expect(listed.status).toBe(200);
    const items = listed.body as unknown as Queued[];
    expect(items).toEqual([expect.objectContaining({ noteId: posted.noteId, text: 'Ana wants the rota on the wall', anonymous: false, reason: 'review' })]);
    // No author, named note or not: no name, no participant id, nothing finer than the minute.
    const raw = listed.text;
    expect(raw).not.toContain('Ana"');
    expect(raw).not.toContain(ana.participantId);
    expect(raw).not.toMatch(/author/i);
    expect(new Date(items[0]!.at!).getUTCSeconds()).toBe(0);
    expect(new Date(items[0]!.at!).getUTCMilliseconds()).toBe(0);

    // Something else goes on the board meanwhile (the facilitator's own note): the listeners are
    // up to date, and still hold none of Ana's words.
    const mine = await server.request('POST', `/api/rooms/${room.roomId}/notes`, { token: room.facilitatorToken, body: { text: 'Facilitator: welcome' } });
    expect(mine.body).toMatchObject({ status: 'visible' });
    await waitFor(() => presenter.saw('Facilitator: welcome') && onlooker.saw('Facilitator: welcome'), 5_000, 'the facilitator’s note');
    expect(presenter.saw('rota on the wall')).toBe(false);
    expect(onlooker.saw('rota on the wall')).toBe(false);

    const approved = await run({ type: 'queue.approve', noteId: posted.noteId });
    expect(approved.status, approved.text).toBe(200);
    expect(await queuedIds()).toEqual([]);
    await waitFor(() => presenter.has(posted.noteId) && onlooker.has(posted.noteId), 5_000, 'the approved note on both boards');
    expect(await own(posted)).toMatchObject({ status: 'visible' });
    expect((await queue()).body).toEqual([]);
  });

  test('“Don’t show”: the note never appears, and its writer learns it is gone', async () => {
    const [ana] = people as [Person];
    const posted = await post(ana, 'Something the group should not see');
    const rejected = await run({ type: 'queue.reject', noteId: posted.noteId });
    expect(rejected.status, rejected.text).toBe(200);
    expect(await queuedIds()).toEqual([]);
    expect(await own(posted)).toMatchObject({ status: 'gone' });
    await server.request('POST', `/api/rooms/${room.roomId}/notes`, { token: room.facilitatorToken, body: { text: 'After the reject' } });
    await waitFor(() => presenter.saw('After the reject') && onlooker.saw('After the reject'), 5_000, 'a later note');
    expect(presenter.saw('group should not see')).toBe(false);
    expect(onlooker.saw('group should not see')).toBe(false);
    // A second decision on the same note finds nothing waiting.
    const again = await run({ type: 'queue.approve', noteId: posted.noteId });
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('TRIB_NOT_IN_QUEUE');
  });

  test('the writer’s edits change the queued copy, and the approved note carries them', async () => {
    const [ana] = people as [Person];
    const posted = await post(ana, 'First words');
    const patched = await server.request('PATCH', `/api/rooms/${room.roomId}/notes/${posted.noteId}`, { headers: { 'x-edit-key': posted.editKey }, body: { text: 'Better words' } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ status: 'queued', text: 'Better words' });
    expect(((await queue()).body as unknown as Queued[])[0]!.text).toBe('Better words');
    await run({ type: 'queue.approveAll' });
    await waitFor(() => presenter.has(posted.noteId), 5_000, 'approved');
    expect(presenter.saw('First words')).toBe(false);
    expect((presenter.client.doc.getMap('notes').get(posted.noteId) as { get(k: string): unknown }).get('text')).toBe('Better words');
  });

  test('writing a note straight onto the board is refused in a review step (review-first), and nothing is relayed', async () => {
    const [ana] = people as [Person];
    const attacker = server.doc(room.roomId, 'board', ana.token);
    await attacker.synced;
    createNote(attacker.doc, { text: 'Straight on, no check', pos: { x: 0, y: 0 }, authorId: ana.participantId, authorName: 'Ana' });
    await waitFor(() => attacker.closes.some((c) => c.code === CloseCode.Forbidden && c.reason.startsWith('review-first')), 5_000, `close 4403 review-first (${JSON.stringify(attacker.closes)})`);
    await server.request('POST', `/api/rooms/${room.roomId}/notes`, { token: room.facilitatorToken, body: { text: 'Marker note' } });
    await waitFor(() => presenter.saw('Marker note'), 5_000, 'the marker note');
    expect(presenter.saw('no check')).toBe(false);
    expect(onlooker.saw('no check')).toBe(false);
  });

  test('in a review step, new words on a note already on the board wait too: PATCH queues them, a direct text change is refused', async () => {
    const [ana] = people as [Person];
    expect((await run({ type: 'step.goto', index: 3 })).status).toBe(200);
    const posted = await post(ana, 'Written in the open step');
    const direct = server.doc(room.roomId, 'board', ana.token);
    await direct.synced;
    const own = createNote(direct.doc, { text: 'Straight on, before the review', pos: { x: 0, y: 0 }, authorId: ana.participantId, authorName: 'Ana' });
    await waitFor(() => presenter.has(posted.noteId) && presenter.has(own), 5_000, 'both notes out');
    expect((await run({ type: 'step.goto', index: 0 })).status).toBe(200);

    const patched = await server.request('PATCH', `/api/rooms/${room.roomId}/notes/${posted.noteId}`, { headers: { 'x-edit-key': posted.editKey }, body: { text: 'Changed while checked' } });
    expect(patched.body).toMatchObject({ status: 'queued' });
    await waitFor(() => !presenter.has(posted.noteId), 5_000, 'off the board while it waits');
    expect(((await queue()).body as unknown as Queued[])[0]).toMatchObject({ noteId: posted.noteId, reason: 'review' });

    setNoteText(direct.doc, own, 'Changed straight on the board');
    await waitFor(() => direct.closes.some((c) => c.code === CloseCode.Forbidden && c.reason.startsWith('review-first')), 5_000, `4403 review-first (${JSON.stringify(direct.closes)})`);
    await server.request('POST', `/api/rooms/${room.roomId}/notes`, { token: room.facilitatorToken, body: { text: 'Marker after the edit' } });
    await waitFor(() => presenter.saw('Marker after the edit'), 5_000, 'the marker');
    expect(presenter.saw('Changed straight on the board')).toBe(false);
    expect(presenter.saw('Changed while checked')).toBe(false);

    await run({ type: 'queue.approve', noteId: posted.noteId });
    await waitFor(() => presenter.saw('Changed while checked') && presenter.has(posted.noteId), 5_000, 'back, with its new words');
  });

  test('anonymous notes: no author in the queue, and once approved they still wait for three people', async () => {
    expect((await run({ type: 'step.goto', index: 1 })).status).toBe(200);
    const [ana, ben, cat] = people as [Person, Person, Person];
    const a = await post(ana, 'Anon from Ana');
    const b = await post(ben, 'Anon from Ben');
    expect(a.status).toBe('queued');
    const listed = await queue();
    const items = listed.body as unknown as Queued[];
    expect(items.map((i) => i.anonymous)).toEqual([true, true]);
    for (const p of people) {
      expect(listed.text).not.toContain(p.participantId);
      expect(listed.text).not.toContain(`"${p.name}"`);
    }

    // Approved alone, Ana's note waits for its batch: the queue does not get around the rule.
    await run({ type: 'queue.approve', noteId: a.noteId });
    expect(await own(a)).toMatchObject({ status: 'pending', waitingFor: 2 });
    await run({ type: 'queue.approve', noteId: b.noteId });
    expect(await own(b)).toMatchObject({ status: 'pending', waitingFor: 1 });
    expect(presenter.has(a.noteId) || presenter.has(b.noteId)).toBe(false);

    const c = await post(cat, 'Anon from Cat');
    await run({ type: 'queue.approve', noteId: c.noteId });
    await waitFor(() => [a, b, c].every((n) => presenter.has(n.noteId) && onlooker.has(n.noteId)), 5_000, 'the batch of three');
    const onBoard = JSON.stringify(presenter.client.doc.getMap('notes').toJSON());
    for (const p of people) expect(onBoard).not.toContain(p.participantId);
  });

  test('private writing: approved before the reveal it stays sealed; the reveal shows it', async () => {
    expect((await run({ type: 'step.goto', index: 2 })).status).toBe(200);
    const [ana] = people as [Person];
    const posted = await post(ana, 'Private and checked');
    expect(posted.status).toBe('queued');
    await run({ type: 'queue.approve', noteId: posted.noteId });
    expect(await own(posted)).toMatchObject({ status: 'sealed' });
    expect(presenter.has(posted.noteId)).toBe(false);
    // The reveal does not empty the queue: a note still queued at the reveal waits for the facilitator.
    const late = await post(ana, 'Queued at the reveal');
    await run({ type: 'reveal' });
    await waitFor(() => presenter.has(posted.noteId), 5_000, 'revealed');
    expect(await own(late)).toMatchObject({ status: 'queued' });
    // Approved after the reveal, it goes straight on.
    await run({ type: 'queue.approve', noteId: late.noteId });
    await waitFor(() => presenter.has(late.noteId), 5_000, 'approved after the reveal');
  });

  test('the queue and its commands are the facilitator’s: participants and the presenter get 403; an unknown note 404', async () => {
    const [ana] = people as [Person];
    const posted = await post(ana, 'Only the facilitator decides');
    for (const token of [ana.token, tokenOf(room.links.presenter)]) {
      const listed = await queue(token);
      expect(listed.status).toBe(403);
      expect(listed.text).not.toContain('Only the facilitator decides');
      for (const cmd of [{ type: 'queue.approve', noteId: posted.noteId }, { type: 'queue.reject', noteId: posted.noteId }, { type: 'queue.approveAll' }]) {
        expect((await server.command(room.roomId, token, cmd)).status).toBe(403);
      }
    }
    const unknown = await run({ type: 'queue.approve', noteId: 'note_doesnotexist' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('TRIB_NOT_IN_QUEUE');
    expect((await run({ type: 'queue.reject', noteId: 'note_doesnotexist' })).status).toBe(404);
    // A note on the board is not in the queue either.
    const board = await server.request('POST', `/api/rooms/${room.roomId}/notes`, { token: room.facilitatorToken, body: { text: 'On the board' } });
    expect((await run({ type: 'queue.reject', noteId: (board.body as Posted).noteId })).status).toBe(404);
    expect(await own(posted)).toMatchObject({ status: 'queued' });
  });

  test('steps accept review through steps.set and step.update; the facilitator’s own notes never wait', async () => {
    const updated = await run({ type: 'step.update', index: 3, review: true });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body.control.steps[3].review).toBe(true);
    const off = await run({ type: 'step.update', index: 0, review: false });
    expect(off.body.control.steps[0].review).toBeUndefined();
    const bad = await run({ type: 'steps.set', steps: [{ title: 'x', prompt: 'y', mode: 'open', review: 'yes' }] });
    expect(bad.status).toBe(400);
    await run({ type: 'step.goto', index: 3 });
    const mine = await server.request('POST', `/api/rooms/${room.roomId}/notes`, { token: room.facilitatorToken, body: { text: 'From the front' } });
    expect(mine.body).toMatchObject({ status: 'visible' });
  });

  test('an approved note that still waits (its batch, the reveal) goes back to the queue when its writer changes its words', async () => {
    const [ana, ben] = people as [Person, Person];
    for (const [index, writer] of [[1, ana], [2, ben]] as const) {
      expect((await run({ type: 'step.goto', index })).status).toBe(200);
      const posted = await post(writer, `Checked words ${index}`);
      await run({ type: 'queue.approve', noteId: posted.noteId });
      expect(await own(posted)).toMatchObject({ status: index === 1 ? 'pending' : 'sealed' });
      const patched = await patch(posted, `Unchecked words ${index}`);
      expect(patched.status, patched.text).toBe(200);
      expect(patched.body).toMatchObject({ status: 'queued', text: `Unchecked words ${index}` });
      expect(await own(posted)).toMatchObject({ status: 'queued' });
      expect(await queuedIds()).toEqual([posted.noteId]);
      expect(((await queue()).body as unknown as Queued[])[0]).toMatchObject({ reason: 'review', text: `Unchecked words ${index}` });
      // What would have let it out unchecked does not: the reveal, or the batch's other writers.
      if (index === 1) for (const p of [ben, people[2]!]) await run({ type: 'queue.approve', noteId: (await post(p, `Batch ${p.name}`)).noteId });
      else await run({ type: 'reveal' });
      await server.request('POST', `/api/rooms/${room.roomId}/notes`, { token: room.facilitatorToken, body: { text: `Marker ${index}` } });
      await waitFor(() => presenter.saw(`Marker ${index}`), 5_000, `marker ${index}`);
      expect(presenter.has(posted.noteId)).toBe(false);
      expect(presenter.saw(`Unchecked words ${index}`)).toBe(false);
      expect(await own(posted)).toMatchObject({ status: 'queued' });
      // Approved again, it goes on as before: on the board now that the batch or the reveal has been.
      await run({ type: 'queue.approve', noteId: posted.noteId });
      if (index === 2) await waitFor(() => presenter.saw(`Unchecked words ${index}`), 5_000, 'approved after the reveal');
    }
  });

  test('a picture note waits in the queue with its picture, so the facilitator sees it before approving', async () => {
    const [ana] = people as [Person];
    const imageId = await mustUpload(server.url, room.roomId, ana.token, plainPng(), 'image/png');
    const posted = await post(ana, 'a door', { imageId, imageKind: 'sketch' });
    expect(posted.status).toBe('queued');
    expect((await queue()).body).toEqual([expect.objectContaining({ noteId: posted.noteId, imageId, imageKind: 'sketch', text: 'a door' })]);
  });

  test('a participant’s control document never changes when a note is queued: the room cannot tell when, or whose', async () => {
    const [ana] = people as [Person];
    const watcher = server.doc(room.roomId, 'control', people[1]!.token);
    await watcher.synced;
    const updates: Uint8Array[] = [];
    watcher.doc.on('update', (u: Uint8Array) => updates.push(u));
    const control = () => watcher.doc.getMap('control').toJSON() as Record<string, unknown>;
    const before = JSON.stringify(control());
    // Held by the review step (step 0), and by the word filter in an open step.
    expect((await post(ana, 'Held for review')).status).toBe('queued');
    await run({ type: 'step.update', index: 3, prompt: 'Marker prompt' });
    await waitFor(() => JSON.stringify(control()).includes('Marker prompt'), 5_000, 'the marker');
    expect(updates).toHaveLength(1);
    expect(JSON.stringify(control()).replace('Marker prompt', 'Anything else?')).toBe(before);
    expect((await run({ type: 'step.goto', index: 3 })).status).toBe(200);
    await waitFor(() => watcher.doc.getMap('control').get('stepIndex') === 3, 5_000, 'step 3');
    const atStep = JSON.stringify(control());
    const count = updates.length;
    expect((await post(ana, 'This rota is sh1t', { anonymous: true })).status).toBe('queued');
    await run({ type: 'step.update', index: 0, prompt: 'Second marker' });
    await waitFor(() => JSON.stringify(control()).includes('Second marker'), 5_000, 'the second marker');
    expect(updates).toHaveLength(count + 1);
    expect(JSON.stringify(control()).replace('Second marker', 'What matters?')).toBe(atStep);
    expect(Object.keys(control()).filter((k) => /queue/i.test(k))).toEqual([]);
  });
});
