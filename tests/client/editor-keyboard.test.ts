import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createArea, createNote } from '@tributary/shared/board/mutations';
import { EditorController, type KeyInput } from '../../client/src/editor/EditorController.ts';
import { keyInputOf, tabThroughNotes, type KeyEventLike } from '../../client/src/editor/keyboard.ts';
import { isSelectionEmpty, selectNotes } from '../../client/src/editor/selection.ts';
import { withMessages } from '../../client/src/i18n/i18n.ts';
import { fakeEditorClient, ptr, tick } from '../helpers/editorClient.ts';

beforeAll(() => withMessages(Promise.resolve(), 'board'));

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanups.splice(0)) fn();
});

function setup(readOnly = false) {
  const client = fakeEditorClient();
  const editor = new EditorController(client, { animate: false, readOnly });
  cleanups.push(editor.mount());
  editor.setViewportSize({ width: 1000, height: 800 });
  editor.setCamera({ x: 0, y: 0, zoom: 1 });
  const key = (k: string, extra: Partial<KeyInput> = {}) =>
    editor.keyDown({ key: k, code: '', mod: false, shift: false, alt: false, editable: false, onControl: false, ...extra });
  return { client, editor, doc: client.doc, key };
}

describe('the board from the keyboard', () => {
  it('Escape cancels a drag first, then clears the selection, then puts the Move tool back, then lets the key go', async () => {
    const { editor, doc, key } = setup();
    const a = createNote(doc, { text: 'a', pos: { x: 100, y: 100 } });
    await tick();
    editor.setTool('select');
    editor.pointerDown(ptr(110, 110));
    editor.pointerMove(ptr(210, 110));
    expect(editor.localDrag.get()).not.toBeNull();

    expect(key('Escape')).toBe(true);
    expect(editor.localDrag.get()).toBeNull();
    editor.pointerUp(ptr(210, 110));
    await tick();
    expect(editor.snapshot.notes.get(a)!.pos).toEqual({ x: 100, y: 100 });
    expect([...editor.selection.get().notes]).toEqual([a]);

    expect(key('Escape')).toBe(true);
    expect(isSelectionEmpty(editor.selection.get())).toBe(true);
    expect(editor.tool.get()).toBe('select');

    expect(key('Escape')).toBe(true);
    expect(editor.tool.get()).toBe('move');

    expect(key('Escape')).toBe(false);
  });

  it('holding space turns a press on a note into a pan, until the key comes up', async () => {
    const { editor, doc, key } = setup();
    createNote(doc, { text: 'a', pos: { x: 100, y: 100 } });
    await tick();
    expect(key(' ')).toBe(true);
    expect(editor.cursorStyle.get()).toBe('grab');
    editor.pointerDown(ptr(110, 110));
    editor.pointerMove(ptr(160, 130));
    editor.pointerUp(ptr(160, 130));
    expect(editor.localDrag.get()).toBeNull();
    expect(editor.camera.get()).toMatchObject({ x: 50, y: 20 });
    editor.keyUp({ key: ' ' });
    expect(editor.cursorStyle.get()).toBe('default');
    // Space on a button is the button's.
    expect(key(' ', { onControl: true })).toBe(false);
  });

  it('arrows move the selected notes (Shift for bigger steps), each press one undo step; Enter opens one note', async () => {
    const { editor, doc, key } = setup();
    const a = createNote(doc, { text: 'a', pos: { x: 100, y: 100 } });
    await tick();
    editor.setSelection(selectNotes([a]));
    expect(key('ArrowRight')).toBe(true);
    // A move reads the board's snapshot, which follows the document a moment later.
    await tick();
    expect(key('ArrowDown', { shift: true })).toBe(true);
    await tick();
    expect(editor.snapshot.notes.get(a)!.pos).toEqual({ x: 110, y: 150 });
    editor.undo();
    await tick();
    expect(editor.snapshot.notes.get(a)!.pos).toEqual({ x: 110, y: 100 });

    expect(key('Enter', { onControl: true })).toBe(false);
    expect(editor.editing.get()).toBeNull();
    expect(key('Enter')).toBe(true);
    expect(editor.editing.get()).toEqual({ kind: 'note', id: a });
    // While typing, keys belong to the text field.
    expect(key('ArrowLeft', { editable: true })).toBe(false);
  });

  it('zooms with + and -, back to 100% with Shift+0; a read-only board zooms but never deletes', async () => {
    const { editor, doc, key } = setup(true);
    const a = createNote(doc, { text: 'a', pos: { x: 100, y: 100 } });
    await tick();
    expect(key('+')).toBe(true);
    expect(editor.camera.get().zoom).toBe(1.5);
    expect(key('-')).toBe(true);
    expect(key('-')).toBe(true);
    expect(editor.camera.get().zoom).toBe(0.75);
    expect(key(')', { shift: true, code: 'Digit0' })).toBe(true);
    expect(editor.camera.get().zoom).toBe(1);
    editor.setSelection(selectNotes([a]));
    expect(key('Delete')).toBe(false);
    expect(key('z', { mod: true })).toBe(false);
    await tick();
    expect(editor.snapshot.notes.has(a)).toBe(true);
  });
});

