import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { closedWithin, connectDoc, docUrl, rawSocket, sleep, waitFor, type DocClient } from '../helpers/clients.ts';
import {
  command,
  makeTempDir,
  mustCreateRoom,
  mustJoin,
  startTestServer,
  type CreatedRoom,
  type TestServer,
} from '../helpers/server.ts';
import fs from 'node:fs';

// Who may open and write which live document (shared/API.md "Live documents").

describe('websocket authentication', () => {
  let server: TestServer;
  let room: CreatedRoom;
  let other: CreatedRoom;
  let participant: string;
  let otherParticipant: string;
  beforeAll(async () => {
    server = await startTestServer();
    room = await mustCreateRoom(server.url, 'Auth');
    other = await mustCreateRoom(server.url, 'Other');
    participant = await mustJoin(server.url, room.joinCode, 'P');
    otherParticipant = await mustJoin(server.url, other.joinCode, 'Q');
  });
  afterAll(async () => {
    await server?.close();
  });

  const closeCode = async (url: string, label: string): Promise<number> => {
    const socket = rawSocket(url);
    const info = await closedWithin(socket, 5_000, label);
    return info.code;
  };

  test('a valid token opens both documents (the control for the checks below)', async () => {
    for (const token of [room.facilitatorToken, participant]) {
      for (const doc of ['board', 'control']) {
        const socket = rawSocket(docUrl(server.wsUrl, room.roomId, doc, token));
        await socket.opened;
        // The server starts the y-websocket handshake with its sync step 1.
        await waitFor(() => socket.messages.length > 0, 5_000, `a first message on ${doc}`);
        expect(socket.messages[0]?.[0]).toBe(0);
        await sleep(100);
        expect(socket.ws.readyState).toBe(socket.ws.OPEN);
        socket.ws.close();
        await socket.closed;
      }
    }
  });

  test('a missing token closes with 4401', async () => {
    expect(await closeCode(docUrl(server.wsUrl, room.roomId, 'board'), 'no token')).toBe(4401);
    expect(await closeCode(docUrl(server.wsUrl, room.roomId, 'board', ''), 'empty token')).toBe(4401);
  });

  test('a wrong token closes with 4401', async () => {
    const wrong = 'A'.repeat(43);
    expect(await closeCode(docUrl(server.wsUrl, room.roomId, 'board', wrong), 'wrong token')).toBe(4401);
    // The facilitator token with one character changed.
    const last = room.facilitatorToken.slice(-1) === 'A' ? 'B' : 'A';
    const tampered = room.facilitatorToken.slice(0, -1) + last;
    expect(await closeCode(docUrl(server.wsUrl, room.roomId, 'control', tampered), 'tampered token')).toBe(4401);
  });

  test('a token of another room closes with 4401', async () => {
    for (const token of [other.facilitatorToken, otherParticipant]) {
      for (const doc of ['board', 'control']) {
        expect(await closeCode(docUrl(server.wsUrl, room.roomId, doc, token), `other room's token on ${doc}`)).toBe(4401);
      }
    }
  });

  test('an unknown room closes with 4404 (or 4401: no token can belong to it)', async () => {
    // Observed and accepted: the contract says 4404 for an unknown room; a server that checks the
    // token first answers 4401, which is just as final for the client. Both give nothing away.
    const unknown = 'room_doesnotexist0000';
    const withToken = await closeCode(docUrl(server.wsUrl, unknown, 'board', room.facilitatorToken), 'unknown room');
    expect([4404, 4401]).toContain(withToken);
    const withoutToken = await closeCode(docUrl(server.wsUrl, unknown, 'board'), 'unknown room, no token');
    expect([4404, 4401]).toContain(withoutToken);
  });

  test('an unknown document name closes with 4404', async () => {
    for (const token of [room.facilitatorToken, participant]) {
      expect(await closeCode(docUrl(server.wsUrl, room.roomId, 'other', token), 'doc "other"')).toBe(4404);
    }
  });
});

