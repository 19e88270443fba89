import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { JoinCodeTakenError, type HeldNote, type RoomRecord, type Storage } from '../../../server/src/storage/types.ts';
import { pace } from '../../helpers/clients.ts';

/**
 * What every `Storage` must do, run against each backend (sqlite.test.ts, postgres.test.ts).
 * `open()` may be called more than once: each call is another handle on the same data, the way
 * two server processes would see one database.
 */
export interface StorageBackend {
  open(): Promise<Storage>;
  /** Closes what open() returned and removes the data. */
  cleanup(): Promise<void>;
}

const id = (prefix: string): string => `${prefix}_${randomBytes(6).toString('hex')}`;

function roomRecord(overrides: Partial<RoomRecord> = {}): RoomRecord {
  const now = Date.now();
  return { id: id('room'), title: 'Contract room', template: null, joinCode: randomBytes(4).toString('hex').toUpperCase(), createdAt: now, lastActiveAt: now, ...overrides };
}

function held(roomId: string, overrides: Partial<HeldNote> = {}): HeldNote {
  return {
    id: id('note'),
    roomId,
    state: 'sealed',
    stepIndex: 0,
    data: { text: 'held text', color: 'yellow', areaId: null, anonymous: false, authorName: 'Ada', authorId: 'p1' },
    editKeyHash: 'hash-of-key',
    ...overrides,
  };
}

/** A Yjs update setting one key, as clients send them. */
function updateSetting(key: string, value: number, base?: Y.Doc): Uint8Array {
  const doc = base ?? new Y.Doc();
  const before = Y.encodeStateVector(doc);
  doc.getMap('m').set(key, value);
  return Y.encodeStateAsUpdate(doc, before);
}

function replay(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return doc;
}