describe('keyInputOf (the one mapping both boards use)', () => {
  const event = (extra: Partial<KeyEventLike>): KeyEventLike => ({
    key: 'z',
    code: 'KeyZ',
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    target: null,
    ...extra,
  });

  it('takes Ctrl or Cmd as the modifier', () => {
    expect(keyInputOf(event({ ctrlKey: true })).mod).toBe(true);
    expect(keyInputOf(event({ metaKey: true })).mod).toBe(true);
    expect(keyInputOf(event({ shiftKey: true, altKey: true }))).toEqual({ key: 'z', code: 'KeyZ', mod: false, shift: true, alt: true, editable: false, onControl: false });
  });

  it('knows a text field from a button, a link or an element acting as a button', () => {
    // A stand-in for the DOM: the unit tests run in Node.
    class FakeElement {
      constructor(
        readonly tagName: string,
        readonly isContentEditable = false,
        private readonly role: string | null = null,
      ) {}
      getAttribute(name: string): string | null {
        return name === 'role' ? this.role : null;
      }
    }
    const saved = (globalThis as { HTMLElement?: unknown }).HTMLElement;
    (globalThis as { HTMLElement?: unknown }).HTMLElement = FakeElement;
    try {
      const on = (el: FakeElement) => keyInputOf(event({ target: el as unknown as EventTarget }));
      for (const tag of ['INPUT', 'TEXTAREA', 'SELECT']) expect(on(new FakeElement(tag))).toMatchObject({ editable: true, onControl: false });
      expect(on(new FakeElement('DIV', true)).editable).toBe(true);
      for (const tag of ['BUTTON', 'A']) expect(on(new FakeElement(tag))).toMatchObject({ editable: false, onControl: true });
      expect(on(new FakeElement('DIV', false, 'button')).onControl).toBe(true);
      expect(on(new FakeElement('DIV'))).toMatchObject({ editable: false, onControl: false });
    } finally {
      (globalThis as { HTMLElement?: unknown }).HTMLElement = saved;
    }
  });
});

describe('tabThroughNotes (Tab on either board)', () => {
  it('goes from note to note in reading order and says where each is; leaves other keys, and Tab from inside the board, alone', async () => {
    const { editor, doc } = setup();
    const theme = createArea(doc, { title: 'Theme 1', rect: { x: 0, y: 0, w: 600, h: 400 } });
    const second = createNote(doc, { text: 'later', pos: { x: 300, y: 100 }, areaId: theme });
    const first = createNote(doc, { text: 'hope', pos: { x: 40, y: 100 }, areaId: theme });
    await tick();
    const board = {} as EventTarget;
    const tab = (extra: Partial<KeyEventLike> = {}) =>
      tabThroughNotes(editor, { key: 'Tab', code: 'Tab', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, target: board, currentTarget: board, ...extra });

    expect(tab()).toBe('Selected note: hope, in Theme 1');
    expect([...editor.selection.get().notes]).toEqual([first]);
    expect(tab()).toBe('Selected note: later, in Theme 1');
    expect([...editor.selection.get().notes]).toEqual([second]);
    // Past the last note: focus leaves the board.
    expect(tab()).toBeNull();
    expect(tab({ shiftKey: true })).toBe('Selected note: hope, in Theme 1');

    expect(tab({ key: 'Enter' })).toBeNull();
    expect(tab({ ctrlKey: true })).toBeNull();
    expect(tab({ target: {} as EventTarget })).toBeNull();
    expect([...editor.selection.get().notes]).toEqual([first]);
  });
});
