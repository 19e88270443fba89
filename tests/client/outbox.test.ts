import { describe, expect, it } from 'vitest';
import type { PostNoteBody, PostNoteReply } from '@tributary/shared/api';
import { ApiError } from '../../client/src/sync/api.ts';
import { Outbox, isRetryable, retryDelay } from '../../client/src/sync/outbox.ts';
import { MemoryStorage } from '../helpers/memoryStorage.ts';
import { ownNotesKey, parseOwnNotes, unsentNotes, type OwnNote } from '../../client/src/sync/ownNotes.ts';
import { MAX_RECONNECT_DELAY_MS, reconnectDelay } from '../../client/src/sync/reconnect.ts';

/** What the phone keeps of a room's own notes in `storage`. */
function keptNotes(storage: Storage, roomId: string): OwnNote[] {
  return parseOwnNotes(JSON.parse(storage.getItem(ownNotesKey(roomId)) ?? 'null'));
}

const network = () => new ApiError(0, 'Could not reach the server.', 'NETWORK');

/** A fake server: answers each post from a script of results (a reply, or an error to throw). */
function fakeServer(script: Array<'ok' | ApiError>) {
  const calls: Array<{ body: PostNoteBody; key: string; storedBefore: OwnNote[] }> = [];
  let n = 0;
  return {
    calls,
    make(storage: MemoryStorage, roomId: string) {
      return async (body: PostNoteBody, key: string): Promise<PostNoteReply> => {
        calls.push({ body, key, storedBefore: unsentNotes(keptNotes(storage, roomId)) });
        const next = script[Math.min(n++, script.length - 1)] ?? 'ok';
        if (next !== 'ok') throw next;
        return { noteId: `n${n}`, editKey: `k${n}`, status: 'visible' };
      };
    },
  };
}

function setup(script: Array<'ok' | ApiError>, storage = new MemoryStorage()) {
  const server = fakeServer(script);
  const timers: Array<() => void> = [];
  const sent: Array<{ item: OwnNote; reply: PostNoteReply }> = [];
  const outbox = new Outbox({
    roomId: 'room1',
    send: server.make(storage, 'room1'),
    onSent: (item, reply) => sent.push({ item, reply }),
    storage: () => storage,
    setTimer: (fn) => timers.push(fn),
    clearTimer: () => {},
  });
  return { outbox, server, storage, timers, sent };
}