export function storageContract(name: string, makeBackend: () => Promise<StorageBackend>): void {
  describe(`Storage contract: ${name}`, () => {
    let backend: StorageBackend;
    let storage: Storage;

    beforeAll(async () => {
      backend = await makeBackend();
      storage = await backend.open();
    });
    afterAll(async () => {
      await backend?.cleanup();
    });

    async function newRoom(overrides: Partial<RoomRecord> = {}): Promise<RoomRecord> {
      const room = roomRecord(overrides);
      await storage.createRoom(room);
      return room;
    }

    test('rooms: create, read by id and join code, touch only forwards, rename, idle list', async () => {
      const room = await newRoom({ lastActiveAt: 1_000, createdAt: 1_000, template: 'world-cafe' });
      expect(await storage.getRoom(room.id)).toEqual(room);
      expect(await storage.findRoomByJoinCode(room.joinCode)).toEqual(room);
      expect(await storage.getRoom('room_missing')).toBeNull();
      expect(await storage.findRoomByJoinCode('NOPE00')).toBeNull();
      await expect(storage.createRoom(roomRecord({ joinCode: room.joinCode }))).rejects.toBeInstanceOf(JoinCodeTakenError);

      await storage.touchRoom(room.id, 5_000);
      await storage.touchRoom(room.id, 3_000);
      expect((await storage.getRoom(room.id))!.lastActiveAt).toBe(5_000);
      await storage.renameRoom(room.id, 'Renamed');
      expect((await storage.getRoom(room.id))!.title).toBe('Renamed');
      expect(await storage.listIdleRooms(6_000)).toContain(room.id);
      expect(await storage.listIdleRooms(5_000)).not.toContain(room.id);
    });

    test('tokens: stored by hash; participants listed oldest first with their names', async () => {
      const room = await newRoom();
      await storage.addToken({ hash: id('h'), roomId: room.id, role: 'facilitator', participantId: null, name: null, createdAt: 1 });
      const second = { hash: id('h'), roomId: room.id, role: 'participant' as const, participantId: 'p_b', name: null, createdAt: 3 };
      await storage.addToken(second);
      await storage.addToken({ hash: id('h'), roomId: room.id, role: 'participant', participantId: 'p_a', name: 'Ada', createdAt: 2 });
      expect(await storage.findToken(second.hash)).toEqual({ ...second, revokedAt: null });
      expect(await storage.findToken('unknown')).toBeNull();
      expect(await storage.listParticipants(room.id)).toEqual([
        { participantId: 'p_a', name: 'Ada' },
        { participantId: 'p_b', name: null },
      ]);
    });

    test('tokens: a presenter token is stored; adding a token already there keeps the stored one', async () => {
      const room = await newRoom();
      const presenter = { hash: id('h'), roomId: room.id, role: 'presenter' as const, participantId: null, name: null, createdAt: 1 };
      await storage.addToken(presenter);
      expect(await storage.findToken(presenter.hash)).toEqual({ ...presenter, revokedAt: null });
      const first = { hash: id('h'), roomId: room.id, role: 'participant' as const, participantId: 'p_first', name: 'First', createdAt: 2 };
      await storage.addToken(first);
      await storage.addToken({ ...first, participantId: 'p_second', name: 'Second', createdAt: 3 });
      expect(await storage.findToken(first.hash)).toEqual({ ...first, revokedAt: null });
    });

    test('tokens: revoking a participant revokes their tokens, for every handle, and leaves others alone', async () => {
      const room = await newRoom();
      const gone = { hash: id('h'), roomId: room.id, role: 'participant' as const, participantId: 'p_gone', name: 'Gone', createdAt: 1 };
      const stays = { hash: id('h'), roomId: room.id, role: 'participant' as const, participantId: 'p_stays', name: null, createdAt: 2 };
      await storage.addToken(gone);
      await storage.addToken(stays);
      expect(await storage.revokeParticipant(room.id, 'p_gone', 500)).toBe(1);
      const other = await backend.open();
      expect((await other.findToken(gone.hash))?.revokedAt).toBe(500);
      expect((await other.findToken(stays.hash))?.revokedAt).toBeNull();
      expect(await other.listParticipants(room.id)).toEqual([{ participantId: 'p_stays', name: null }]);
      // Revoking again keeps the first time; re-adding the token does not bring it back.
      expect(await other.revokeParticipant(room.id, 'p_gone', 900)).toBe(1);
      await other.addToken(gone);
      expect((await storage.findToken(gone.hash))?.revokedAt).toBe(500);
      expect(await storage.revokeParticipant(room.id, 'p_nobody', 900)).toBe(0);
      expect(await storage.revokeParticipant('room_other', 'p_stays', 900)).toBe(0);
    });

    test('documents: appended updates come back in order; compaction keeps the content and what came after', async () => {
      const room = await newRoom();
      expect(await storage.loadDoc(room.id, 'board')).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
      const source = new Y.Doc();
      const first = await storage.appendUpdates(room.id, 'board', [updateSetting('a', 1, source), updateSetting('b', 2, source)]);
      const second = await storage.appendUpdates(room.id, 'board', [updateSetting('c', 3, source)]);
      expect(second).toBeGreaterThan(first);
      // The other document of the room is separate.
      await storage.appendUpdates(room.id, 'control', [updateSetting('x', 9)]);

      const loaded = await storage.loadDoc(room.id, 'board');
      expect(loaded.snapshot).toBeNull();
      expect(loaded.updates).toHaveLength(3);
      expect(loaded.lastSeq).toBe(second);
      expect(replay(loaded).getMap('m').toJSON()).toEqual({ a: 1, b: 2, c: 3 });

      await storage.compact(room.id, 'board', Y.encodeStateAsUpdate(replay(loaded)), loaded.lastSeq);
      const third = await storage.appendUpdates(room.id, 'board', [updateSetting('d', 4, source)]);
      const after = await storage.loadDoc(room.id, 'board');
      expect(after.snapshot).not.toBeNull();
      expect(after.updates).toHaveLength(1);
      expect(after.lastSeq).toBe(third);
      expect(replay(after).getMap('m').toJSON()).toEqual({ a: 1, b: 2, c: 3, d: 4 });
      expect(replay(await storage.loadDoc(room.id, 'control')).getMap('m').toJSON()).toEqual({ x: 9 });
    });

    test('documents: appends to many rooms at once all land, in order; one to a deleted room fails alone', async () => {
      const rooms = await Promise.all(Array.from({ length: 12 }, () => newRoom()));
      const gone = await newRoom();
      await storage.deleteRoom(gone.id);
      const sources = rooms.map(() => new Y.Doc());
      // The same turn: SQLite commits these as one group; PostgreSQL runs them side by side.
      const results = await Promise.allSettled([
        ...rooms.map((room, i) => storage.appendUpdates(room.id, 'board', [updateSetting('a', i, sources[i]), updateSetting('b', i, sources[i])])),
        storage.appendUpdates(gone.id, 'board', [updateSetting('lost', 1)]),
        ...rooms.map((room, i) => storage.appendUpdates(room.id, 'board', [updateSetting('c', i, sources[i])])),
      ]);
      expect(results[rooms.length]!.status).toBe('rejected');
      const ok = results.filter((r) => r.status === 'fulfilled');
      expect(ok).toHaveLength(rooms.length * 2);
      for (const [i, room] of rooms.entries()) {
        const first = (results[i] as PromiseFulfilledResult<number>).value;
        const second = (results[rooms.length + 1 + i] as PromiseFulfilledResult<number>).value;
        expect(second).toBeGreaterThan(first);
        const loaded = await storage.loadDoc(room.id, 'board');
        expect(loaded.updates).toHaveLength(3);
        expect(loaded.lastSeq).toBe(second);
        expect(replay(loaded).getMap('m').toJSON()).toEqual({ a: i, b: i, c: i });
      }
    });

    test('documents: a snapshot never gives way to one that covers less', async () => {
      const room = await newRoom();
      const source = new Y.Doc();
      const s1 = await storage.appendUpdates(room.id, 'board', [updateSetting('a', 1, source)]);
      const early = Y.encodeStateAsUpdate(source);
      const s2 = await storage.appendUpdates(room.id, 'board', [updateSetting('b', 2, source)]);
      await storage.compact(room.id, 'board', Y.encodeStateAsUpdate(source), s2);
      // A slower writer (another process) compacts what it had read earlier.
      await storage.compact(room.id, 'board', early, s1);
      expect(replay(await storage.loadDoc(room.id, 'board')).getMap('m').toJSON()).toEqual({ a: 1, b: 2 });
    });

    test('held notes: put, update, list by state (ordered by id), delete', async () => {
      const room = await newRoom();
      const a = held(room.id, { id: 'note_b' });
      const b = held(room.id, { id: 'note_a', state: 'pending', data: { text: 'anon', color: 'blue', areaId: 'area_1', anonymous: true } });
      const c = held(room.id, { id: 'note_c', state: 'pending', editKeyHash: null });
      for (const note of [a, b, c]) await storage.putHeldNote(note);
      expect(await storage.getHeldNote(room.id, 'note_b')).toEqual(a);
      expect((await storage.listHeldNotes(room.id, 'pending')).map((n) => n.id)).toEqual(['note_a', 'note_c']);
      await storage.putHeldNote({ ...a, state: 'hidden', data: { ...a.data, text: 'edited' } });
      expect((await storage.getHeldNote(room.id, 'note_b'))!.data.text).toBe('edited');
      expect((await storage.listHeldNotes(room.id, 'hidden')).map((n) => n.id)).toEqual(['note_b']);
      expect(await storage.listHeldNotes(room.id, 'sealed')).toEqual([]);
      await storage.deleteHeldNotes(room.id, ['note_a', 'note_b']);
      await storage.deleteHeldNotes(room.id, []);
      expect(await storage.getHeldNote(room.id, 'note_a')).toBeNull();
      expect((await storage.listHeldNotes(room.id, 'pending')).map((n) => n.id)).toEqual(['note_c']);
    });

    test('queued notes (review steps, the word filter) are held notes of their own state', async () => {
      const room = await newRoom();
      const q = held(room.id, { id: 'note_q', state: 'queued', data: { text: 'wait', color: 'yellow', areaId: null, anonymous: true, queue: { reason: 'filter', matched: ['x'], minute: 60_000 } } });
      await storage.putHeldNote(q);
      expect(await storage.getHeldNote(room.id, 'note_q')).toEqual(q);
      expect((await storage.listHeldNotes(room.id, 'queued')).map((n) => n.id)).toEqual(['note_q']);
      expect(await storage.listHeldNotes(room.id, 'hidden')).toEqual([]);
    });

    test('word filters: none until set; set and replaced per room', async () => {
      const room = await newRoom();
      const other = await newRoom();
      expect(await storage.getWordFilter(room.id)).toBeNull();
      await storage.putWordFilter(room.id, { enabled: true, words: { en: ['biscuit'] } });
      await storage.putWordFilter(room.id, { enabled: false, words: { en: ['biscuit'], pl: ['ciastko'] } });
      expect(await storage.getWordFilter(room.id)).toEqual({ enabled: false, words: { en: ['biscuit'], pl: ['ciastko'] } });
      expect(await storage.getWordFilter(other.id)).toBeNull();
    });

    test('note keys: set, replace, read', async () => {
      const room = await newRoom();
      expect(await storage.getNoteKey(room.id, 'note_x')).toBeNull();
      await storage.setNoteKey(room.id, 'note_x', 'k1');
      await storage.setNoteKey(room.id, 'note_x', 'k2');
      expect(await storage.getNoteKey(room.id, 'note_x')).toBe('k2');
    });

    test('idempotent replies: kept per room and key until they expire, replaced on put, swept, seen by every handle', async () => {
      const room = await newRoom();
      const other = await backend.open();
      await storage.putIdempotentReply({ roomId: room.id, key: 'k1', sealed: 'first', expiresAt: 10_000 });
      expect(await other.getIdempotentReply(room.id, 'k1', 9_999)).toBe('first');
      expect(await storage.getIdempotentReply(room.id, 'k1', 10_000), 'expired at its time, before any sweep').toBeNull();
      expect(await storage.getIdempotentReply(room.id, 'k2', 0)).toBeNull();
      expect(await storage.getIdempotentReply('room_other', 'k1', 0), 'a key is only good in its room').toBeNull();

      await other.putIdempotentReply({ roomId: room.id, key: 'k1', sealed: 'again', expiresAt: 20_000 });
      await storage.putIdempotentReply({ roomId: room.id, key: 'k2', sealed: 'later', expiresAt: 40_000 });
      expect(await storage.getIdempotentReply(room.id, 'k1', 15_000)).toBe('again');
      expect(await storage.deleteExpiredIdempotentReplies(20_000)).toBeGreaterThanOrEqual(1);
      expect(await other.getIdempotentReply(room.id, 'k1', 0), 'swept').toBeNull();
      expect(await other.getIdempotentReply(room.id, 'k2', 0)).toBe('later');
    });

    test('votes: budget, taking back, totals per round', async () => {
      const room = await newRoom();
      expect(await storage.castVote(room.id, 1, 'v1', 'n1', 1, 2)).toEqual({ ok: true, remaining: 1, mine: { n1: 1 } });
      expect(await storage.castVote(room.id, 1, 'v1', 'n1', 1, 2)).toEqual({ ok: true, remaining: 0, mine: { n1: 2 } });
      expect(await storage.castVote(room.id, 1, 'v1', 'n2', 1, 2)).toEqual({ ok: false, reason: 'budget-spent' });
      expect(await storage.castVote(room.id, 1, 'v1', 'n2', -1, 2)).toEqual({ ok: false, reason: 'no-vote-to-take-back' });
      expect(await storage.castVote(room.id, 1, 'v1', 'n1', -1, 2)).toEqual({ ok: true, remaining: 1, mine: { n1: 1 } });
      expect(await storage.castVote(room.id, 1, 'v1', 'n1', -1, 2)).toEqual({ ok: true, remaining: 2, mine: {} });
      await storage.castVote(room.id, 1, 'v1', 'n1', 1, 2);
      await storage.castVote(room.id, 1, 'v2', 'n1', 1, 2);
      await storage.castVote(room.id, 1, 'v2', 'n2', 1, 2);
      await storage.castVote(room.id, 2, 'v1', 'n3', 1, 2);
      expect(await storage.voteTotals(room.id, 1)).toEqual({ n1: 2, n2: 1 });
      expect(await storage.voteTotals(room.id, 2)).toEqual({ n3: 1 });
      expect(await storage.ballotOf(room.id, 1, 'v2')).toEqual({ n1: 1, n2: 1 });
      expect(await storage.ballotOf(room.id, 3, 'v2')).toEqual({});
    });

    test('votes: 20 concurrent votes (on two handles) against a budget of 3 spend exactly 3', async () => {
      const room = await newRoom();
      const other = await backend.open();
      const handles = [storage, other];
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => handles[i % 2]!.castVote(room.id, 1, 'voter', `n${i % 4}`, 1, 3)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      expect(results.filter((r) => !r.ok && r.reason === 'budget-spent')).toHaveLength(17);
      const mine = await storage.ballotOf(room.id, 1, 'voter');
      expect(Object.values(mine).reduce((a, b) => a + b, 0)).toBe(3);
      // Taking back concurrently never goes below zero either.
      const back = await Promise.all(Array.from({ length: 10 }, (_, i) => handles[i % 2]!.castVote(room.id, 1, 'voter', Object.keys(mine)[0]!, -1, 3)));
      expect(back.filter((r) => r.ok)).toHaveLength(mine[Object.keys(mine)[0]!]!);
    });

    test('post counts: counted per room, step and poster up to the limit (null: none), seen by every handle', async () => {
      const room = await newRoom();
      const other = await backend.open();
      expect(await storage.postCount(room.id, 'step-a', 'poster-1')).toBe(0);
      expect(await storage.countPost(room.id, 'step-a', 'poster-1', 2)).toBe(1);
      expect(await other.countPost(room.id, 'step-a', 'poster-1', 2)).toBe(2);
      expect(await storage.countPost(room.id, 'step-a', 'poster-1', 2)).toBeNull();
      expect(await other.postCount(room.id, 'step-a', 'poster-1')).toBe(2);
      // Another step, another poster, another room: counted apart.
      expect(await storage.countPost(room.id, 'step-b', 'poster-1', 2)).toBe(1);
      expect(await storage.countPost(room.id, 'step-a', 'poster-2', 2)).toBe(1);
      expect(await storage.postCount((await newRoom()).id, 'step-a', 'poster-1')).toBe(0);
      // A limit of zero lets nothing through; no limit lets everything through.
      expect(await storage.countPost(room.id, 'step-c', 'poster-1', 0)).toBeNull();
      expect(await storage.postCount(room.id, 'step-c', 'poster-1')).toBe(0);
      for (let n = 1; n <= 5; n++) expect(await storage.countPost(room.id, 'step-d', 'poster-1', null)).toBe(n);
    });

    test('post counts: 20 concurrent posts (on two handles) against a limit of 3 count exactly 3', async () => {
      const room = await newRoom();
      const handles = [storage, await backend.open()];
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => handles[i % 2]!.countPost(room.id, 'step', 'poster', 3)));
      expect(results.filter((r) => r !== null).sort()).toEqual([1, 2, 3]);
      expect(await storage.postCount(room.id, 'step', 'poster')).toBe(3);
    });

    test('published results: one live page per room, found by hash, next text, taken down keeps the row, gone with the room', async () => {
      const room = await newRoom();
      const other = await backend.open();
      expect(await storage.results.live(room.id)).toBeNull();
      expect(await storage.results.setNext(room.id, 'early')).toBe(false);
      expect(await storage.results.revoke(room.id, 5)).toBe(false);
      const first = { tokenHash: id('rh'), roomId: room.id, salt: 'salt-1', publishedAt: 1_000 };
      await storage.results.publish(first);
      const live = { ...first, next: '', revokedAt: null };
      expect(await storage.results.live(room.id)).toEqual(live);
      expect(await other.results.find(first.tokenHash)).toEqual(live);
      expect(await storage.results.find(id('missing'))).toBeNull();
      expect(await storage.results.setNext(room.id, 'We changed the rota.')).toBe(true);
      expect((await other.results.live(room.id))!.next).toBe('We changed the rota.');

      expect(await storage.results.revoke(room.id, 2_000)).toBe(true);
      expect(await storage.results.live(room.id)).toBeNull();
      expect(await storage.results.find(first.tokenHash)).toEqual({ ...first, next: '', revokedAt: 2_000 });
      expect(await storage.results.setNext(room.id, 'too late')).toBe(false);

      const second = { tokenHash: id('rh'), roomId: room.id, salt: 'salt-2', publishedAt: 3_000 };
      await storage.results.publish(second);
      expect((await storage.results.live(room.id))!.tokenHash).toBe(second.tokenHash);
      await storage.deleteRoom(room.id);
      expect(await storage.results.find(first.tokenHash)).toBeNull();
      expect(await storage.results.find(second.tokenHash)).toBeNull();
    });

    test('room lock: calls for one room run one at a time (across handles); other rooms are not held up', async () => {
      const other = await backend.open();
      const handles = [storage, other];
      let inside = 0;
      let most = 0;
      const order: number[] = [];
      await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          handles[i % 2]!.withRoomLock('room_locked', async () => {
            inside++;
            most = Math.max(most, inside);
            // Held long enough for the other five callers to queue up behind it.
            await pace(15);
            order.push(i);
            inside--;
          }),
        ),
      );
      expect(most).toBe(1);
      expect(order).toHaveLength(6);

      // While one room is held, another room's lock is free.
      let release!: () => void;
      let entered!: () => void;
      const held = new Promise<void>((resolve) => (entered = resolve));
      const holding = storage.withRoomLock('room_held', () => {
        entered();
        return new Promise<void>((resolve) => (release = resolve));
      });
      await held;
      const elsewhere = await other.withRoomLock('room_free', async () => 'ran');
      expect(elsewhere).toBe('ran');
      release();
      await holding;
      // A failing call releases the lock.
      await expect(storage.withRoomLock('room_locked', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await other.withRoomLock('room_locked', async () => 'after')).toBe('after');
    });

    test('images: stored and read back per room; another room\u2019s id is not found', async () => {
      const room = await newRoom();
      const other = await newRoom();
      const bytes = new Uint8Array(randomBytes(300));
      expect(await storage.images.put({ roomId: room.id, id: 'img_a', type: 'image/png', bytes }, 1_000)).toBe('stored');
      const got = await storage.images.get(room.id, 'img_a');
      expect(got?.type).toBe('image/png');
      expect(Buffer.from(got!.bytes).equals(Buffer.from(bytes))).toBe(true);
      expect(await storage.images.has(room.id, 'img_a')).toBe(true);
      expect(await storage.images.get(other.id, 'img_a')).toBeNull();
      expect(await storage.images.has(other.id, 'img_a')).toBe(false);
      expect(await storage.images.has(room.id, 'img_b')).toBe(false);
      await storage.images.delete(other.id, 'img_a'); // another room's: nothing happens
      expect(await storage.images.has(room.id, 'img_a')).toBe(true);
      await storage.images.delete(room.id, 'img_a');
      expect(await storage.images.get(room.id, 'img_a')).toBeNull();
      await storage.images.delete(room.id, 'img_a'); // already gone: no error
    });

    test('images: 12 concurrent uploads (on two handles) against a room cap of 5 pictures store exactly 5', async () => {
      const room = await newRoom();
      const handles = [storage, await backend.open()];
      const picture = new Uint8Array(100);
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => handles[i % 2]!.images.put({ roomId: room.id, id: `img_${i}`, type: 'image/jpeg', bytes: picture }, 500)));
      expect(results.filter((r) => r === 'stored')).toHaveLength(5);
      expect(results.filter((r) => r === 'room-full')).toHaveLength(7);
      // The cap is the room's: another room starts from nothing.
      const other = await newRoom();
      expect(await storage.images.put({ roomId: other.id, id: 'img_x', type: 'image/jpeg', bytes: picture }, 500)).toBe('stored');
    });

    test('deleteRoom removes everything the room had', async () => {
      const room = await newRoom();
      const token = { hash: id('h'), roomId: room.id, role: 'participant' as const, participantId: 'p', name: 'N', createdAt: 1 };
      await storage.addToken(token);
      const seq = await storage.appendUpdates(room.id, 'board', [updateSetting('a', 1)]);
      await storage.compact(room.id, 'board', updateSetting('a', 1), seq);
      await storage.appendUpdates(room.id, 'control', [updateSetting('b', 1)]);
      await storage.putHeldNote(held(room.id));
      await storage.setNoteKey(room.id, 'note_1', 'k');
      await storage.castVote(room.id, 1, 'v', 'note_1', 1, 3);
      await storage.putIdempotentReply({ roomId: room.id, key: 'resend', sealed: 's', expiresAt: Number.MAX_SAFE_INTEGER });
      await storage.countPost(room.id, 'step', 'poster', null);
      await storage.images.put({ roomId: room.id, id: 'img_gone', type: 'image/png', bytes: new Uint8Array(10) }, 1_000);
      await storage.putWordFilter(room.id, { enabled: true, words: { en: ['secret'] } });
      const keep = await newRoom();
      await storage.countPost(keep.id, 'step', 'poster', null);
      await storage.appendUpdates(keep.id, 'board', [updateSetting('k', 1)]);

      await storage.deleteRoom(room.id);
      expect(await storage.getRoom(room.id)).toBeNull();
      expect(await storage.findRoomByJoinCode(room.joinCode)).toBeNull();
      expect(await storage.findToken(token.hash)).toBeNull();
      expect(await storage.loadDoc(room.id, 'board')).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
      expect(await storage.loadDoc(room.id, 'control')).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
      expect(await storage.listHeldNotes(room.id, 'sealed')).toEqual([]);
      expect(await storage.getNoteKey(room.id, 'note_1')).toBeNull();
      expect(await storage.voteTotals(room.id, 1)).toEqual({});
      expect(await storage.getIdempotentReply(room.id, 'resend', 0)).toBeNull();
      expect(await storage.postCount(room.id, 'step', 'poster')).toBe(0);
      expect(await storage.images.get(room.id, 'img_gone')).toBeNull();
      expect(await storage.getWordFilter(room.id)).toBeNull();
      expect((await storage.loadDoc(keep.id, 'board')).updates).toHaveLength(1);
      expect(await storage.postCount(keep.id, 'step', 'poster')).toBe(1);
    });

    test('ping answers while open', async () => {
      await expect(storage.ping()).resolves.toBeUndefined();
    });
  });
}
