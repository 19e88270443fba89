import { beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { PostgresStorage } from '../../../server/src/storage/postgres.ts';
import { setNoteText } from '@tributary/shared/board/mutations';
import { FACILITATOR_WRITER, mustJoinAs, noteText, writeNote } from '../../helpers/board.ts';
import { pace, waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer, type Replica, type ServerClients } from '../../helpers/fixture.ts';

/**
 * Two servers in this process, sharing one PostgreSQL schema and one Redis prefix, as two
 * replicas behind a load balancer would: clients on either see the same rooms, live.
 */

// A is the fixture's server, B a replica beside it on the same schema and prefix (compacting often).
const a = useServer({ storage: 'postgres+redis', config: { unloadAfterMs: 200 } });
let b: Replica;

beforeAll(async () => {
  b = await a.replica({ compactAfterUpdates: 5 });
});

function connect(server: ServerClients, roomId: string, docName: string, token: string, awareness?: Record<string, unknown>): DocClient {
  return server.doc(roomId, docName, token, awareness ? { awareness } : {});
}

const noteTexts = (doc: Y.Doc): string[] => Object.values(doc.getMap('notes').toJSON() as Record<string, { text: string }>).map((n) => n.text);

interface Deafened {
  /** How many messages from other servers it has dropped: the sign that one did reach it. */
  dropped(): number;
  restore(): void;
}

/** Stops one server from hearing the other (its bus drops everything), to prove storage catch-up. */
function deafen(server: { app: Replica['app'] }): Deafened {
  const bus = server.app.sync.bus as unknown as { receive(channel: string, message: Buffer): void; senderId: Buffer };
  const original = bus.receive;
  let dropped = 0;
  bus.receive = (_channel, message) => {
    // Redis echoes a server's own messages back to it; bytes 1-16 name the sender (redisBus.ts).
    if (!message.subarray(1, 17).equals(bus.senderId)) dropped++;
  };
  return {
    dropped: () => dropped,
    restore: () => {
      bus.receive = original;
    },
  };
}

describe('two servers on PostgreSQL + Redis', () => {
  test('healthz reports shared storage and the bus', async () => {
    const health = await a.request('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', storage: 'ok', bus: 'ok' });
  });

  test('clients on different servers converge on both documents and see each other\'s presence', async () => {
    const room = await a.room('Across replicas');
    const bo = await mustJoinAs(b.url, room.joinCode, 'Bo');
    const token = bo.token;
    const fBoard = connect(a, room.roomId, 'board', room.facilitatorToken, { name: 'Fay' });
    const pBoard = connect(b, room.roomId, 'board', token, { name: 'Bo' });
    const fControl = connect(a, room.roomId, 'control', room.facilitatorToken);
    const pControl = connect(b, room.roomId, 'control', token);
    await Promise.all([fBoard.synced, pBoard.synced, fControl.synced, pControl.synced]);

    const fromA = writeNote(fBoard.doc, FACILITATOR_WRITER, { text: 'from A' });
    const fromB = writeNote(pBoard.doc, bo, { text: 'from B' });
    await waitFor(() => noteText(pBoard.doc, fromA) === 'from A', 5000, 'B\'s client sees A\'s write');
    await waitFor(() => noteText(fBoard.doc, fromB) === 'from B', 5000, 'A\'s client sees B\'s write');

    // The control document: a command through B's API reaches a control client on A.
    const set = await b.command(room.roomId, room.facilitatorToken, { type: 'steps.set', steps: [{ title: 'Across', prompt: 'p', mode: 'open' }], index: 0 });
    expect(set.status, set.text).toBe(200);
    await waitFor(() => JSON.stringify(fControl.doc.getMap('control').toJSON()).includes('Across'), 5000, 'A\'s control client sees B\'s command');

    // Presence both ways, and for a newcomer (the snapshot holds the other server's people).
    await waitFor(() => pBoard.provider.awareness.getStates().get(fBoard.doc.clientID)?.name === 'Fay', 5000, 'B sees Fay');
    await waitFor(() => fBoard.provider.awareness.getStates().get(pBoard.doc.clientID)?.name === 'Bo', 5000, 'A sees Bo');
    const late = connect(b, room.roomId, 'board', room.facilitatorToken);
    await late.synced;
    await waitFor(() => late.provider.awareness.getStates().get(fBoard.doc.clientID)?.name === 'Fay', 5000, 'a newcomer on B sees Fay (on A)');
    expect(noteTexts(late.doc).sort()).toEqual(['from A', 'from B']);
    expect(late.doc.getMap('notes').toJSON()).toEqual(fBoard.doc.getMap('notes').toJSON());

    // Leaving removes presence on the other server at once (not after the 30 s timeout).
    const fayId = fBoard.doc.clientID;
    fBoard.provider.disconnect();
    await waitFor(() => !pBoard.provider.awareness.getStates().has(fayId), 5000, 'Fay gone from B');
  });

  test('a note posted through A\'s API is revealed by a command on B; sealed notes posted on B appear on A', async () => {
    const room = await a.room('Reveal across');
    const steps = [{ title: 'Write alone', prompt: 'p', mode: 'private' }, { title: 'Share', prompt: 'q', mode: 'open' }];
    expect((await a.command(room.roomId, room.facilitatorToken, { type: 'steps.set', steps, index: 0 })).status).toBe(200);
    const ana = await a.join(room.joinCode, 'Ana');
    const ben = await b.join(room.joinCode, 'Ben');
    const watcherA = connect(a, room.roomId, 'board', room.facilitatorToken);
    const watcherB = connect(b, room.roomId, 'board', room.facilitatorToken);
    await Promise.all([watcherA.synced, watcherB.synced]);
    const posted = [
      await a.request('POST', `/api/rooms/${room.roomId}/notes`, { token: ana, body: { text: 'sealed on A' } }),
      await b.request('POST', `/api/rooms/${room.roomId}/notes`, { token: ben, body: { text: 'sealed on B' } }),
    ];
    for (const res of posted) expect(res.body.status, res.text).toBe('sealed');
    // B's count of sealed notes includes A's (held notes live in shared storage).
    const reveal = await b.command(room.roomId, room.facilitatorToken, { type: 'reveal' });
    expect(reveal.status, reveal.text).toBe(200);
    expect(reveal.body.control.revealed).toBe(true);
    for (const [label, watcher] of [['A', watcherA], ['B', watcherB]] as const) {
      await waitFor(() => noteTexts(watcher.doc).sort().join() === 'sealed on A,sealed on B', 5000, `both notes on ${label}`);
    }
  });

  test('a command on B acts on A\'s last change even when B never heard of it (catch-up under the room lock)', async () => {
    const room = await a.room('Catch-up');
    const watcherB = connect(b, room.roomId, 'board', room.facilitatorToken);
    await watcherB.synced;
    const deaf = deafen(b);
    try {
      const posted = await a.request('POST', `/api/rooms/${room.roomId}/notes`, { token: room.facilitatorToken, body: { text: 'only A knows' } });
      expect(posted.status, posted.text).toBe(201);
      await waitFor(() => deaf.dropped() > 0, 5000, 'B\'s bus received A\'s note (and dropped it)');
      expect(noteTexts(watcherB.doc)).toEqual([]);
      // Hiding needs the note on B's board: B reads it from storage first, under the lock.
      const hide = await b.command(room.roomId, room.facilitatorToken, { type: 'note.hide', noteId: posted.body.noteId });
      expect(hide.status, hide.text).toBe(200);
      expect(hide.body.control.hiddenCount).toBe(1);
    } finally {
      deaf.restore();
    }
  });

  test('presence from a server that has not yet heard a step turn anonymous is stripped by the one that has', async () => {
    const room = await a.room('Anonymous presence across servers');
    const token = await a.join(room.joinCode, 'Sam');
    const person = connect(a, room.roomId, 'board', token, { name: 'Sam', cursor: { x: 1, y: 1 } });
    const watcher = connect(b, room.roomId, 'board', room.facilitatorToken, { name: 'Facilitator' });
    await Promise.all([person.synced, watcher.synced]);
    const seen = () => watcher.provider.awareness.getStates().get(person.doc.clientID) as Record<string, unknown> | undefined;
    await waitFor(() => seen()?.name === 'Sam', 5000, 'B sees the named presence before the step is anonymous');

    const deaf = deafen(a);
    try {
      const steps = [{ title: 'Anonymous', prompt: 'Say it without your name', mode: 'anonymous' }];
      const set = await b.command(room.roomId, room.facilitatorToken, { type: 'steps.set', steps, index: 0 });
      expect(set.status, set.text).toBe(200);
      // A still thinks the step is open, so it passes the name and cursor on; B must not.
      person.provider.awareness.setLocalStateField('cursor', { x: 2, y: 2 });
      await waitFor(() => seen() !== undefined && seen()!.name === undefined, 5000, 'the stripped presence reaches B\'s client');
      expect(seen()).not.toHaveProperty('cursor');
      expect(seen()!.role).toBe('participant');
    } finally {
      deaf.restore();
    }
  });

  test('compaction on a server that missed the other\'s updates loses none of them', async () => {
    const room = await a.room('Compaction');
    const onA = connect(a, room.roomId, 'board', room.facilitatorToken);
    const onB = connect(b, room.roomId, 'board', room.facilitatorToken);
    await Promise.all([onA.synced, onB.synced]);
    const deaf = deafen(b);
    try {
      // Interleaved, so A's updates get sequence numbers below B's; B (compacting every 5
      // updates) would drop them if it compacted "up to my last seq" from its own document.
      for (let i = 0; i < 20; i++) {
        writeNote(onA.doc, FACILITATOR_WRITER, { text: `a${i}` });
        await pace(5);
        writeNote(onB.doc, FACILITATOR_WRITER, { text: `b${i}` });
        await pace(5);
      }
      const reader = await PostgresStorage.open({ connectionString: a.database.url, schema: a.database.schema });
      try {
        const storedTexts = async (): Promise<string[]> => {
          const stored = await reader.loadDoc(room.roomId, 'board');
          const doc = new Y.Doc();
          if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
          for (const u of stored.updates) Y.applyUpdate(doc, u);
          return noteTexts(doc);
        };
        await waitFor(async () => {
          const stored = await reader.loadDoc(room.roomId, 'board');
          return stored.snapshot !== null && stored.updates.length < 40;
        }, 5000, 'B compacted');
        // Both servers store on their own schedule: wait until storage holds all 40 notes. A
        // compaction that dropped A's updates would drop them for good, and this times out.
        await waitFor(async () => (await storedTexts()).length === 40, 5000, 'all 40 notes stored after compaction');
        const texts = await storedTexts();
        expect(texts.filter((t) => t.startsWith('a'))).toHaveLength(20);
        expect(texts.filter((t) => t.startsWith('b'))).toHaveLength(20);
      } finally {
        await reader.close();
      }
    } finally {
      deaf.restore();
    }
    // Whatever B's bus dropped reaches B's clients the next time B reads storage (here: a
    // command, which catches up under the room lock).
    expect((await b.command(room.roomId, room.facilitatorToken, { type: 'steps.set', steps: [{ title: 'x', prompt: 'p', mode: 'open' }], index: 0 })).status).toBe(200);
    await waitFor(() => onB.doc.getMap('notes').size === 40, 5000, 'B\'s client has all 40 notes');
  });

  test('after its Redis subscription drops and comes back, a server relays what it missed', async () => {
    const room = await a.room('Reconnect');
    const onA = connect(a, room.roomId, 'board', room.facilitatorToken);
    const onB = connect(b, room.roomId, 'board', room.facilitatorToken);
    await Promise.all([onA.synced, onB.synced]);
    const deaf = deafen(b);
    const missed = writeNote(onA.doc, FACILITATOR_WRITER, { text: 'missed' });
    await waitFor(() => deaf.dropped() > 0, 5000, 'B\'s bus received the update (and dropped it)');
    expect(noteText(onB.doc, missed)).toBeUndefined();
    deaf.restore();
    // Drop B's subscriber connection; ioredis reconnects and resubscribes; the room catches up.
    (b.app.sync.bus as unknown as { subscriber: { disconnect(reconnect: boolean): void } }).subscriber.disconnect(true);
    await waitFor(() => noteText(onB.doc, missed) === 'missed', 5000, 'B\'s client gets the missed update after the reconnect');
    // And live fan-out works again.
    setNoteText(onA.doc, missed, 'live');
    await waitFor(() => noteText(onB.doc, missed) === 'live', 5000, 'live again');
  });

  test('cross-server latency (A write to B client), measured', async () => {
    const room = await a.room('Latency');
    const writer = connect(a, room.roomId, 'board', room.facilitatorToken);
    const reader = connect(b, room.roomId, 'board', room.facilitatorToken);
    const local = connect(a, room.roomId, 'board', room.facilitatorToken);
    await Promise.all([writer.synced, reader.synced, local.synced]);
    const note = writeNote(writer.doc, FACILITATOR_WRITER, { text: 'start' });
    await waitFor(() => noteText(reader.doc, note) === 'start' && noteText(local.doc, note) === 'start', 5000, 'the note on both servers');
    const cross: number[] = [];
    const same: number[] = [];
    for (let i = 0; i < 40; i++) {
      const started = performance.now();
      setNoteText(writer.doc, note, `${i}`);
      let sameDone = false;
      await waitFor(() => {
        if (!sameDone && noteText(local.doc, note) === `${i}`) {
          same.push(performance.now() - started);
          sameDone = true;
        }
        return noteText(reader.doc, note) === `${i}`;
      }, 5000, `round ${i}`, 0);
      cross.push(performance.now() - started);
      if (!sameDone) same.push(performance.now() - started);
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    const p95 = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length * 0.95)]!;
    console.log(
      `latency over 40 writes: same server median ${median(same).toFixed(1)} ms (p95 ${p95(same).toFixed(1)}), other server median ${median(cross).toFixed(1)} ms (p95 ${p95(cross).toFixed(1)})`,
    );
    expect(median(cross)).toBeLessThan(200);
  });

  test('shared limits: wrong join codes count across servers', async () => {
    // RATE_LIMIT_FAILED_JOINS defaults to 20 per ten minutes per address, wherever it is tried.
    const bad = async (server: ServerClients) => (await server.request('POST', '/api/join', { body: { joinCode: 'ZZZZZZ' } })).status;
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push(await bad(i % 2 === 0 ? a : b));
    expect(statuses.every((s) => s === 404)).toBe(true);
    expect(await bad(a)).toBe(429);
    expect(await bad(b)).toBe(429);
    expect((await a.bus.keys()).some((k) => k.includes('join-miss:'))).toBe(true);
  });
});
