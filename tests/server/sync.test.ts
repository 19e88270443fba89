import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type * as Y from 'yjs';
import { createArea, deleteNotes, setNoteText } from '@tributary/shared/board/mutations';
import { FACILITATOR_WRITER, mustJoinAs, noteText, writeNote } from '../helpers/board.ts';
import { connectDoc, waitFor, type DocClient } from '../helpers/clients.ts';
import { command, mustCreateRoom, mustJoin, type CreatedRoom } from '../helpers/server.ts';
import { useServer } from '../helpers/fixture.ts';

// Live documents over the y-websocket protocol with stock clients (shared/API.md "Live documents").

describe('board sync between stock clients', () => {
  const server = useServer({ per: 'test' });
  let room: CreatedRoom;
  const clients: DocClient[] = [];
  const connect = (docName: string, token: string, awareness?: Record<string, unknown>): DocClient => {
    const client = connectDoc(server.wsUrl, room.roomId, docName, token, awareness ? { awareness } : {});
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    room = await mustCreateRoom(server.url, 'Sync');
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
  });

  test('two participants converge in both directions', async () => {
    const alice = await mustJoinAs(server.url, room.joinCode, 'A');
    const bob = await mustJoinAs(server.url, room.joinCode, 'B');
    const a = connect('board', alice.token);
    const b = connect('board', bob.token);
    const f = connect('board', room.facilitatorToken);
    await Promise.all([a.synced, b.synced, f.synced]);

    const fromA = writeNote(a.doc, alice, { text: 'hello from A' });
    await waitFor(() => noteText(b.doc, fromA) === 'hello from A', 5_000, 'B to see A\'s note');

    const fromB = writeNote(b.doc, bob, { text: 'hello from B' });
    await waitFor(() => noteText(a.doc, fromB) === 'hello from B', 5_000, 'A to see B\'s note');

    // Concurrent edits of the same note (its author and the facilitator, the two who may edit
    // its text) converge to the same result everywhere.
    await waitFor(() => noteText(f.doc, fromA) === 'hello from A', 5_000, 'the facilitator to see A\'s note');
    setNoteText(a.doc, fromA, 'alpha');
    setNoteText(f.doc, fromA, 'beta');
    const texts = (): Array<string | undefined> => [a, b, f].map((client) => noteText(client.doc, fromA));
    await waitFor(() => new Set(texts()).size === 1, 5_000, `the three copies to agree (${texts().join(', ')})`);
    expect(['alpha', 'beta']).toContain(texts()[0]);
    expect(a.doc.getMap('notes').toJSON()).toEqual(b.doc.getMap('notes').toJSON());
    expect(a.doc.getMap('notes').toJSON()).toEqual(f.doc.getMap('notes').toJSON());
    for (const client of [a, b, f]) expect(client.closes.filter((c) => c.code >= 4000)).toEqual([]);
  });

  test('a burst of 200 writes from each side converges', async () => {
    const alice = await mustJoinAs(server.url, room.joinCode, 'A');
    const bob = await mustJoinAs(server.url, room.joinCode, 'B');
    const a = connect('board', alice.token);
    const b = connect('board', bob.token);
    await Promise.all([a.synced, b.synced]);
    const na = a.doc.getMap('notes');
    const nb = b.doc.getMap('notes');
    const ids: Array<{ id: string; text: string }> = [];
    for (let i = 0; i < 200; i++) {
      // 200 separate transactions, i.e. 200 separate update messages.
      ids.push({ id: writeNote(a.doc, alice, { text: `a${i}`, pos: { x: i, y: 0 } }), text: `a${i}` });
      ids.push({ id: writeNote(b.doc, bob, { text: `b${i}`, pos: { x: i, y: 200 } }), text: `b${i}` });
    }
    await waitFor(() => na.size === 400 && nb.size === 400, 10_000, `both sides to hold 400 notes (A ${na.size}, B ${nb.size})`);
    expect(nb.toJSON()).toEqual(na.toJSON());
    for (const { id, text } of ids) {
      expect(noteText(a.doc, id)).toBe(text);
      expect(noteText(b.doc, id)).toBe(text);
    }
    expect(a.closes.filter((c) => c.code >= 4000)).toEqual([]);
    expect(b.closes.filter((c) => c.code >= 4000)).toEqual([]);
  });

  test('the facilitator and participants see each other\'s awareness', async () => {
    const f = connect('board', room.facilitatorToken, { user: { name: 'Facilitator' } });
    const p1 = connect('board', await mustJoin(server.url, room.joinCode, 'P1'), { user: { name: 'P1' } });
    const p2 = connect('board', await mustJoin(server.url, room.joinCode, 'P2'), { user: { name: 'P2' } });
    await Promise.all([f.synced, p1.synced, p2.synced]);
    const all = [f, p1, p2];
    const names = (client: DocClient): string[] =>
      [...client.provider.awareness.getStates().values()]
        .map((s) => (s.user as { name?: string } | undefined)?.name)
        .filter((n): n is string => typeof n === 'string')
        .sort();
    for (const client of all) {
      await waitFor(
        () => names(client).join(',') === 'Facilitator,P1,P2',
        5_000,
        `awareness of all three at ${client.provider.awareness.getLocalState()?.user?.name} (has ${names(client).join(',')})`,
      );
    }

    // A change of state travels too (e.g. a cursor).
    p1.provider.awareness.setLocalStateField('cursor', { x: 10, y: 20 });
    await waitFor(
      () => (f.provider.awareness.getStates().get(p1.doc.clientID)?.cursor as { x: number } | undefined)?.x === 10,
      5_000,
      'the facilitator to see P1\'s cursor',
    );

    // A client that leaves disappears from the others' awareness.
    p2.destroy();
    clients.splice(clients.indexOf(p2), 1);
    await waitFor(() => !f.provider.awareness.getStates().has(p2.doc.clientID), 5_000, 'P2 to leave the facilitator\'s awareness');
    await waitFor(() => !p1.provider.awareness.getStates().has(p2.doc.clientID), 5_000, 'P2 to leave P1\'s awareness');
  });

  test('a client that connects later gets the whole state', async () => {
    const a = connect('board', room.facilitatorToken);
    await a.synced;
    for (let i = 0; i < 50; i++) writeNote(a.doc, FACILITATOR_WRITER, { text: `v${i}`, pos: { x: i * 10, y: 0 } });
    const edited = writeNote(a.doc, FACILITATOR_WRITER, { text: 'first draft' });
    setNoteText(a.doc, edited, 'written before anyone else came');
    const gone = writeNote(a.doc, FACILITATOR_WRITER, { text: 'deleted before anyone else came' });
    deleteNotes(a.doc, [gone]);
    const areaId = createArea(a.doc, { title: 'A table', rect: { x: 0, y: 400, w: 400, h: 300 } });

    // Wait for a first participant to receive it all, so it is known to be on the server.
    const b = connect('board', await mustJoin(server.url, room.joinCode, 'B'));
    await b.synced;
    await waitFor(() => b.doc.getMap('notes').size === 51 && b.doc.getMap('areas').size === 1, 5_000, 'B to hold 51 notes and the area');

    const c = connect('board', await mustJoin(server.url, room.joinCode, 'C'));
    await c.synced;
    // The initial sync alone brings everything: no further waiting.
    expect(c.doc.getMap('notes').toJSON()).toEqual(a.doc.getMap('notes').toJSON());
    expect(c.doc.getMap('areas').toJSON()).toEqual(a.doc.getMap('areas').toJSON());
    expect(noteText(c.doc, edited)).toBe('written before anyone else came');
    expect(c.doc.getMap('notes').has(gone)).toBe(false);
    expect(c.doc.getMap<Y.Map<unknown>>('areas').get(areaId)?.get('title')).toBe('A table');
  });

  test('the board of one room never reaches another room', async () => {
    const other = await mustCreateRoom(server.url, 'Other');
    const a = connect('board', room.facilitatorToken);
    const b = connectDoc(server.wsUrl, other.roomId, 'board', other.facilitatorToken);
    clients.push(b);
    await Promise.all([a.synced, b.synced]);
    const secret = writeNote(a.doc, FACILITATOR_WRITER, { text: 'room one only' });
    const sentinel = writeNote(b.doc, FACILITATOR_WRITER, { text: 'room two' });
    // A fresh client of room two after both writes: it has the sentinel, never the secret.
    const c = connectDoc(server.wsUrl, other.roomId, 'board', other.facilitatorToken);
    clients.push(c);
    await c.synced;
    await waitFor(() => noteText(c.doc, sentinel) === 'room two', 5_000, 'room two\'s own write');
    // A second client of room one receives the secret, so the server has had it.
    const d = connect('board', room.facilitatorToken);
    await d.synced;
    await waitFor(() => noteText(d.doc, secret) === 'room one only', 5_000, 'room one\'s own write');
    expect(c.doc.getMap('notes').has(secret)).toBe(false);
    expect(b.doc.getMap('notes').has(secret)).toBe(false);
    expect(c.doc.getMap('notes').size).toBe(1);
  });

  test('the control document is read live by everyone: a facilitator command reaches stock clients', async () => {
    const p = connect('control', await mustJoin(server.url, room.joinCode, 'P'));
    const f = connect('control', room.facilitatorToken);
    await Promise.all([p.synced, f.synced]);
    expect(p.doc.getMap('control').get('locked')).not.toBe(true);
    const res = await command(server.url, room.roomId, room.facilitatorToken, { type: 'board.lock' });
    expect(res.status, res.text).toBe(200);
    for (const [who, client] of [['participant', p], ['facilitator', f]] as const) {
      await waitFor(() => client.doc.getMap('control').get('locked') === true, 5_000, `the ${who} to see the lock`);
    }
    expect(p.doc.getMap('control').toJSON()).toEqual(f.doc.getMap('control').toJSON());
  });
});
