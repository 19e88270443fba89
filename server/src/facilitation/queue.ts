import type { QueueReply } from '@tributary/shared/api';
import { readControl } from '@tributary/shared/control/state';
import { Errors } from '../errors.ts';
import type { HeldNote, Storage } from '../storage/types.ts';
import type { Room } from '../sync/room.ts';
import type { Notes } from './notes.ts';
import { shuffle } from './shuffle.ts';

/**
 * The facilitator's queue ("Waiting for you"): notes held before anyone sees them, because the
 * step is a review step or the word filter matched (docs/API.md "Waiting for the facilitator").
 *
 * The order of the holds: the queue comes first, so the facilitator sees a note's words before
 * anything else happens to it. Once approved, a note goes on as it would have gone without the
 * queue: a note from private writing is sealed if the reveal of its step has not come yet (else
 * it goes up), an anonymous note waits for its batch of three people, any other note goes on
 * the board. A note that was on the board and was edited to a filter word goes straight back.
 *
 * Anonymity: the queue shows no author, for named notes too (the facilitator judges the words,
 * and a named note carries its name once it is on the board), and no time finer than the minute,
 * shuffled within the minute, so the order tells nobody who was typing when.
 * Runs under the room's lock (Facilitation.inRoom).
 */
export class Queue {
  constructor(
    private readonly storage: Storage,
    private readonly notes: Notes,
  ) {}

  async list(room: Room): Promise<QueueReply> {
    const queued = await this.storage.listHeldNotes(room.id, 'queued');
    const byMinute = shuffle(queued).sort((a, b) => (a.data.queue?.minute ?? 0) - (b.data.queue?.minute ?? 0));
    return byMinute.map((n) => {
      const queue = n.data.queue;
      return {
        noteId: n.id,
        text: n.data.text,
        anonymous: n.data.anonymous,
        reason: queue?.reason ?? 'review',
        ...(queue?.matched?.length ? { matched: [...queue.matched] } : {}),
        ...(n.data.areaId ? { areaId: n.data.areaId } : {}),
        ...(n.data.imageId ? { imageId: n.data.imageId, imageKind: n.data.imageKind ?? 'photo' } : {}),
        ...(queue ? { at: new Date(queue.minute).toISOString() } : {}),
      };
    });
  }

  /** Approves one queued note, or (noteId null) every one. */
  async approve(room: Room, noteId: string | null): Promise<number> {
    const notes = noteId === null ? await this.storage.listHeldNotes(room.id, 'queued') : [await this.queuedNote(room, noteId)];
    const control = readControl(room.doc('control'));
    const toBoard: HeldNote[] = [];
    let toBatch = false;
    for (const note of notes) {
      const { queue, ...rest } = note.data;
      // Marked, so that new words from its writer while it still waits come back here (notes.ts editNote).
      const data = { ...rest, reviewed: true as const };
      const sealed = queue?.sealed === true && note.stepIndex === control.stepIndex && control.mode === 'private' && !control.revealed;
      if (sealed) {
        await this.storage.putHeldNote({ ...note, state: 'sealed', data });
      } else if (data.anonymous && !queue?.wasVisible) {
        await this.storage.putHeldNote({ ...note, state: 'pending', data });
        toBatch = true;
      } else {
        toBoard.push({ ...note, data });
      }
    }
    await this.notes.publishHeld(room, toBoard);
    if (toBatch) await this.notes.releasePending(room, false);
    await this.notes.refreshCounts(room);
    return notes.length;
  }

  /**
   * "Don't show": the note never goes on the board. Its edit key still opens it, so the
   * writer's phone learns it is `gone` (and says so gently) instead of being told it never was.
   */
  async reject(room: Room, noteId: string): Promise<void> {
    const note = await this.queuedNote(room, noteId);
    if (note.editKeyHash) await this.storage.setNoteKey(room.id, note.id, note.editKeyHash);
    await this.storage.deleteHeldNotes(room.id, [note.id]);
    await this.notes.refreshCounts(room);
  }

  private async queuedNote(room: Room, noteId: string): Promise<HeldNote> {
    const held = await this.storage.getHeldNote(room.id, noteId);
    if (!held || held.state !== 'queued') throw new Errors.NotInQueue();
    return held;
  }
}