describe('the control document is written only by the server', () => {
  let dataDir: string;
  let server: TestServer;
  const clients: DocClient[] = [];
  beforeEach(async () => {
    dataDir = makeTempDir();
    server = await startTestServer({ dataDir });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('a participant\'s and the facilitator\'s own writes to control reach nobody, not even after a restart', async () => {
    const room = await mustCreateRoom(server.url, 'Control');
    const p1Token = await mustJoin(server.url, room.joinCode, 'P1');
    const p2Token = await mustJoin(server.url, room.joinCode, 'P2');
    const connect = (doc: string, token: string, ydoc?: DocClient['doc']): DocClient => {
      const c = connectDoc(server.wsUrl, room.roomId, doc, token, ydoc ? { doc: ydoc } : {});
      clients.push(c);
      return c;
    };
    const p1Control = connect('control', p1Token);
    const p2Control = connect('control', p2Token);
    const fControl = connect('control', room.facilitatorToken);
    const p1Board = connect('board', p1Token);
    const p2Board = connect('board', p2Token);
    await Promise.all([p1Control, p2Control, fControl, p1Board, p2Board].map((c) => c.synced));

    // Written straight into the local control documents, bypassing the commands API.
    p1Control.doc.getMap('control').set('locked', true);
    p1Control.doc.getMap('control').set('injectedByParticipant', 'yes');
    p1Control.doc.getMap('injected').set('x', 1);
    fControl.doc.getMap('control').set('injectedByFacilitator', 'yes');

    // Sentinel: a later board write from the same participant has arrived at P2, so the control
    // writes (sent earlier) have been processed by the server too. Then give relays extra time.
    p1Board.doc.getMap('t').set('sentinel', 1);
    await waitFor(() => p2Board.doc.getMap('t').get('sentinel') === 1, 5_000, 'the sentinel board write');
    await sleep(500);

    const leaked = (c: DocClient): unknown[] => [
      c.doc.getMap('control').get('injectedByParticipant'),
      c.doc.getMap('control').get('injectedByFacilitator'),
      c.doc.getMap('injected').get('x'),
      c.doc.getMap('control').get('locked') === true ? 'locked' : undefined,
    ].filter((v) => v !== undefined);
    expect(leaked(p2Control), 'P2\'s control doc').toEqual([]);
    expect(p2Control.doc.getMap('control').get('injectedByFacilitator')).toBeUndefined();
    expect(fControl.doc.getMap('control').get('injectedByParticipant')).toBeUndefined();
    expect(p1Control.doc.getMap('control').get('injectedByFacilitator')).toBeUndefined();

    // The server's own state says unlocked, whatever P1 wrote locally: P2 may still write.
    const fresh = connect('control', p2Token);
    await fresh.synced;
    expect(leaked(fresh), 'a fresh client\'s control doc').toEqual([]);

    // Restart on the same DATA_DIR: nothing of it was stored.
    const p1Doc = p1Control.doc;
    for (const c of clients.splice(0)) c.provider.destroy();
    await server.close();
    server = await startTestServer({ dataDir });

    // P1 reconnects with its tampered document: its sync step 2 offers the writes again.
    const p1Again = connect('control', p1Token, p1Doc);
    const p1BoardAgain = connect('board', p1Token);
    const p2BoardAgain = connect('board', p2Token);
    // The server may answer the forbidden offer by closing P1's socket: either way is fine.
    await Promise.all([p1Again.synced.catch(() => {}), p1BoardAgain.synced, p2BoardAgain.synced]);
    p1BoardAgain.doc.getMap('t').set('sentinel2', 1);
    await waitFor(() => p2BoardAgain.doc.getMap('t').get('sentinel2') === 1, 5_000, 'the second sentinel');
    await sleep(500);
    const afterRestart = connect('control', room.facilitatorToken);
    await afterRestart.synced;
    expect(leaked(afterRestart), 'control doc after restart').toEqual([]);
  });
});

describe('board lock', () => {
  let dataDir: string;
  let server: TestServer;
  const clients: DocClient[] = [];
  beforeEach(async () => {
    dataDir = makeTempDir();
    server = await startTestServer({ dataDir });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('while locked, participants\' writes are neither relayed nor stored; the facilitator\'s are; unlock restores', async () => {
    const room = await mustCreateRoom(server.url, 'Lock');
    const p1Token = await mustJoin(server.url, room.joinCode, 'P1');
    const p2Token = await mustJoin(server.url, room.joinCode, 'P2');
    const connect = (token: string): DocClient => {
      const c = connectDoc(server.wsUrl, room.roomId, 'board', token);
      clients.push(c);
      return c;
    };
    const f = connect(room.facilitatorToken);
    const p1 = connect(p1Token);
    const p2 = connect(p2Token);
    await Promise.all([f.synced, p1.synced, p2.synced]);

    // Before the lock, a participant's write goes through.
    p1.doc.getMap('t').set('beforeLock', 'ok');
    await waitFor(() => f.doc.getMap('t').get('beforeLock') === 'ok', 5_000, 'the pre-lock write');

    const lock = await command(server.url, room.roomId, room.facilitatorToken, { type: 'board.lock' });
    expect(lock.status, lock.text).toBe(200);
    expect(lock.body?.control).toBeTypeOf('object');
    expect(lock.body.control.locked).toBe(true);

    p1.doc.getMap('t').set('duringLock', 'must not pass');
    p1.doc.getMap('notes').set('sneaky', 'must not pass');
    await sleep(200);
    f.doc.getMap('t').set('facilitatorDuringLock', 'ok');
    await waitFor(() => p2.doc.getMap('t').get('facilitatorDuringLock') === 'ok', 5_000, 'the facilitator\'s write while locked');
    await sleep(500);
    expect(p2.doc.getMap('t').get('duringLock')).toBeUndefined();
    expect(f.doc.getMap('t').get('duringLock')).toBeUndefined();
    expect(f.doc.getMap('notes').get('sneaky')).toBeUndefined();

    const fresh = connect(p2Token);
    await fresh.synced;
    expect(fresh.doc.getMap('t').get('facilitatorDuringLock')).toBe('ok');
    expect(fresh.doc.getMap('t').get('beforeLock')).toBe('ok');
    expect(fresh.doc.getMap('t').get('duringLock')).toBeUndefined();
    expect(fresh.doc.getMap('notes').get('sneaky')).toBeUndefined();

    // P1's document still holds the refused write; take it offline so it cannot offer it again.
    p1.destroy();
    clients.splice(clients.indexOf(p1), 1);

    const unlock = await command(server.url, room.roomId, room.facilitatorToken, { type: 'board.unlock' });
    expect(unlock.status, unlock.text).toBe(200);
    expect(unlock.body.control.locked).toBe(false);

    p2.doc.getMap('t').set('afterUnlock', 'ok');
    await waitFor(() => f.doc.getMap('t').get('afterUnlock') === 'ok', 5_000, 'a participant\'s write after unlock');
    const p3 = connect(await mustJoin(server.url, room.joinCode, 'P3'));
    await p3.synced;
    p3.doc.getMap('t').set('newcomer', 'ok');
    await waitFor(() => f.doc.getMap('t').get('newcomer') === 'ok', 5_000, 'a new participant\'s write after unlock');

    // Stored: after a restart on the same DATA_DIR the board holds exactly what was accepted.
    for (const c of clients.splice(0)) c.destroy();
    await server.close();
    server = await startTestServer({ dataDir });
    const afterRestart = connectDoc(server.wsUrl, room.roomId, 'board', room.facilitatorToken);
    clients.push(afterRestart);
    await afterRestart.synced;
    expect(afterRestart.doc.getMap('t').toJSON()).toEqual({
      beforeLock: 'ok',
      facilitatorDuringLock: 'ok',
      afterUnlock: 'ok',
      newcomer: 'ok',
    });
    expect(afterRestart.doc.getMap('notes').get('sneaky')).toBeUndefined();
  });

  test('a participant whose write was refused during the lock can write again after unlock', async () => {
    // A participant typing while the facilitator locks is an ordinary race, not an attack. Its
    // later updates build on the refused one (Yjs items are numbered per client), so a server that
    // simply drops the refused update must still make sure the participant's later writes land.
    const room = await mustCreateRoom(server.url, 'Lock race');
    const f = connectDoc(server.wsUrl, room.roomId, 'board', room.facilitatorToken);
    const p1 = connectDoc(server.wsUrl, room.roomId, 'board', await mustJoin(server.url, room.joinCode, 'P1'));
    clients.push(f, p1);
    await Promise.all([f.synced, p1.synced]);

    expect((await command(server.url, room.roomId, room.facilitatorToken, { type: 'board.lock' })).status).toBe(200);
    p1.doc.getMap('t').set('duringLock', 'refused');
    await sleep(300);
    expect(f.doc.getMap('t').get('duringLock')).toBeUndefined();
    expect((await command(server.url, room.roomId, room.facilitatorToken, { type: 'board.unlock' })).status).toBe(200);

    p1.doc.getMap('t').set('afterUnlock', 'ok');
    await waitFor(
      () => f.doc.getMap('t').get('afterUnlock') === 'ok',
      5_000,
      `P1's write after unlock to reach the facilitator (P1 closes: ${JSON.stringify(p1.closes)})`,
    );
  });

  test('only the facilitator may send commands', async () => {
    const room = await mustCreateRoom(server.url, 'Commands');
    const participant = await mustJoin(server.url, room.joinCode, 'P');
    const byParticipant = await command(server.url, room.roomId, participant, { type: 'board.lock' });
    expect(byParticipant.status).toBe(403);
    const noToken = await fetch(`${server.url}/api/rooms/${room.roomId}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'board.lock' }),
    });
    expect(noToken.status).toBe(401);
    const unknown = await command(server.url, room.roomId, room.facilitatorToken, { type: 'no.such.command' });
    expect(unknown.status).toBe(400);

    // The participant's attempt changed nothing: the board is not locked.
    const control = connectDoc(server.wsUrl, room.roomId, 'control', participant);
    clients.push(control);
    await control.synced;
    expect(control.doc.getMap('control').get('locked')).not.toBe(true);
  });
});
