/**
 * The editor's keyboard part: what each key does on the board (laptop boards only; the phone's
 * board has no keys beyond the browser's), and the one mapping from a browser key event to
 * {@link KeyInput} that every board uses.
 */
import type { Note } from '@tributary/shared/board/note';
import type { BoardSnapshot } from '../sync/boardStore.ts';
import type { BoardActions } from './boardActions.ts';
import type { PointerGestures } from './gestures.ts';
import type { KeyInput } from './input.ts';
import { nextNoteId, notesInReadingOrder, selectionAnnouncement } from './keyboardBoard.ts';
import { EMPTY_SELECTION, isSelectionEmpty, selectNotes } from './selection.ts';
import { noteRect } from './spatialIndex.ts';
import type { Viewport } from './viewport.ts';

/** A key event as the browser gives it (React's or the DOM's). */
export interface KeyEventLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}

function isElement(target: EventTarget | null): target is HTMLElement {
  // Outside a browser (unit tests) there is no HTMLElement, and nothing is one.
  return typeof HTMLElement !== 'undefined' && target instanceof HTMLElement;
}

/** Whether focus is in a text field (Escape and shortcuts belong to it then). */
export function isEditable(target: EventTarget | null): boolean {
  if (!isElement(target)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

function isControl(target: EventTarget | null): boolean {
  if (!isElement(target)) return false;
  return target.tagName === 'BUTTON' || target.tagName === 'A' || target.getAttribute('role') === 'button';
}

/** The editor's view of a key press: which keys, and whether focus is in a text field or on a control. */
export function keyInputOf(e: KeyEventLike): KeyInput {
  return {
    key: e.key,
    code: e.code,
    mod: e.ctrlKey || e.metaKey,
    shift: e.shiftKey,
    alt: e.altKey,
    editable: isEditable(e.target),
    onControl: isControl(e.target),
  };
}

/** The editor's parts the keys act on. */
export interface KeyboardParts {
  readonly readOnly: boolean;
  readonly viewport: Viewport;
  readonly actions: BoardActions;
  readonly gestures: PointerGestures;
}

/** Does what a key does on the board; true when the key was used (the caller then prevents the browser's default). */
export function boardKeyDown({ readOnly, viewport, actions, gestures }: KeyboardParts, k: KeyInput): boolean {
  if (k.editable) return false;
  const key = k.key;
  if (key === ' ' && !k.onControl) {
    gestures.holdSpace();
    return true;
  }
  if (key === 'Escape') {
    if (gestures.busy()) {
      gestures.cancelGesture();
      return true;
    }
    if (!isSelectionEmpty(actions.selection.get())) {
      actions.selection.set(EMPTY_SELECTION);
      return true;
    }
    if (gestures.tool.get() !== 'move') {
      gestures.tool.set('move');
      return true;
    }
    return false;
  }
  if (k.mod && !k.alt) {
    const lower = key.toLowerCase();
    if (lower === 'z' && !readOnly) {
      if (k.shift) actions.redo();
      else actions.undo();
      return true;
    }
    if (lower === 'y' && !readOnly) {
      actions.redo();
      return true;
    }
    if (lower === 'a' && !readOnly) {
      actions.selectAll();
      return true;
    }
    return false;
  }
  if (k.alt) return false;
  if (k.onControl && (key === 'Enter' || key === ' ')) return false;
  if ((key === '+' || key === '=') && !k.mod) {
    viewport.zoomIn();
    return true;
  }
  if (key === '-' || key === '_') {
    viewport.zoomOut();
    return true;
  }
  if (k.shift && k.code === 'Digit1') {
    viewport.zoomToFit();
    return true;
  }
  if (k.shift && k.code === 'Digit2') {
    viewport.zoomToWhole();
    return true;
  }
  if (k.shift && k.code === 'Digit0') {
    viewport.resetZoom();
    return true;
  }
  if (readOnly) return false;
  if (key === 'Delete' || key === 'Backspace') {
    if (isSelectionEmpty(actions.selection.get())) return false;
    actions.deleteSelection();
    return true;
  }
  if (key === 'Enter') {
    const s = actions.selection.get();
    if (s.notes.size === 1 && s.areas.size === 0) {
      actions.startEditNote([...s.notes][0]!);
      return true;
    }
    if (s.areas.size === 1 && s.notes.size === 0) {
      actions.startEditArea([...s.areas][0]!);
      return true;
    }
    return false;
  }
  if (key.startsWith('Arrow')) {
    const s = actions.selection.get();
    if (s.notes.size === 0) return false;
    const step = k.shift ? 50 : 10;
    const dx = key === 'ArrowLeft' ? -step : key === 'ArrowRight' ? step : 0;
    const dy = key === 'ArrowUp' ? -step : key === 'ArrowDown' ? step : 0;
    actions.moveNotesBy([...s.notes], dx, dy);
    return true;
  }
  return false;
}

/**
 * Tab / Shift+Tab on the focused board: selects the next note in reading order and pans it
 * into view when it is off screen (a keyboard user must see what they are on); null past the end.
 */
export function selectNextNote({ viewport, actions }: KeyboardParts, notes: ReadonlyMap<string, Note>, backward: boolean): string | null {
  const order = notesInReadingOrder(notes.values()).map((n) => n.id);
  const id = nextNoteId(order, actions.selection.get().notes, backward);
  if (!id) return null;
  actions.selection.set(selectNotes([id]));
  const note = notes.get(id);
  if (note && viewport.hasSize()) viewport.scrollIntoView(noteRect(note));
  return id;
}

/**
 * Tab / Shift+Tab pressed on the focused board itself (not on a control inside it): selects the
 * next note and answers what to read out ("Selected note: hope, in Theme 1"). Null when the key
 * is not the board's, or past the last note, so focus leaves the board as usual.
 */
export function tabThroughNotes(
  editor: { selectNextNote(backward: boolean): string | null; readonly snapshot: BoardSnapshot },
  e: KeyEventLike & { currentTarget: EventTarget | null },
): string | null {
  if (e.key !== 'Tab' || e.target !== e.currentTarget || e.ctrlKey || e.metaKey || e.altKey) return null;
  const id = editor.selectNextNote(e.shiftKey);
  if (!id) return null;
  const snap = editor.snapshot;
  return selectionAnnouncement(snap.notes.get(id), snap.areas);
}
