import { describe, expect, it } from 'vitest';
import type { PostNoteBody, PostNoteReply } from '@tributary/shared/api';
import { ApiError } from '../../client/src/sync/api.ts';
import { Outbox } from '../../client/src/sync/outbox.ts';
import { OwnNotes, countInStep, ownNotesKey, parseOwnNotes, postedNotes, stepKey, unsentNotes } from '../../client/src/sync/ownNotes.ts';
import { MemoryStorage } from '../helpers/memoryStorage.ts';

const ROOM = 'room1';
const network = () => new ApiError(0, 'Could not reach the server.', 'NETWORK');

/** An outbox over a fresh store in `storage`, answering posts from `script`, in step `step.now`. */
function phone(storage: MemoryStorage, script: Array<'ok' | ApiError>, step = { now: stepKey(0, 's1') }) {
  const calls: Array<{ body: PostNoteBody; key: string }> = [];
  let n = 0;
  const notes = new OwnNotes(ROOM, () => storage);
  const outbox = new Outbox({
    roomId: ROOM,
    notes,
    stepKey: () => step.now,
    send: async (body, key): Promise<PostNoteReply> => {
      calls.push({ body, key });
      const next = script[Math.min(n++, script.length - 1)] ?? 'ok';
      if (next !== 'ok') throw next;
      return { noteId: `n${n}`, editKey: `k${n}`, status: 'visible' };
    },
    setTimer: () => 0,
    clearTimer: () => {},
  });
  return { notes, outbox, calls, step };
}

describe("the phone's one store of its own notes", () => {
  it('holds each note once, from waiting to posted, with its step, colour and edit key', async () => {
    const storage = new MemoryStorage();
    const { notes, outbox, step } = phone(storage, [network(), 'ok']);
    await outbox.post({ text: 'offline idea', color: 'blue', anonymous: true }, true);
    expect(notes.get().map((n) => [n.text, n.state, n.color])).toEqual([['offline idea', 'waiting', 'blue']]);
    expect(postedNotes(notes.get())).toEqual([]);
    // The facilitator moves on before the signal comes back: the server counts it in the new step.
    step.now = stepKey(1, 's2');
    await outbox.flush();
    expect(notes.get()).toHaveLength(1);
    const [posted] = postedNotes(notes.get());
    expect(posted).toMatchObject({ text: 'offline idea', color: 'blue', anonymous: true, state: 'visible', noteId: 'n2', editKey: 'k2', step: stepKey(1, 's2') });
    expect(unsentNotes(notes.get())).toEqual([]);
    expect(countInStep(notes.get(), stepKey(0, 's1'))).toBe(0);
    expect(countInStep(notes.get(), stepKey(1, 's2'))).toBe(1);
    // One key on the device, read again by the next page.
    expect(storage.keys()).toEqual([ownNotesKey(ROOM)]);
    expect(new OwnNotes(ROOM, () => storage).get()).toEqual(notes.get());
  });

  it('a note taken back leaves the list and the device, but still counts for its step (as on the server)', async () => {
    const storage = new MemoryStorage();
    const { notes, outbox } = phone(storage, ['ok']);
    await outbox.post({ text: 'first', color: 'yellow' }, false);
    await outbox.post({ text: 'second thoughts', color: 'yellow' }, false);
    const second = notes.get().find((n) => n.text === 'second thoughts')!;
    notes.takeBack(second.localId);
    expect(postedNotes(notes.get()).map((n) => n.text)).toEqual(['first']);
    expect(countInStep(notes.get(), stepKey(0, 's1'))).toBe(2);
    const kept = storage.getItem(ownNotesKey(ROOM))!;
    expect(kept).not.toContain('second thoughts');
    expect(kept).not.toContain(second.editKey);
  });

  it('a note the server refused for good is removed whole: it never counted', async () => {
    const { notes, outbox } = phone(new MemoryStorage(), [network(), new ApiError(423, 'Adding notes is paused.', 'LOCKED')]);
    await outbox.post({ text: 'later', color: 'yellow' }, false);
    await outbox.flush();
    const [failed] = unsentNotes(notes.get());
    expect(failed).toMatchObject({ state: 'failed', problem: 'Adding notes is paused.' });
    notes.takeBack(failed!.localId);
    expect(notes.get()).toEqual([]);
  });

  it('two tabs of one room do not undo each other', async () => {
    const storage = new MemoryStorage();
    const a = phone(storage, ['ok']);
    const b = phone(storage, [network()]);
    await a.outbox.post({ text: 'from tab A', color: 'yellow' }, false);
    await b.outbox.post({ text: 'from tab B', color: 'yellow' }, false);
    const fromA = a.notes.get().find((n) => n.text === 'from tab A')!;
    // Tab A changes its note; tab B's waiting note must survive the write.
    a.notes.update(fromA.localId, { text: 'changed in tab A' });
    b.notes.refresh();
    expect(b.notes.get().map((n) => [n.text, n.state])).toEqual([
      ['changed in tab A', 'visible'],
      ['from tab B', 'waiting'],
    ]);
  });

  it('when storage is full, the notes last as long as the tab', async () => {
    const storage = new MemoryStorage();
    storage.full = true;
    const { notes, outbox } = phone(storage, [network(), 'ok']);
    expect((await outbox.post({ text: 'no room left', color: 'yellow' }, false)).kind).toBe('queued');
    expect(notes.get().map((n) => n.state)).toEqual(['waiting']);
    await outbox.flush();
    expect(postedNotes(notes.get()).map((n) => n.text)).toEqual(['no room left']);
  });

  it('keeps only valid entries it reads back', () => {
    const good = { localId: 'x', text: 't', color: 'yellow', areaId: null, anonymous: false, state: 'visible', postedAt: 1, attempts: 0 };
    expect(parseOwnNotes([good, { ...good, state: 'made-up' }, { ...good, color: 'plaid' }, { ...good, text: 7 }, { ...good, localId: null }, null])).toEqual([good]);
  });
});

