import type * as Y from 'yjs';
import { AREA_COLORS, type AreaColor, type NoteColor } from '@tributary/shared/board/colors';
import type { Point, Rect } from '@tributary/shared/board/geometry';
import { createArea, createNote, deleteAreas, deleteNotes, moveNotes, setAreaColor, setAreaRect, setAreaTitle, setNoteColor, setNoteText } from '@tributary/shared/board/mutations';
import { NOTE_HEIGHT, NOTE_WIDTH, type Note } from '@tributary/shared/board/note';
import { findFreeSpots, planMoveToArea } from '@tributary/shared/board/placement';
import { areaAt } from '@tributary/shared/board/queries';
import { AREA_MIN_SIZE } from '@tributary/shared/board/records';
import { authorshipOf } from '@tributary/shared/board/rules';
import { areasMap, notesMap } from '@tributary/shared/board/schema';
import { LOCAL_ORIGIN } from '@tributary/shared/origins';
import type { BoardRights } from '../sync/boardRights.ts';
import type { BoardSnapshot } from '../sync/boardStore.ts';
import { Store } from '../sync/store.ts';
import { t } from '../i18n/i18n.ts';
import type { EditorClient } from './editorClient.ts';
import { DEFAULT_AREA_SIZE } from './layout.ts';
import { EMPTY_SELECTION, isSelectionEmpty, pruneSelection, selectArea, selectNotes, type Selection } from './selection.ts';
import type { Viewport } from './viewport.ts';

export type Editing = { kind: 'note'; id: string } | { kind: 'area'; id: string };

export interface HistoryState {
  canUndo: boolean;
  canRedo: boolean;
}

const ALL_RIGHTS: BoardRights = { writeBoard: true, createNote: true, editNote: () => true, moveNote: () => true, deleteNote: () => true, writeAreas: true };

/**
 * Every change this person makes to the board, each through a named mutation from `shared`
 * and each its own undo step, with what they act on: the selection, the text being edited, the
 * colour new notes get, and whether undo and redo can do anything.
 */
export class BoardActions {
  readonly selection = new Store<Selection>(EMPTY_SELECTION);
  readonly editing = new Store<Editing | null>(null);
  readonly history = new Store<HistoryState>({ canUndo: false, canRedo: false });
  /** The colour new notes get: the last one picked. */
  readonly noteColor = new Store<NoteColor>('yellow');

  /**
   * A note just made, still empty, open for its first words. Left without any (Escape, or saved
   * blank), it goes again, with its creation taken off the undo history, so no "Empty note" is
   * left behind and undo does not bring one back.
   */
  private fresh: { id: string; undoDepth: number } | null = null;
  private listening = false;
  private unbindHistory: () => void = () => {};
  private boundUndoManager: Y.UndoManager | null = null;

  constructor(
    private readonly client: EditorClient,
    private readonly viewport: Viewport,
    private readonly readOnly: boolean,
  ) {}

  private get snapshot(): BoardSnapshot {
    return this.client.boardStore.get();
  }

  /** What this person may change now; asked before every write so the server refuses only in a race. */
  rights(): BoardRights {
    return this.client.boardRights?.() ?? ALL_RIGHTS;
  }

  /** Whether a rule allows this note; a note too new for the snapshot is this person's own, just created. */
  mayNote(id: string, rule: (note: Note) => boolean): boolean {
    const note = this.snapshot.notes.get(id);
    return note ? rule(note) : this.rights().writeBoard;
  }

  /** Who the person's new notes say wrote them: their id and joined name (shared authorshipOf). */
  private authorship(): { authorId?: string; authorName?: string } {
    const { session } = this.client;
    return authorshipOf({ role: session.role, participantId: session.participantId ?? null, name: session.name ?? null });
  }

  // ---- undo history ---------------------------------------------------------------------

  /** Follows the room's undo history until {@link stopHistory}. */
  startHistory(): void {
    this.listening = true;
    this.updateHistory();
  }

  stopHistory(): void {
    this.unbindHistory();
    this.listening = false;
  }

