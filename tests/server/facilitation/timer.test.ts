import { beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { roundTrip, waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';
import { command, mustCreateRoom, mustJoin, request, type CreatedRoom } from '../../helpers/server.ts';

// The countdown lives in control.timer and is measured on the server's clock (docs/API.md).

interface Timer {
  status: 'idle' | 'running' | 'paused';
  durationMs: number;
  endsAt: number | null;
  remainingMs: number;
}

const timerOf = (doc: Y.Doc): Timer | undefined => doc.getMap('control').get('timer') as Timer | undefined;

describe('timer commands', () => {
  const server = useServer();
  let room: CreatedRoom;
  let p: DocClient;

  const serverNow = async (): Promise<number> => {
    const res = await request(server.url, 'GET', '/api/time');
    expect(res.status).toBe(200);
    expect(typeof res.body.now).toBe('number');
    return res.body.now as number;
  };
  /** Runs a command between two readings of the server clock. */
  const timed = async (cmd: Record<string, unknown>) => {
    const before = await serverNow();
    const res = await command(server.url, room.roomId, room.facilitatorToken, cmd);
    const after = await serverNow();
    expect(res.status, `${String(cmd.type)}: ${res.text}`).toBe(200);
    return { timer: res.body.control.timer as Timer, before, after };
  };
  /** Waits until a participant's stock client shows exactly the timer the command answered. */
  const seenByParticipant = (timer: Timer) =>
    waitFor(() => JSON.stringify(timerOf(p.doc)) === JSON.stringify(timer), 5_000, `participant to see timer ${JSON.stringify(timer)}`);

  /** Waits until the server's clock reads at least `at`. */
  const serverClockReaches = (at: number) => waitFor(async () => (await serverNow()) >= at, 5_000, `the server clock to reach ${at}`);

  beforeAll(async () => {
    room = await mustCreateRoom(server.url, 'Timer');
    p = server.doc(room.roomId, 'control', await mustJoin(server.url, room.joinCode, 'Pat'));
    await p.synced;
  });

  let remainingAtPause = 0;

  test('timer.start {seconds: 60}: running, endsAt = server now + 60000', async () => {
    const { timer, before, after } = await timed({ type: 'timer.start', seconds: 60 });
    expect(timer.status).toBe('running');
    expect(timer.durationMs).toBe(60_000);
    expect(timer.endsAt).not.toBeNull();
    expect(timer.endsAt!).toBeGreaterThanOrEqual(before + 60_000);
    expect(timer.endsAt!).toBeLessThanOrEqual(after + 60_000);
    await seenByParticipant(timer);
  });

  test('timer.pause keeps what was left; it stays put while paused', async () => {
    const running = timerOf(p.doc)!;
    // A quarter of a second of the countdown goes by, on the clock the timer runs on.
    await serverClockReaches(running.endsAt! - running.durationMs + 250);
    const { timer, before, after } = await timed({ type: 'timer.pause' });
    expect(timer.status).toBe('paused');
    expect(timer.endsAt).toBeNull();
    expect(timer.durationMs).toBe(60_000);
    // remainingMs = endsAt - (server time of the pause)
    expect(timer.remainingMs).toBeLessThanOrEqual(running.endsAt! - before);
    expect(timer.remainingMs).toBeGreaterThanOrEqual(running.endsAt! - after);
    expect(timer.remainingMs).toBeLessThan(60_000 - 200);
    await seenByParticipant(timer);
    remainingAtPause = timer.remainingMs;
    const pausedAt = await serverNow();
    await serverClockReaches(pausedAt + 300);
    await roundTrip(p);
    expect(timerOf(p.doc)!.remainingMs).toBe(remainingAtPause);
    expect(timerOf(p.doc)!.status).toBe('paused');
    // Pausing twice changes nothing.
    const again = await timed({ type: 'timer.pause' });
    expect(again.timer).toEqual(timer);
  });

  test('timer.start without seconds resumes from what was left', async () => {
    const { timer, before, after } = await timed({ type: 'timer.start' });
    expect(timer.status).toBe('running');
    expect(timer.durationMs).toBe(60_000);
    expect(timer.endsAt!).toBeGreaterThanOrEqual(before + remainingAtPause);
    expect(timer.endsAt!).toBeLessThanOrEqual(after + remainingAtPause);
    await seenByParticipant(timer);
  });

  test('timer.add adds 60 s while running (and while paused)', async () => {
    const runningBefore = timerOf(p.doc)!;
    const { timer } = await timed({ type: 'timer.add' });
    expect(timer.status).toBe('running');
    expect(timer.endsAt).toBe(runningBefore.endsAt! + 60_000);
    expect(timer.durationMs).toBe(runningBefore.durationMs + 60_000);
    await seenByParticipant(timer);

    const paused = (await timed({ type: 'timer.pause' })).timer;
    const added = (await timed({ type: 'timer.add', seconds: 60 })).timer;
    expect(added.status).toBe('paused');
    expect(added.remainingMs).toBe(paused.remainingMs + 60_000);
    await seenByParticipant(added);
    // A negative amount takes time off.
    const less = (await timed({ type: 'timer.add', seconds: -30 })).timer;
    expect(less.remainingMs).toBe(added.remainingMs - 30_000);
  });

  test('timer.reset goes back to idle', async () => {
    const { timer } = await timed({ type: 'timer.reset' });
    expect(timer.status).toBe('idle');
    expect(timer.endsAt).toBeNull();
    expect(timer.remainingMs).toBe(timer.durationMs);
    await seenByParticipant(timer);
    // Participants cannot drive the timer.
    const pat = await mustJoin(server.url, room.joinCode, 'Other');
    expect((await command(server.url, room.roomId, pat, { type: 'timer.start', seconds: 5 })).status).toBe(403);
    await roundTrip(p);
    expect(timerOf(p.doc)!.status).toBe('idle');
  });
});
