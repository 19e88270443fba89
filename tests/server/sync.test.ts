import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { connectDoc, waitFor, type DocClient } from '../helpers/clients.ts';
import { command, mustCreateRoom, mustJoin, startTestServer, type CreatedRoom, type TestServer } from '../helpers/server.ts';

// Live documents over the y-websocket protocol with stock clients (shared/API.md "Live documents").

describe('board sync between stock clients', () => {
  let server: TestServer;
  let room: CreatedRoom;
  const clients: DocClient[] = [];
  const connect = (docName: string, token: string, awareness?: Record<string, unknown>): DocClient => {
    const client = connectDoc(server.wsUrl, room.roomId, docName, token, awareness ? { awareness } : {});
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    server = await startTestServer();
    room = await mustCreateRoom(server.url, 'Sync');
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server?.close();
  });

  test('two participants converge in both directions', async () => {
    const a = connect('board', await mustJoin(server.url, room.joinCode, 'A'));
    const b = connect('board', await mustJoin(server.url, room.joinCode, 'B'));
    await Promise.all([a.synced, b.synced]);

    a.doc.getMap('t').set('fromA', 'hello from A');
    await waitFor(() => b.doc.getMap('t').get('fromA') === 'hello from A', 5_000, 'B to see A\'s write');

    b.doc.getMap('t').set('fromB', 'hello from B');
    await waitFor(() => a.doc.getMap('t').get('fromB') === 'hello from B', 5_000, 'A to see B\'s write');

    // Concurrent edits of the same text converge to the same result.
    const ta = a.doc.getText('text');
    const tb = b.doc.getText('text');
    ta.insert(0, 'alpha ');
    tb.insert(0, 'beta ');
    await waitFor(() => ta.toString() === tb.toString() && ta.length === 'alpha beta '.length, 5_000, 'texts to converge');
    expect(ta.toString()).toBe(tb.toString());
  });

  test('a burst of 200 writes from each side converges', async () => {
    const a = connect('board', await mustJoin(server.url, room.joinCode, 'A'));
    const b = connect('board', await mustJoin(server.url, room.joinCode, 'B'));
    await Promise.all([a.synced, b.synced]);
    const ma = a.doc.getMap<number>('burst');
    const mb = b.doc.getMap<number>('burst');
    for (let i = 0; i < 200; i++) {
      // 200 separate transactions, i.e. 200 separate update messages.
      ma.set(`a${i}`, i);
      mb.set(`b${i}`, i);
    }
    await waitFor(() => ma.size === 400 && mb.size === 400, 10_000, `both sides to hold 400 keys (A ${ma.size}, B ${mb.size})`);
    expect(mb.toJSON()).toEqual(ma.toJSON());
    for (let i = 0; i < 200; i++) {
      expect(mb.get(`a${i}`)).toBe(i);
      expect(ma.get(`b${i}`)).toBe(i);
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
    const m = a.doc.getMap<string>('late');
    for (let i = 0; i < 50; i++) m.set(`k${i}`, `v${i}`);
    a.doc.getText('doc').insert(0, 'written before anyone else came');
    a.doc.getArray<number>('list').push([1, 2, 3]);

    // Wait for a first participant to receive it all, so it is known to be on the server.
    const b = connect('board', await mustJoin(server.url, room.joinCode, 'B'));
    await b.synced;
    await waitFor(() => b.doc.getMap('late').size === 50, 5_000, 'B to hold 50 keys');

    const c = connect('board', await mustJoin(server.url, room.joinCode, 'C'));
    await c.synced;
    // The initial sync alone brings everything: no further waiting.
    expect(c.doc.getMap('late').toJSON()).toEqual(m.toJSON());
    expect(c.doc.getText('doc').toString()).toBe('written before anyone else came');
    expect(c.doc.getArray('list').toArray()).toEqual([1, 2, 3]);
  });

  test('the board of one room never reaches another room', async () => {
    const other = await mustCreateRoom(server.url, 'Other');
    const a = connect('board', room.facilitatorToken);
    const b = connectDoc(server.wsUrl, other.roomId, 'board', other.facilitatorToken);
    clients.push(b);
    await Promise.all([a.synced, b.synced]);
    a.doc.getMap('t').set('secret', 'room one only');
    b.doc.getMap('t').set('sentinel', 'room two');
    // A fresh client of room two after both writes: it has the sentinel, never the secret.
    const c = connectDoc(server.wsUrl, other.roomId, 'board', other.facilitatorToken);
    clients.push(c);
    await c.synced;
    await waitFor(() => c.doc.getMap('t').get('sentinel') === 'room two', 5_000, 'room two\'s own write');
    await waitFor(() => a.doc.getMap('t').get('secret') === 'room one only', 1_000, 'own write');
    expect(c.doc.getMap('t').has('secret')).toBe(false);
    expect(b.doc.getMap('t').has('secret')).toBe(false);
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