  /**
   * Listens to the room's undo history; again when the room replaced it (it loads the board
   * afresh after the server refused a change, and the old history went with the old document).
   */
  private bindHistory(): void {
    const undoManager = this.client.undoManager;
    if (this.boundUndoManager === undoManager) return;
    this.unbindHistory();
    this.boundUndoManager = undoManager;
    const onStack = () => this.updateHistory();
    const events = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const;
    for (const name of events) undoManager.on(name, onStack);
    this.unbindHistory = () => {
      for (const name of events) undoManager.off(name, onStack);
      this.boundUndoManager = null;
    };
  }

  private updateHistory(): void {
    if (this.listening) this.bindHistory();
    const um = this.client.undoManager;
    const next = { canUndo: um.undoStack.length > 0, canRedo: um.redoStack.length > 0 };
    const current = this.history.get();
    if (current.canUndo !== next.canUndo || current.canRedo !== next.canRedo) this.history.set(next);
  }

  /**
   * The board changed: a board loaded afresh comes with a new undo history (listen to that one),
   * and what was selected or open for editing may be gone.
   */
  boardChanged(): void {
    const snap = this.snapshot;
    if (this.boundUndoManager !== this.client.undoManager) this.updateHistory();
    const selection = this.selection.get();
    const pruned = pruneSelection(selection, snap.notes, snap.areas);
    if (pruned !== selection) this.selection.set(pruned);
    const editing = this.editing.get();
    if (editing && !(editing.kind === 'note' ? snap.notes.has(editing.id) : snap.areas.has(editing.id))) this.editing.set(null);
  }

  /**
   * Ends the current undo step: each action here (a move, a colour, a delete, an edit) is
   * undone on its own, even when the next one follows within the UndoManager's merge window.
   */
  private endStep(): void {
    this.client.undoManager.stopCapturing();
  }

  undo(): void {
    if (this.readOnly) return;
    this.editing.set(null);
    this.client.undoManager.undo();
    this.updateHistory();
  }

  redo(): void {
    if (this.readOnly) return;
    this.editing.set(null);
    this.client.undoManager.redo();
    this.updateHistory();
  }

  // ---- notes and areas ------------------------------------------------------------------

  /** Moves notes by (dx, dy) board units, each into the area it lands in; the ones this person may not move stay. */
  moveNotesBy(ids: readonly string[], dx: number, dy: number): void {
    if (this.readOnly) return;
    const notes = this.snapshot.notes;
    const areas = this.viewport.sortedAreas();
    const rights = this.rights();
    const moves: Array<{ id: string; pos: Point; areaId: string | null }> = [];
    for (const id of ids) {
      const note = notes.get(id);
      if (!note || !rights.moveNote(note)) continue;
      const pos = { x: Math.round(note.pos.x + dx), y: Math.round(note.pos.y + dy) };
      moves.push({ id, pos, areaId: areaAt(areas, pos) });
    }
    if (moves.length > 0) moveNotes(this.client.board, moves);
    this.endStep();
  }

  /** An area dropped after a move or resize. */
  setAreaRect(id: string, rect: Rect): void {
    setAreaRect(this.client.board, id, rect);
    this.endStep();
  }

  /** Creates an empty note centred on a board point and opens it for typing. */
  createNoteAt(centre: Point): string | null {
    if (this.readOnly || !this.rights().createNote) return null;
    const pos = { x: Math.round(centre.x - NOTE_WIDTH / 2), y: Math.round(centre.y - NOTE_HEIGHT / 2) };
    const id = createNote(this.client.board, {
      text: '',
      pos,
      color: this.noteColor.get(),
      areaId: areaAt(this.viewport.sortedAreas(), pos),
      ...this.authorship(),
    });
    this.openFresh(id);
    return id;
  }

  private openFresh(id: string): void {
    this.endStep();
    this.fresh = { id, undoDepth: this.client.undoManager.undoStack.length };
    this.selection.set(selectNotes([id]));
    this.startEditNote(id);
  }