describe('the outbox for notes posted offline', () => {
  it('sends straight away when the server answers, and keeps it only as posted, with its edit key', async () => {
    const { outbox, server, storage, sent } = setup(['ok']);
    const outcome = await outbox.post({ text: 'hello' }, false);
    expect(outcome.kind).toBe('sent');
    expect(server.calls).toHaveLength(1);
    // Stored before sending, with the id sent as the idempotency key.
    expect(server.calls[0]!.storedBefore.map((i) => i.text)).toEqual(['hello']);
    expect(server.calls[0]!.key).toBe(server.calls[0]!.storedBefore[0]!.localId);
    expect(sent).toHaveLength(1);
    expect(outbox.get()).toEqual([]);
    expect(keptNotes(storage, 'room1').map((n) => [n.text, n.state, n.noteId, n.editKey])).toEqual([['hello', 'visible', 'n1', 'k1']]);
  });

  it('keeps a note when the network is down, and sends it once when it is back', async () => {
    const { outbox, server, storage, timers, sent } = setup([network(), 'ok']);
    const heard: string[] = [];
    outbox.subscribeSent((_item, reply) => heard.push(reply.noteId));
    const outcome = await outbox.post({ text: 'offline idea' }, true);
    expect(outcome.kind).toBe('queued');
    expect(outbox.get().map((i) => [i.text, i.state])).toEqual([['offline idea', 'waiting']]);
    expect(unsentNotes(keptNotes(storage, 'room1'))).toHaveLength(1);
    expect(timers).toHaveLength(2); // the composer's patience, and a jittered retry

    // The connection comes back: two triggers at once still send it exactly once.
    await Promise.all([outbox.flush(), outbox.flush()]);
    expect(server.calls).toHaveLength(2);
    expect(server.calls[0]!.key).toBe(server.calls[1]!.key);
    expect(sent.map((s) => [s.item.text, s.item.anonymous])).toEqual([['offline idea', true]]);
    expect(heard).toEqual(['n2']);
    expect(outbox.get()).toEqual([]);
    await outbox.flush();
    expect(server.calls).toHaveLength(2);
  });

  it('sends the oldest first, and stops at the first network failure', async () => {
    const { outbox, server } = setup([network(), network(), 'ok']);
    await outbox.post({ text: 'first' }, false);
    await outbox.post({ text: 'second' }, false);
    expect(server.calls.map((c) => c.body.text)).toEqual(['first', 'first']);
    expect(outbox.get().map((i) => i.text)).toEqual(['first', 'second']);
    await outbox.flush();
    expect(server.calls.map((c) => c.body.text)).toEqual(['first', 'first', 'first', 'second']);
    expect(outbox.get()).toEqual([]);
  });

  it('survives a reload: a new outbox over the same storage finds and sends the note', async () => {
    const storage = new MemoryStorage();
    const first = setup([network()], storage);
    await first.outbox.post({ text: 'kept' }, false);
    first.outbox.destroy();
    const second = setup(['ok'], storage);
    expect(second.outbox.get().map((i) => i.text)).toEqual(['kept']);
    expect(second.outbox.get()[0]!.attempts).toBe(1);
    await second.outbox.flush();
    expect(second.sent.map((s) => s.item.text)).toEqual(['kept']);
    expect(second.outbox.get()).toEqual([]);
  });

  it('a User Manual card shared offline keeps its kind through a reload and is known as the card once sent', async () => {
    const storage = new MemoryStorage();
    const first = setup([network()], storage);
    const outcome = await first.outbox.post({ text: 'How I work best: mornings', color: 'yellow', anonymous: false }, false, 'card');
    expect(outcome.kind).toBe('queued');
    expect(outcome.item.kind).toBe('card');
    // A plain note waits next to it without a kind.
    await first.outbox.post({ text: 'a note' }, false);
    first.outbox.destroy();

    // The page is reloaded while offline, then the connection comes back.
    const second = setup(['ok'], storage);
    expect(second.outbox.get().map((i) => [i.text, i.kind])).toEqual([
      ['How I work best: mornings', 'card'],
      ['a note', undefined],
    ]);
    const cards: string[] = [];
    second.outbox.subscribeSent((item, reply) => {
      if (item.kind === 'card') cards.push(reply.noteId);
    });
    await second.outbox.flush();
    expect(second.server.calls.map((c) => c.body.text)).toEqual(['How I work best: mornings', 'a note']);
    expect(second.server.calls[0]!.body).toEqual({ text: 'How I work best: mornings', color: 'yellow', anonymous: false });
    expect(second.sent.map((s) => s.item.kind)).toEqual(['card', undefined]);
    expect(cards).toEqual(['n1']);
    expect(second.outbox.get()).toEqual([]);
  });

  it('a final 4xx on the spot is thrown to the composer (which still has the words)', async () => {
    const { outbox } = setup([new ApiError(409, 'You have written all 3 notes for this step.', 'LIMIT')]);
    await expect(outbox.post({ text: 'one too many' }, false)).rejects.toThrow('all 3 notes');
    expect(outbox.get()).toEqual([]);
  });

  it('a final 4xx while sending later is kept with the message and not sent again', async () => {
    const { outbox, server, sent } = setup([network(), new ApiError(423, 'Adding notes is paused.', 'LOCKED')]);
    await outbox.post({ text: 'a' }, false);
    const queued = outbox.get().length;
    expect(queued).toBe(1);
    await outbox.flush();
    expect(server.calls).toHaveLength(2);
    expect(outbox.get().map((i) => [i.text, i.state, i.problem])).toEqual([['a', 'failed', 'Adding notes is paused.']]);
    expect(sent).toHaveLength(0);
    // Failed notes are not sent again; the person removes them after reading.
    await outbox.flush();
    expect(server.calls).toHaveLength(2);
    outbox.remove(outbox.get()[0]!.localId);
    expect(outbox.get()).toEqual([]);
  });

  it('says "waiting" when the server is slow, and the send finishes in the background', async () => {
    let answer: (reply: PostNoteReply) => void = () => {};
    const storage = new MemoryStorage();
    const timers: Array<() => void> = [];
    const sent: string[] = [];
    const outbox = new Outbox({
      roomId: 'slow',
      send: () => new Promise<PostNoteReply>((resolve) => (answer = resolve)),
      onSent: (item) => sent.push(item.text),
      storage: () => storage,
      setTimer: (fn) => timers.push(fn),
      clearTimer: () => {},
    });
    const posting = outbox.post({ text: 'slow one' }, false);
    await Promise.resolve();
    timers[0]!(); // the composer's patience runs out
    expect((await posting).kind).toBe('queued');
    expect(outbox.get()).toHaveLength(1);
    answer({ noteId: 'n1', editKey: 'k1', status: 'visible' });
    await outbox.flush();
    expect(sent).toEqual(['slow one']);
    expect(outbox.get()).toEqual([]);
  });

  it('works without storage (private mode): the note lasts as long as the tab', async () => {
    const server = fakeServer([network(), 'ok']);
    const outbox = new Outbox({ roomId: 'r', send: server.make(new MemoryStorage(), 'r'), storage: () => null, setTimer: () => 0, clearTimer: () => {} });
    expect((await outbox.post({ text: 'x' }, false)).kind).toBe('queued');
    expect(outbox.get()).toHaveLength(1);
    await outbox.flush();
    expect(outbox.get()).toHaveLength(0);
  });

  it('held (a phone before its live room): keeps what is posted, sends nothing, and sends it once when released', async () => {
    const storage = new MemoryStorage();
    const server = fakeServer(['ok']);
    const outbox = new Outbox({ roomId: 'room1', send: server.make(storage, 'room1'), storage: () => storage, held: true, setTimer: () => 0, clearTimer: () => {} });
    const posting = outbox.post({ text: 'before the room' }, false);
    // Other triggers meanwhile (the browser back online, a reconnection) wait on the hold too.
    const flushes = [outbox.flush(), outbox.flush()];
    // A turn of the event loop: nothing is sent while held.
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.calls).toHaveLength(0);
    expect(keptNotes(storage, 'room1').map((n) => [n.text, n.state])).toEqual([['before the room', 'waiting']]);

    outbox.release();
    const outcome = await posting;
    await Promise.all(flushes);
    expect(outcome.kind).toBe('sent');
    expect(server.calls.map((c) => c.body.text)).toEqual(['before the room']);
    expect(keptNotes(storage, 'room1').map((n) => [n.text, n.state])).toEqual([['before the room', 'visible']]);

    // Held again (the live room closed while the note box stays): the next note waits for the next release.
    outbox.hold();
    const next = outbox.post({ text: 'while the room reloads' }, false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.calls).toHaveLength(1);
    outbox.release();
    expect((await next).kind).toBe('sent');
    expect(server.calls.map((c) => c.body.text)).toEqual(['before the room', 'while the room reloads']);
  });

  it('knows which failures are worth retrying', () => {
    expect(isRetryable(network())).toBe(true);
    expect(isRetryable(new ApiError(502, 'Bad gateway', 'HTTP'))).toBe(true);
    expect(isRetryable(new ApiError(503, 'Restarting', 'HTTP'))).toBe(true);
    expect(isRetryable(new ApiError(429, 'Slow down', 'RATE_LIMITED'))).toBe(true);
    expect(isRetryable(new ApiError(400, 'Bad', 'VALIDATION'))).toBe(false);
    expect(isRetryable(new ApiError(401, 'Bad token', 'UNAUTHORIZED'))).toBe(false);
    expect(isRetryable(new ApiError(409, 'Limit', 'LIMIT'))).toBe(false);
  });

  it('ignores damaged storage', () => {
    expect(parseOwnNotes('not json')).toEqual([]);
    expect(parseOwnNotes({ a: 1 })).toEqual([]);
    expect(
      parseOwnNotes([{ localId: 1 }, { localId: 'x', text: 't', color: 'yellow', areaId: null, anonymous: false, state: 'waiting', postedAt: 1, attempts: 0 }]),
    ).toHaveLength(1);
    // Damaged JSON under the store's key reads as an empty store, not a crash.
    const storage = new MemoryStorage();
    storage.setItem(ownNotesKey('room1'), '[{"localId":');
    expect(setup(['ok'], storage).outbox.get()).toEqual([]);
  });
});

describe('jittered waits', () => {
  it('spreads reconnection tries over a growing window, never past 5 s', () => {
    expect(reconnectDelay(1, () => 0)).toBe(50);
    expect(reconnectDelay(1, () => 0.999)).toBeLessThanOrEqual(500);
    expect(reconnectDelay(3, () => 0.999)).toBeLessThanOrEqual(2000);
    for (let attempt = 1; attempt < 40; attempt++) expect(reconnectDelay(attempt, () => 1)).toBeLessThanOrEqual(MAX_RECONNECT_DELAY_MS);
    // 300 phones after a restart: their first tries are not all at the same moment.
    const delays = new Set(Array.from({ length: 300 }, () => reconnectDelay(4)));
    expect(delays.size).toBeGreaterThan(100);
  });

  it('retries the outbox between 1 s and 30 s', () => {
    expect(retryDelay(1, () => 0)).toBe(1000);
    expect(retryDelay(1, () => 1)).toBe(2000);
    expect(retryDelay(20, () => 1)).toBe(30_000);
  });
});
