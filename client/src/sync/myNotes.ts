import type { NoteStatus } from '@tributary/shared';
import { deviceStorage } from './deviceStorage.ts';
import type { NoteKind } from './outbox.ts';
import { Store } from './store.ts';

/**
 * Notes this device posted through the server, with the edit key that is the only link between
 * the person and the note. Kept in localStorage on the device (never sent anywhere else), so the
 * author can see a sealed or pending note, change it, or take it back — even after a reload.
 */
export interface MyNote {
  noteId: string;
  editKey: string;
  text: string;
  status: NoteStatus | 'hidden' | 'gone';
  anonymous: boolean;
  postedAt: number;
  /** A waiting anonymous note: how many more people's notes it waits for. */
  waitingFor?: number;
  /** `card`: the person's User Manual card (at most one is shared at a time). */
  kind?: NoteKind;
}

const KEY_PREFIX = 'tributary:mynotes:';


export class MyNotes extends Store<readonly MyNote[]> {
  constructor(private readonly roomId: string) {
    super(MyNotes.load(roomId));
  }

  private static load(roomId: string): MyNote[] {
    try {
      const raw = deviceStorage()?.getItem(KEY_PREFIX + roomId);
      const parsed = raw ? (JSON.parse(raw) as MyNote[]) : [];
      return Array.isArray(parsed) ? parsed.filter((n) => typeof n?.noteId === 'string' && typeof n.editKey === 'string') : [];
    } catch {
      return [];
    }
  }

  private save(next: MyNote[]): void {
    this.set(next);
    try {
      deviceStorage()?.setItem(KEY_PREFIX + this.roomId, JSON.stringify(next));
    } catch {
      /* storage full or unavailable: the list lasts as long as the tab */
    }
  }

  add(note: MyNote): void {
    this.save([note, ...this.get().filter((n) => n.noteId !== note.noteId)]);
  }

  update(noteId: string, patch: Partial<Omit<MyNote, 'noteId' | 'editKey'>>): void {
    this.save(this.get().map((n) => (n.noteId === noteId ? { ...n, ...patch } : n)));
  }

  remove(noteId: string): void {
    this.save(this.get().filter((n) => n.noteId !== noteId));
  }

  /** Takes every note of this room off the device (a borrowed phone, after the session ended). */
  clear(): void {
    this.set([]);
    try {
      deviceStorage()?.removeItem(KEY_PREFIX + this.roomId);
    } catch {
      /* storage unavailable: nothing was kept there */
    }
  }

  find(noteId: string): MyNote | undefined {
    return this.get().find((n) => n.noteId === noteId);
  }
}