  /** Removes the note opened by openFresh if it is still empty; answers whether it did. */
  private dropFreshIfEmpty(id: string, typed: string): boolean {
    const fresh = this.fresh;
    this.fresh = null;
    if (!fresh || fresh.id !== id || typed.trim() !== '') return false;
    const note = notesMap(this.client.board).get(id);
    if (!note || String(note.get('text') ?? '').trim() !== '' || !this.mayNote(id, this.rights().deleteNote)) return false;
    const um = this.client.undoManager;
    if (um.undoStack.length === fresh.undoDepth) {
      // The creation is still the last step: undo it, and forget it could be redone.
      um.undo();
      um.redoStack.pop();
    } else {
      deleteNotes(this.client.board, [id]);
      this.endStep();
    }
    this.updateHistory();
    this.selection.set(EMPTY_SELECTION);
    return true;
  }

  /**
   * "Turn it around" (Reverse Brainstorming): a new note linked to `noteId` (`replyTo`), in
   * `areaId` when that area exists and is not the note's own (the solutions), else just beside
   * the note; opened for typing.
   */
  turnAround(noteId: string, areaId: string | null): string | null {
    if (this.readOnly || !this.rights().createNote) return null;
    const snap = this.snapshot;
    const parent = snap.notes.get(noteId);
    if (!parent) return null;
    const target = areaId !== null && areaId !== parent.areaId ? (snap.areas.get(areaId) ?? null) : null;
    let pos: Point;
    let inArea: string | null;
    if (target) {
      pos = findFreeSpots(snap.notes.values(), target, 1)[0] ?? { x: target.rect.x + 24, y: target.rect.y + 80 };
      inArea = target.id;
    } else {
      pos = { x: parent.pos.x + NOTE_WIDTH + 32, y: parent.pos.y + 24 };
      inArea = areaAt(this.viewport.sortedAreas(), pos);
    }
    const id = createNote(this.client.board, {
      text: '',
      pos,
      color: 'green',
      areaId: inArea,
      replyTo: parent.id,
      ...this.authorship(),
    });
    this.openFresh(id);
    if (this.viewport.size.get().width > 0) this.viewport.scrollIntoView({ x: pos.x, y: pos.y, w: NOTE_WIDTH, h: NOTE_HEIGHT });
    return id;
  }

  /** The "Add note" button: a new note in the middle of the view, stepped aside from any note already there. */
  addNoteInView(): string | null {
    const centre = this.viewport.centre();
    const snap = this.snapshot;
    const index = this.viewport.index;
    index.sync(snap.notes);
    for (let i = 0; i < 12; i++) {
      const pos = { x: centre.x - NOTE_WIDTH / 2, y: centre.y - NOTE_HEIGHT / 2 };
      const clash = [...index.grid.queryPoint(pos)].some((id) => {
        const n = snap.notes.get(id);
        return n !== undefined && Math.abs(n.pos.x - pos.x) < 12 && Math.abs(n.pos.y - pos.y) < 12;
      });
      if (!clash) break;
      centre.x += 24;
      centre.y += 24;
    }
    return this.createNoteAt(centre);
  }

  /** The "Add area" button: a new area in the middle of the view, its title ready to type. */
  addAreaInView(): string | null {
    if (this.readOnly || !this.rights().writeAreas) return null;
    const centre = this.viewport.centre();
    const view = this.viewport.bounds();
    // Big enough to see when zoomed out, never bigger than most of the view when zoomed in.
    const scale = Math.max(Math.min(view.w / DEFAULT_AREA_SIZE.w, view.h / DEFAULT_AREA_SIZE.h) * 0.5, Math.min(1, (view.w * 0.8) / DEFAULT_AREA_SIZE.w));
    const w = Math.round(Math.max(AREA_MIN_SIZE * 2, DEFAULT_AREA_SIZE.w * scale));
    const h = Math.round(Math.max(AREA_MIN_SIZE * 2, DEFAULT_AREA_SIZE.h * scale));
    const rect = { x: Math.round(centre.x - w / 2), y: Math.round(centre.y - h / 2), w, h };
    const id = createArea(this.client.board, { title: t('board.newArea'), rect, color: this.nextAreaColor() });
    this.selection.set(selectArea(id));
    this.startEditArea(id);
    return id;
  }

