import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { closedWithin, encodeSyncStep1, encodeUpdateMessage, waitFor, type DocClient } from '../helpers/clients.ts';
import { useServer, type ServerFixture } from '../helpers/fixture.ts';
import type { CreatedRoom } from '../helpers/server.ts';

// Roles and tokens (issue 15), tried from outside: a presenter token that only reads, removing a
// participant, sealed notes that moderation cannot open, and the same participant back from the
// same phone.

const tokenOf = (link: string): string => decodeURIComponent(new URL(link).hash.replace(/^#token=/, ''));
const deviceKey = (): string => randomBytes(24).toString('base64url');
const roomPath = (roomId: string, rest = ''): string => `/api/rooms/${encodeURIComponent(roomId)}${rest}`;

interface Joined {
  participantToken: string;
  participantId: string;
  name?: string;
}

async function joinAs(server: ServerFixture, joinCode: string, body: Record<string, unknown> = {}): Promise<Joined> {
  const res = await server.request<Joined>('POST', '/api/join', { body: { joinCode, ...body } });
  if (res.status !== 200) throw new Error(`join answered ${res.status}: ${res.text}`);
  return res.body;
}

function connect(server: ServerFixture, roomId: string, docName: string, token: string, opts: { awareness?: Record<string, unknown> } = {}): DocClient {
  return server.doc(roomId, docName, token, opts);
}

const noteTexts = (doc: Y.Doc): string[] => Object.values(doc.getMap('notes').toJSON() as Record<string, { text: string }>).map((n) => n.text);

describe('the presenter token reads and never commands', () => {
  const server = useServer();
  let room: CreatedRoom;
  let presenter: string;
  beforeAll(async () => {
    room = await server.room('Screen');
    presenter = tokenOf(room.links.presenter);
  });

  test('links.presenter carries a token of its own, not the facilitator token', () => {
    expect(presenter).not.toBe(room.facilitatorToken);
    expect(presenter.length).toBeGreaterThanOrEqual(32);
    expect(room.links.presenter).not.toContain(room.facilitatorToken);
  });

  test('it reads the room and the votes, as a presenter', async () => {
    const info = await server.request('GET', roomPath(room.roomId), { token: presenter });
    expect(info.status).toBe(200);
    expect(info.body.role).toBe('presenter');
    expect(info.body.participantId).toBeUndefined();
    const votes = await server.request('GET', roomPath(room.roomId, '/votes'), { token: presenter });
    expect(votes.status).toBe(200);
    expect(votes.body).toEqual({ open: false, budget: expect.any(Number) });
  });

  test('every command, note, vote, list and export is refused', async () => {
    const refused = [
      await server.command(room.roomId, presenter, { type: 'board.lock' }),
      await server.command(room.roomId, presenter, { type: 'step.next' }),
      await server.request('POST', roomPath(room.roomId, '/notes'), { token: presenter, body: { text: 'from the projector' } }),
      await server.request('POST', roomPath(room.roomId, '/votes'), { token: presenter, body: { noteId: 'note_x', delta: 1 } }),
      await server.request('GET', roomPath(room.roomId, '/participants'), { token: presenter }),
      await server.request('GET', roomPath(room.roomId, '/hidden'), { token: presenter }),
      await server.request('GET', roomPath(room.roomId, '/export?format=json'), { token: presenter }),
      await server.request('POST', roomPath(room.roomId, '/presenter-link'), { token: presenter }),
      await server.request('DELETE', roomPath(room.roomId), { token: presenter }),
    ];
    for (const res of refused) {
      expect(res.status).toBe(403);
      expect(typeof res.body.message).toBe('string');
    }
    const control = await server.request('GET', roomPath(room.roomId), { token: room.facilitatorToken });
    expect(control.status).toBe(200);
  });

  test('presenter-link: the facilitator gets the same link again (old rooms get one this way); others are refused', async () => {
    const again = await server.request('POST', roomPath(room.roomId, '/presenter-link'), { token: room.facilitatorToken });
    expect(again.status).toBe(200);
    expect(again.body.presenter).toBe(room.links.presenter);
    const participant = await joinAs(server, room.joinCode);
    expect((await server.request('POST', roomPath(room.roomId, '/presenter-link'), { token: participant.participantToken })).status).toBe(403);
    expect((await server.request('POST', roomPath(room.roomId, '/presenter-link'))).status).toBe(401);
  });

  test('it syncs both documents, and a board write it sends reaches nobody', async () => {
    const posted = await server.request('POST', roomPath(room.roomId, '/notes'), { token: room.facilitatorToken, body: { text: 'on the board' } });
    expect(posted.status).toBe(201);
    const board = connect(server, room.roomId, 'board', presenter);
    const control = connect(server, room.roomId, 'control', presenter);
    await Promise.all([board.synced, control.synced]);
    expect(noteTexts(board.doc)).toContain('on the board');
    expect(control.doc.getMap('control').get('title')).toBe('Screen');

    // A raw socket with the presenter token writes a note, then asks for a sync: the server
    // answers (or closes) only after it has dealt with the write before it.
    const forged = new Y.Doc();
    forged.getMap('notes').set('note_projector', new Y.Map([['text', 'written by the projector']]) as never);
    const socket = server.raw({ roomId: room.roomId, docName: 'board', token: presenter });
    await socket.opened;
    socket.ws.send(encodeUpdateMessage(Y.encodeStateAsUpdate(forged)));
    socket.ws.send(encodeSyncStep1(new Y.Doc()));
    await waitFor(
      () => socket.ws.readyState !== socket.ws.OPEN || socket.messages.some((m) => m[0] === 0 && m[1] === 1),
      5_000,
      'the answer to the sync step 1 (or a close)',
    );
    socket.ws.close();

    const fresh = connect(server, room.roomId, 'board', room.facilitatorToken);
    await fresh.synced;
    expect(noteTexts(fresh.doc)).toContain('on the board');
    expect(noteTexts(fresh.doc)).not.toContain('written by the projector');
  });

  test("its presence says 'presenter' whatever it claims, and it is never listed as a person", async () => {
    const watcher = connect(server, room.roomId, 'board', room.facilitatorToken);
    await watcher.synced;
    const screen = connect(server, room.roomId, 'board', presenter, { awareness: { name: 'Screen', role: 'facilitator' } });
    await screen.synced;
    const screenId = screen.doc.clientID;
    await waitFor(() => watcher.provider.awareness.getStates().has(screenId), 5_000, "the screen's presence");
    expect(watcher.provider.awareness.getStates().get(screenId)?.role).toBe('presenter');
    const people = await server.request('GET', roomPath(room.roomId, '/participants'), { token: room.facilitatorToken });
    expect(people.body.length).toBe(1); // the participant who joined above, not the screen
  });
});

describe('the facilitator removes a participant', () => {
  const server = useServer();
  let room: CreatedRoom;
  beforeAll(async () => {
    room = await server.room('Removal');
  });

  test('their sockets close with 4401 "removed", their token opens nothing, and the same phone cannot join again', async () => {
    const key = deviceKey();
    const gone = await joinAs(server, room.joinCode, { name: 'Mo', deviceKey: key });
    const stays = await joinAs(server, room.joinCode, { name: 'Ana' });
    const goneBoard = connect(server, room.roomId, 'board', gone.participantToken);
    const goneControl = connect(server, room.roomId, 'control', gone.participantToken);
    const staysBoard = connect(server, room.roomId, 'board', stays.participantToken);
    await Promise.all([goneBoard.synced, goneControl.synced, staysBoard.synced]);

    // Only the facilitator may remove someone; an unknown id is a clear 404.
    expect((await server.command(room.roomId, stays.participantToken, { type: 'participant.remove', participantId: gone.participantId })).status).toBe(403);
    const unknown = await server.command(room.roomId, room.facilitatorToken, { type: 'participant.remove', participantId: 'p_nobody' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('TRIB_PARTICIPANT_NOT_FOUND');

    const removed = await server.command(room.roomId, room.facilitatorToken, { type: 'participant.remove', participantId: gone.participantId });
    expect(removed.status).toBe(200);
    await waitFor(() => goneBoard.closes.length > 0 && goneControl.closes.length > 0, 5_000, 'both of their sockets closed');
    expect(goneBoard.closes[0]).toEqual({ code: 4401, reason: 'removed' });
    expect(goneControl.closes[0]).toEqual({ code: 4401, reason: 'removed' });
    expect(staysBoard.closes).toEqual([]);

    for (const res of [
      await server.request('GET', roomPath(room.roomId), { token: gone.participantToken }),
      await server.request('GET', roomPath(room.roomId, '/votes'), { token: gone.participantToken }),
      await server.request('POST', roomPath(room.roomId, '/notes'), { token: gone.participantToken, body: { text: 'still here?' } }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('TRIB_REMOVED');
    }
    const socket = server.raw({ roomId: room.roomId, docName: 'board', token: gone.participantToken });
    expect(await closedWithin(socket, 5_000, 'a reconnect with the removed token')).toEqual({ code: 4401, reason: 'removed' });

    const again = await server.request('POST', '/api/join', { body: { joinCode: room.joinCode, deviceKey: key } });
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('TRIB_REMOVED');
    expect(again.body.message).toMatch(/facilitator has taken you out/);

    const people = await server.request<Array<{ participantId: string }>>('GET', roomPath(room.roomId, '/participants'), { token: room.facilitatorToken });
    expect(people.body.map((p) => p.participantId)).toEqual([stays.participantId]);
    expect((await server.request('GET', roomPath(room.roomId), { token: stays.participantToken })).status).toBe(200);

    // Stored so: after a restart the token still opens nothing.
    await server.restart();
    expect((await server.request('GET', roomPath(room.roomId), { token: gone.participantToken })).status).toBe(401);
    expect((await server.request('GET', roomPath(room.roomId), { token: stays.participantToken })).status).toBe(200);
    const afterRestart = server.raw({ roomId: room.roomId, docName: 'control', token: gone.participantToken });
    expect((await closedWithin(afterRestart, 5_000, 'a reconnect after the restart')).code).toBe(4401);
  });

  test('a removed person leaves their group', async () => {
    const a = await joinAs(server, room.joinCode, { name: 'A' });
    const b = await joinAs(server, room.joinCode, { name: 'B' });
    const set = await server.command(room.roomId, room.facilitatorToken, { type: 'groups.set', groups: [{ label: 'Table', members: [a.participantId, b.participantId] }] });
    expect(set.status).toBe(200);
    const res = await server.command(room.roomId, room.facilitatorToken, { type: 'participant.remove', participantId: a.participantId });
    expect(res.status).toBe(200);
    expect(res.body.control.groups[0].members).toEqual([b.participantId]);
  });
});

describe('a sealed or waiting note cannot be hidden or unhidden before it is out', () => {
  const server = useServer();
  let room: CreatedRoom;
  beforeAll(async () => {
    room = await server.room('Private');
  });

  test('hide, unhide and a facilitator DELETE of a sealed note answer 409; the words stay sealed until the reveal', async () => {
    const steps = [{ title: 'Write alone', prompt: 'Write alone', mode: 'private' }];
    expect((await server.command(room.roomId, room.facilitatorToken, { type: 'steps.set', steps, index: 0 })).status).toBe(200);
    const p = await joinAs(server, room.joinCode, { name: 'Kit' });
    const sealed = await server.request('POST', roomPath(room.roomId, '/notes'), { token: p.participantToken, body: { text: 'my secret words' } });
    expect(sealed.body.status).toBe('sealed');
    const noteId = sealed.body.noteId as string;

    const hide = await server.command(room.roomId, room.facilitatorToken, { type: 'note.hide', noteId });
    expect(hide.status).toBe(409);
    expect(hide.body.code).toBe('TRIB_NOTE_NOT_ON_BOARD_YET');
    expect(hide.body.message).toMatch(/sealed until the reveal/);
    const unhide = await server.command(room.roomId, room.facilitatorToken, { type: 'note.unhide', noteId });
    expect(unhide.status).toBe(409);
    expect(unhide.body.code).toBe('TRIB_NOTE_NOT_ON_BOARD_YET');
    expect((await server.request('DELETE', roomPath(room.roomId, `/notes/${noteId}`), { token: room.facilitatorToken })).status).toBe(409);

    const hidden = await server.request('GET', roomPath(room.roomId, '/hidden'), { token: room.facilitatorToken });
    expect(hidden.text).not.toContain('my secret words');
    const board = connect(server, room.roomId, 'board', room.facilitatorToken);
    await board.synced;
    expect(noteTexts(board.doc)).not.toContain('my secret words');

    // After the reveal the note is on the board, and moderation works as before.
    expect((await server.command(room.roomId, room.facilitatorToken, { type: 'reveal' })).status).toBe(200);
    await waitFor(() => noteTexts(board.doc).includes('my secret words'), 5_000, 'the revealed note');
    expect((await server.command(room.roomId, room.facilitatorToken, { type: 'note.hide', noteId })).status).toBe(200);
    expect((await server.command(room.roomId, room.facilitatorToken, { type: 'note.unhide', noteId })).status).toBe(200);
  });

  test('a pending anonymous note (waiting for its batch) is refused the same way', async () => {
    const steps = [{ title: 'Anonymous', prompt: 'No names', mode: 'anonymous' }];
    expect((await server.command(room.roomId, room.facilitatorToken, { type: 'steps.set', steps, index: 0 })).status).toBe(200);
    const p = await joinAs(server, room.joinCode);
    const pending = await server.request('POST', roomPath(room.roomId, '/notes'), { token: p.participantToken, body: { text: 'waiting words' } });
    expect(pending.body.status).toBe('pending');
    const hide = await server.command(room.roomId, room.facilitatorToken, { type: 'note.hide', noteId: pending.body.noteId });
    expect(hide.status).toBe(409);
    expect(hide.body.message).toMatch(/waiting to go up with others/);
    const unhide = await server.command(room.roomId, room.facilitatorToken, { type: 'note.unhide', noteId: pending.body.noteId });
    expect(unhide.status).toBe(409);
    const hidden = await server.request('GET', roomPath(room.roomId, '/hidden'), { token: room.facilitatorToken });
    expect(hidden.text).not.toContain('waiting words');
  });
});

describe('the same phone gets the same participant back', () => {
  const server = useServer();
  let room: CreatedRoom;
  beforeAll(async () => {
    room = await server.room('Votes');
  });

  test('re-joining with the device key gives the same token, id, name and spent votes; a new key or none is someone new', async () => {
    const key = deviceKey();
    const first = await joinAs(server, room.joinCode, { name: 'Sam', deviceKey: key });
    const posted = await server.request('POST', roomPath(room.roomId, '/notes'), { token: room.facilitatorToken, body: { text: 'vote for me' } });
    expect((await server.command(room.roomId, room.facilitatorToken, { type: 'voting.open', budget: 3 })).status).toBe(200);
    const vote = await server.request('POST', roomPath(room.roomId, '/votes'), { token: first.participantToken, body: { noteId: posted.body.noteId, delta: 1 } });
    expect(vote.body.remaining).toBe(2);

    // Storage cleared in the browser but not the device key: or simply the join page again.
    const again = await joinAs(server, room.joinCode, { name: 'Someone else', deviceKey: key });
    expect(again.participantToken).toBe(first.participantToken);
    expect(again.participantId).toBe(first.participantId);
    expect(again.name).toBe('Sam');
    const votes = await server.request('GET', roomPath(room.roomId, '/votes'), { token: again.participantToken });
    expect(votes.body.remaining).toBe(2);
    expect(votes.body.mine).toEqual({ [posted.body.noteId]: 1 });

    const other = await joinAs(server, room.joinCode, { deviceKey: deviceKey() });
    expect(other.participantId).not.toBe(first.participantId);
    const none1 = await joinAs(server, room.joinCode);
    const none2 = await joinAs(server, room.joinCode);
    expect(none1.participantId).not.toBe(none2.participantId);
    expect((await server.request('GET', roomPath(room.roomId, '/votes'), { token: other.participantToken })).body.remaining).toBe(3);
  });

  test('the device key is bounded: too short, too long or outside A-Z a-z 0-9 _ - is a 400', async () => {
    for (const bad of ['short', 'x'.repeat(65), `${'a'.repeat(30)} space`, `${'a'.repeat(30)}/slash`, `${'a'.repeat(30)}é`, 42, null]) {
      const res = await server.request('POST', '/api/join', { body: { joinCode: room.joinCode, deviceKey: bad } });
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
  });

  test('neither the device key nor the token it gives is stored', async () => {
    const key = deviceKey();
    const joined = await joinAs(server, room.joinCode, { deviceKey: key });
    await server.halt();
    const bytes = Buffer.concat(
      fs
        .readdirSync(server.dataDir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name))),
    );
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(Buffer.from(key))).toBe(false);
    expect(bytes.includes(Buffer.from(joined.participantToken))).toBe(false);
  });
});
