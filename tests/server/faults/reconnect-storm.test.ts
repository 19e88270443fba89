import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FACILITATOR_WRITER, writeNote } from '../../helpers/board.ts';
import { waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';
import type { CreatedRoom } from '../../helpers/server.ts';

// "1,000 clients reconnecting at once after a restart all converge" (issue 6). Stock
// WebsocketProvider clients (their own backoff, nothing tuned) in this process, the server in a
// child process that comes back on the same port, so the providers find it again. 20 rooms of 50: presence in
// a room stays under the 64 entries one awareness message may carry (see the report on
// MAX_AWARENESS_ENTRIES). While the server is down, some clients keep editing; after the
// restart every client of a room must hold every edit of that room.

const CLIENTS = Number(process.env.STORM_CLIENTS ?? 1000);
const ROOMS = 20;

// A child process: it is killed, and started again on the same DATA_DIR and port.
const server = useServer({ process: 'child', env: { RATE_LIMIT_CREATE_ROOM: '1000' } });

interface Member {
  client: DocClient;
  room: number;
}

describe('a reconnect storm', () => {
  test(`${CLIENTS} stock clients reconnect at once after a restart and converge`, async () => {
    const rooms: CreatedRoom[] = [];
    for (let r = 0; r < ROOMS; r++) rooms.push(await server.room(`Storm ${r}`));

    // Connect in waves of 100 (a room filling up), then everyone writes one key.
    const members: Member[] = [];
    const connectStarted = performance.now();
    for (let i = 0; i < CLIENTS; i += 100) {
      const wave: Member[] = [];
      for (let j = i; j < Math.min(CLIENTS, i + 100); j++) {
        const room = j % ROOMS;
        const client = server.doc(rooms[room]!.roomId, 'board', rooms[room]!.facilitatorToken, { syncTimeoutMs: 60_000 });
        wave.push({ client, room });
      }
      await Promise.all(wave.map((m) => m.client.synced));
      members.push(...wave);
    }
    const connectedMs = performance.now() - connectStarted;
    members.forEach((m, i) => writeNote(m.client.doc, FACILITATOR_WRITER, { text: `before ${i}` }, `note_before-${i}`));
    const expected = new Map<number, number>();
    members.forEach((m) => expected.set(m.room, (expected.get(m.room) ?? 0) + 1));
    const converged = (): number =>
      members.filter((m) => m.client.provider.synced && m.client.doc.getMap('notes').size === expected.get(m.room)).length;
    await waitFor(() => converged() === CLIENTS, 60_000, `everyone to see the first edits (${converged()} of ${CLIENTS})`, 100);

    // Kill the server; while it is down, every tenth client keeps editing.
    const rssBefore = rssOf(server.child.proc.pid!);
    server.child.kill('SIGKILL');
    await server.child.exited;
    await waitFor(() => members.every((m) => !m.client.provider.wsconnected), 20_000, 'every client to notice', 100);
    members.forEach((m, i) => {
      if (i % 10 === 0) {
        writeNote(m.client.doc, FACILITATOR_WRITER, { text: `offline ${i}` }, `note_offline-${i}`);
        expected.set(m.room, expected.get(m.room)! + 1);
      }
    });
    // Restart only once every provider's backoff has reached its ceiling (2^n x 100 ms capped at
    // maxBackoffTime, y-websocket): the storm is the worst case, everyone retrying at the slowest.
    const atCeiling = (m: Member): boolean => 2 ** m.client.provider.wsUnsuccessfulReconnects * 100 >= m.client.provider.maxBackoffTime;
    await waitFor(() => members.every(atCeiling), 30_000, 'every provider backing off at its ceiling', 100);

    const restarted = performance.now();
    await server.restart();
    const listeningMs = performance.now() - restarted;
    await waitFor(() => converged() === CLIENTS, 90_000, `everyone to converge after the restart (${converged()} of ${CLIENTS})`, 100);
    const convergedMs = performance.now() - restarted;
    const connected = members.filter((m) => m.client.provider.wsconnected).length;
    const rssAfter = rssOf(server.child.proc.pid!);
    const mem = process.memoryUsage();
    console.log(
      `reconnect storm: ${CLIENTS} clients in ${ROOMS} rooms; first connect ${(connectedMs / 1000).toFixed(1)} s; ` +
        `after SIGKILL and restart: listening in ${(listeningMs / 1000).toFixed(1)} s, all ${connected} reconnected and converged ` +
        `${(convergedMs / 1000).toFixed(1)} s after the restart began; server RSS ${mb(rssBefore)} MiB before the kill, ` +
        `${mb(rssAfter)} MiB after the storm; test process RSS ${mb(mem.rss)} MiB, heap ${mb(mem.heapUsed)} MiB`,
    );
    expect(connected).toBe(CLIENTS);
    // Nobody was refused: no 4xxx closes (1006 from the kill is expected).
    const refused = members.flatMap((m) => m.client.closes).filter((c) => c.code >= 4000);
    expect(refused).toEqual([]);
  }, 240_000);
});

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : NaN;
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