  private nextAreaColor(): AreaColor {
    const names = Object.keys(AREA_COLORS) as AreaColor[];
    return names[this.snapshot.areas.size % names.length]!;
  }

  deleteSelection(): void {
    if (this.readOnly) return;
    const s = this.selection.get();
    if (isSelectionEmpty(s)) return;
    const doc = this.client.board;
    const rights = this.rights();
    const notes = [...s.notes].filter((id) => this.mayNote(id, rights.deleteNote));
    const areas = rights.writeAreas ? [...s.areas] : [];
    // One transaction, so one undo brings everything back.
    doc.transact(() => {
      if (notes.length > 0) deleteNotes(doc, notes);
      if (areas.length > 0) deleteAreas(doc, areas);
    }, LOCAL_ORIGIN);
    this.endStep();
    this.selection.set(EMPTY_SELECTION);
    this.editing.set(null);
  }

  setSelectedNotesColor(color: NoteColor): void {
    this.noteColor.set(color);
    if (this.readOnly) return;
    const rights = this.rights();
    const ids = [...this.selection.get().notes].filter((id) => this.mayNote(id, rights.editNote));
    if (ids.length > 0) setNoteColor(this.client.board, ids, color);
    this.endStep();
  }

  setSelectedAreasColor(color: AreaColor): void {
    if (this.readOnly || !this.rights().writeAreas) return;
    const doc = this.client.board;
    const ids = [...this.selection.get().areas];
    if (ids.length === 0) return;
    doc.transact(() => {
      for (const id of ids) setAreaColor(doc, id, color);
    }, LOCAL_ORIGIN);
    this.endStep();
  }

  selectAll(): void {
    this.selection.set({ notes: new Set(this.snapshot.notes.keys()), areas: new Set() });
  }

  clearSelection(): void {
    if (!isSelectionEmpty(this.selection.get())) this.selection.set(EMPTY_SELECTION);
  }

  /** "Move to…": puts notes into free spots inside an area (or outside every area), as one undo step. */
  moveNotesToArea(ids: readonly string[], areaId: string | null): number {
    if (this.readOnly) return 0;
    const rights = this.rights();
    const movable = ids.filter((id) => this.mayNote(id, rights.moveNote));
    const moves = planMoveToArea(this.snapshot.notes, this.viewport.sortedAreas(), movable, areaId);
    if (moves.length > 0) moveNotes(this.client.board, moves);
    this.endStep();
    return moves.length;
  }

  // ---- text editing ---------------------------------------------------------------------

  startEditNote(id: string): void {
    // Read the document, not the snapshot: a note created a moment ago is not in it yet.
    if (this.readOnly || !notesMap(this.client.board).has(id) || !this.mayNote(id, this.rights().editNote)) return;
    this.editing.set({ kind: 'note', id });
  }

  startEditArea(id: string): void {
    if (this.readOnly || !areasMap(this.client.board).has(id) || !this.rights().writeAreas) return;
    this.editing.set({ kind: 'area', id });
  }

  /** Writes the edited text (once, on commit) and closes the editor. */
  commitEdit(text: string): void {
    const editing = this.editing.get();
    if (!editing) return;
    this.editing.set(null);
    if (editing.kind === 'note') {
      if (this.dropFreshIfEmpty(editing.id, text)) return;
      // The board was loaded again while this was open (a refused change): the note is gone,
      // or writing is paused, but what the person typed is not thrown away.
      const writable = notesMap(this.client.board).has(editing.id) && this.mayNote(editing.id, this.rights().editNote);
      if (writable) setNoteText(this.client.board, editing.id, text);
      else if (text.trim()) this.client.keepTypedText?.(editing.id, text);
    } else {
      const title = text.trim();
      const current = areasMap(this.client.board).get(editing.id)?.get('title');
      if (current !== undefined && current !== title) setAreaTitle(this.client.board, editing.id, title);
    }
    this.endStep();
  }

  /** Escape: closes the editor without saving; a new note still empty goes. */
  cancelEdit(): void {
    const editing = this.editing.get();
    this.editing.set(null);
    if (editing?.kind === 'note') this.dropFreshIfEmpty(editing.id, '');
  }
}