describe('a phone upgraded mid-session', () => {
  /** What an earlier version kept of room1: a note waiting to be sent, a posted one, and one taken back. */
  function oldPhone(): MemoryStorage {
    const storage = new MemoryStorage();
    storage.setItem(
      `tributary:outbox:${ROOM}`,
      JSON.stringify([
        { id: 'idem-1', body: { text: 'written offline', color: 'pink', anonymous: true, areaId: 'area_1' }, anonymous: true, queuedAt: 30, attempts: 1, state: 'waiting' },
      ]),
    );
    storage.setItem(
      `tributary:mynotes:${ROOM}`,
      JSON.stringify([{ noteId: 'note_a', editKey: 'key_a', text: 'held for the reveal', status: 'sealed', anonymous: false, postedAt: 10 }]),
    );
    storage.setItem(
      `tributary:postlog:${ROOM}`,
      JSON.stringify([
        { noteId: 'note_a', step: stepKey(0, 's1'), color: 'green' },
        { noteId: 'note_gone', step: stepKey(0, 's1'), color: 'yellow' },
      ]),
    );
    storage.setItem('tributary:outbox:other-room', '[]');
    return storage;
  }

  it('moves the three old stores into the one store once, and removes the old keys', () => {
    const storage = oldPhone();
    const notes = new OwnNotes(ROOM, () => storage).get();
    expect(storage.keys().sort()).toEqual(['tributary:outbox:other-room', ownNotesKey(ROOM)]);
    expect(postedNotes(notes)).toEqual([
      expect.objectContaining({ noteId: 'note_a', editKey: 'key_a', text: 'held for the reveal', state: 'sealed', color: 'green', step: stepKey(0, 's1'), postedAt: 10 }),
    ]);
    expect(unsentNotes(notes)).toEqual([
      expect.objectContaining({ localId: 'idem-1', text: 'written offline', color: 'pink', anonymous: true, askedAnonymous: true, areaId: 'area_1', state: 'waiting', attempts: 1 }),
    ]);
    // The note taken back before the upgrade still counts, as the server still counts it.
    expect(countInStep(notes, stepKey(0, 's1'))).toBe(2);
    // Read again: nothing is moved twice.
    expect(new OwnNotes(ROOM, () => storage).get()).toEqual(notes);
  });

  it('sends the note that was waiting, once, with the idempotency key and body it had', async () => {
    const storage = oldPhone();
    const { outbox, calls, notes } = phone(storage, ['ok']);
    await outbox.flush();
    expect(calls).toEqual([{ key: 'idem-1', body: { text: 'written offline', color: 'pink', anonymous: true, areaId: 'area_1' } }]);
    expect(unsentNotes(notes.get())).toEqual([]);
    expect(postedNotes(notes.get()).map((n) => n.text)).toEqual(['held for the reveal', 'written offline']);
  });

  it('a note the old phone kept twice (sent, then reloaded before leaving its outbox) ends up once', async () => {
    const storage = new MemoryStorage();
    storage.setItem(
      `tributary:outbox:${ROOM}`,
      JSON.stringify([{ id: 'idem-2', body: { text: 'sent just before the reload', color: 'yellow' }, anonymous: false, queuedAt: 20, attempts: 1, state: 'waiting' }]),
    );
    storage.setItem(
      `tributary:mynotes:${ROOM}`,
      JSON.stringify([{ noteId: 'n1', editKey: 'k1', text: 'sent just before the reload', status: 'visible', anonymous: false, postedAt: 20 }]),
    );
    storage.setItem(`tributary:postlog:${ROOM}`, JSON.stringify([{ noteId: 'n1', step: stepKey(0, 's1'), color: 'yellow' }]));
    // The resend gets the server's first answer back (the same note, n1).
    const { outbox, notes } = phone(storage, ['ok']);
    await outbox.flush();
    expect(postedNotes(notes.get()).map((n) => n.noteId)).toEqual(['n1']);
    expect(countInStep(notes.get(), stepKey(0, 's1'))).toBe(1);
  });

  it('merges what an old tab still writes after the upgrade, without doubling a note', () => {
    const storage = oldPhone();
    const notes = new OwnNotes(ROOM, () => storage);
    // An old tab of the same room, still open, writes its post log again.
    storage.setItem(`tributary:postlog:${ROOM}`, JSON.stringify([{ noteId: 'note_a', step: stepKey(0, 's1') }, { noteId: 'note_b', step: stepKey(0, 's1') }]));
    notes.refresh();
    expect(countInStep(notes.get(), stepKey(0, 's1'))).toBe(3);
    expect(storage.getItem(`tributary:postlog:${ROOM}`)).toBeNull();
  });
});
