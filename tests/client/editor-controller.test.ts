import { beforeAll, afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createArea, createNote } from '@tributary/shared/board/mutations';
import { NOTE_HEIGHT, NOTE_WIDTH } from '@tributary/shared/board/note';
import { LOCAL_ORIGIN } from '@tributary/shared/origins';
import { EditorController } from '../../client/src/editor/EditorController.ts';
import { fakeEditorClient, ptr, tick } from '../helpers/editorClient.ts';
import { presenceSummary } from '../../client/src/editor/presence.ts';
import { isSelectionEmpty } from '../../client/src/editor/selection.ts';
import { withMessages } from '../../client/src/i18n/i18n.ts';

// The editor's words come from the English catalog, loaded as the views load it.
beforeAll(() => withMessages(Promise.resolve(), 'board'));

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanups.splice(0)) fn();
});

function setup() {
  const client = fakeEditorClient();
  const editor = new EditorController(client, { animate: false });
  cleanups.push(editor.mount());
  editor.setViewportSize({ width: 1000, height: 800 });
  // Camera: board origin at the screen's top-left, zoom 1, so screen = board.
  editor.setCamera({ x: 0, y: 0, zoom: 1 });
  return { client, editor, doc: client.doc };
}

describe('EditorController', () => {
  it('selects with a click, toggles with shift, clears on a tap on the empty board', async () => {
    const { editor, doc } = setup();
    const a = createNote(doc, { text: 'a', pos: { x: 100, y: 100 } });
    const b = createNote(doc, { text: 'b', pos: { x: 400, y: 100 } });
    await tick();
    editor.pointerDown(ptr(110, 110));
    editor.pointerUp(ptr(110, 110));
    expect([...editor.selection.get().notes]).toEqual([a]);
    editor.pointerDown(ptr(410, 110, { shift: true }));
    editor.pointerUp(ptr(410, 110, { shift: true }));
    expect(new Set(editor.selection.get().notes)).toEqual(new Set([a, b]));
    editor.pointerDown(ptr(410, 110, { mod: true }));
    editor.pointerUp(ptr(410, 110, { mod: true }));
    expect([...editor.selection.get().notes]).toEqual([a]);
    editor.pointerDown(ptr(800, 700));
    editor.pointerUp(ptr(800, 700));
    expect(isSelectionEmpty(editor.selection.get())).toBe(true);
  });

  it('drags a multi-selection live through presence and writes once on drop, into the area under it', async () => {
    const { editor, doc, client } = setup();
    const area = createArea(doc, { title: 'Table 1', rect: { x: 600, y: 0, w: 400, h: 400 } });
    const a = createNote(doc, { text: 'a', pos: { x: 100, y: 100 } });
    const b = createNote(doc, { text: 'b', pos: { x: 300, y: 100 } });
    await tick();
    editor.selectAll();
    let writes = 0;
    doc.on('update', () => writes++);
    editor.pointerDown(ptr(110, 110));
    for (let i = 1; i <= 10; i++) editor.pointerMove(ptr(110 + i * 50, 110));
    expect(editor.localDrag.get()).toMatchObject({ dx: 500, dy: 0 });
    expect(writes).toBe(0);
    expect(client.sent.some((p) => p.drag && p.drag.dx > 0)).toBe(true);
    editor.pointerUp(ptr(610, 110));
    expect(writes).toBe(1);
    await tick();
    const notes = client.boardStore.get().notes;
    expect(notes.get(a)?.pos).toEqual({ x: 600, y: 100 });
    expect(notes.get(a)?.areaId).toBe(area);
    expect(notes.get(b)?.pos).toEqual({ x: 800, y: 100 });
    expect(editor.localDrag.get()).toBeNull();
    expect(client.sent.at(-1)).toEqual({ drag: null });
  });

  it('double-click on the empty board creates a note there and opens it for editing', async () => {
    const { editor, client } = setup();
    editor.pointerDown(ptr(500, 400, { time: 5000 }));
    editor.pointerUp(ptr(500, 400, { time: 5050 }));
    editor.pointerDown(ptr(502, 401, { time: 5200 }));
    editor.pointerUp(ptr(502, 401, { time: 5250 }));
    await tick();
    const notes = [...client.boardStore.get().notes.values()];
    expect(notes).toHaveLength(1);
    expect(notes[0]!.pos).toEqual({ x: 502 - NOTE_WIDTH / 2, y: Math.round(401 - NOTE_HEIGHT / 2) });
    expect(notes[0]!.authorName).toBe('Dee');
    expect(editor.editing.get()).toEqual({ kind: 'note', id: notes[0]!.id });
    editor.commitEdit('Hello');
    await tick();
    expect(client.boardStore.get().notes.get(notes[0]!.id)?.text).toBe('Hello');
    expect(editor.editing.get()).toBeNull();
  });

  it('draws a selection rectangle with shift, or with the Select tool', async () => {
    const { editor, doc } = setup();
    const a = createNote(doc, { text: 'a', pos: { x: 100, y: 100 } });
    createNote(doc, { text: 'b', pos: { x: 700, y: 500 } });
    await tick();
    editor.pointerDown(ptr(50, 50, { shift: true }));
    editor.pointerMove(ptr(200, 200, { shift: true }));
    expect(editor.marquee.get()).toEqual({ x: 50, y: 50, w: 150, h: 150 });
    editor.pointerUp(ptr(200, 200, { shift: true }));
    expect([...editor.selection.get().notes]).toEqual([a]);
    expect(editor.marquee.get()).toBeNull();

    editor.clearSelection();
    editor.setTool('select');
    editor.pointerDown(ptr(0, 0));
    editor.pointerMove(ptr(999, 799));
    editor.pointerUp(ptr(999, 799));
    expect(editor.selection.get().notes.size).toBe(2);
    expect(editor.camera.get()).toEqual({ x: 0, y: 0, zoom: 1 });
  });

  it('pans by dragging the empty board and zooms with the wheel around the pointer', () => {
    const { editor } = setup();
    editor.pointerDown(ptr(100, 100));
    editor.pointerMove(ptr(150, 130));
    editor.pointerUp(ptr(150, 130));
    expect(editor.camera.get()).toEqual({ x: 50, y: 30, zoom: 1 });
    editor.wheel({ x: 300, y: 200, deltaX: 0, deltaY: -100, deltaMode: 0, ctrl: false, shift: false });
    const cam = editor.camera.get();
    expect(cam.zoom).toBeGreaterThan(1);
    // The board point that was under the pointer (250, 170) is still under it.
    expect((300 - cam.x) / cam.zoom).toBeCloseTo(250);
    expect((200 - cam.y) / cam.zoom).toBeCloseTo(170);
  });

  it('pinches with two touches', () => {
    const { editor } = setup();
    editor.pointerDown(ptr(100, 100, { id: 11, type: 'touch' }));
    editor.pointerDown(ptr(200, 100, { id: 12, type: 'touch' }));
    editor.pointerMove(ptr(50, 100, { id: 11, type: 'touch' }));
    editor.pointerMove(ptr(250, 100, { id: 12, type: 'touch' }));
    expect(editor.camera.get().zoom).toBeCloseTo(2);
    editor.pointerUp(ptr(50, 100, { id: 11, type: 'touch' }));
    editor.pointerUp(ptr(250, 100, { id: 12, type: 'touch' }));
  });

  it('undoes and redoes only its own changes, and deletes with the keyboard', async () => {
    const { editor, doc, client } = setup();
    const key = (k: string, extra: Partial<Parameters<EditorController['keyDown']>[0]> = {}) =>
      editor.keyDown({ key: k, code: '', mod: false, shift: false, alt: false, editable: false, onControl: false, ...extra });
    // Someone else's note (a remote origin) is not in this person's history.
    createNote(doc, { text: 'theirs', pos: { x: 0, y: 0 } }, 'remote');
    expect(editor.history.get().canUndo).toBe(false);
    editor.addNoteInView();
    editor.commitEdit('mine');
    await tick();
    expect(client.boardStore.get().notes.size).toBe(2);
    expect(editor.history.get().canUndo).toBe(true);
    expect(key('Delete')).toBe(true);
    await tick();
    expect(client.boardStore.get().notes.size).toBe(1);
    expect(key('z', { mod: true })).toBe(true);
    await tick();
    expect(client.boardStore.get().notes.size).toBe(2);
    expect(key('z', { mod: true })).toBe(true);
    expect(key('z', { mod: true })).toBe(true);
    await tick();
    const left = [...client.boardStore.get().notes.values()];
    expect(left.map((n) => n.text)).toEqual(['theirs']);
    expect(editor.history.get()).toEqual({ canUndo: false, canRedo: true });
    expect(key('y', { mod: true })).toBe(true);
    await tick();
    expect(client.boardStore.get().notes.size).toBe(2);
    // Keys typed into a text field are left alone.
    expect(key('Delete', { editable: true })).toBe(false);
  });

  it('moves an area by its title bar (its notes travel with it) and resizes it from the corner', async () => {
    const { editor, doc, client } = setup();
    const area = createArea(doc, { title: 'Table', rect: { x: 100, y: 100, w: 400, h: 300 } });
    const inside = createNote(doc, { text: 'in', pos: { x: 200, y: 200 }, areaId: area });
    await tick();
    editor.pointerDown(ptr(300, 110));
    editor.pointerMove(ptr(320, 140));
    expect(editor.areaPreview.get()).toMatchObject({ id: area, moving: true, rect: { x: 120, y: 130 } });
    editor.pointerUp(ptr(320, 140));
    await tick();
    expect(client.boardStore.get().areas.get(area)?.rect).toMatchObject({ x: 120, y: 130 });
    expect(client.boardStore.get().notes.get(inside)?.pos).toEqual({ x: 220, y: 230 });

    // Resize: the bottom-right corner is now at (520, 430).
    editor.pointerDown(ptr(515, 425));
    editor.pointerMove(ptr(615, 525));
    editor.pointerUp(ptr(615, 525));
    await tick();
    expect(client.boardStore.get().areas.get(area)?.rect).toEqual({ x: 120, y: 130, w: 500, h: 400 });
  });

  it('sends the cursor at most about 20 times a second, and null when the pointer leaves', () => {
    // The throttle's clock is faked: the test moves time itself, so a slow machine cannot stretch it.
    vi.useFakeTimers();
    onTestFinished(() => void vi.useRealTimers());
    const { editor, client } = setup();
    for (let i = 0; i < 30; i++) editor.pointerMove(ptr(i, i));
    const cursors = client.sent.filter((p) => 'cursor' in p);
    expect(cursors.length).toBe(1);
    vi.advanceTimersByTime(80);
    expect(client.sent.filter((p) => 'cursor' in p).at(-1)).toEqual({ cursor: { x: 29, y: 29 } });
    editor.pointerLeave();
    expect(client.sent.at(-1)).toEqual({ cursor: null });
  });

  it('lists only the notes near the view, the same array while the view barely moves', async () => {
    const { editor, doc } = setup();
    doc.transact(() => {
      for (let i = 0; i < 400; i++) createNote(doc, { text: `n${i}`, pos: { x: (i % 20) * 1000, y: Math.floor(i / 20) * 1000 } });
    }, LOCAL_ORIGIN);
    await tick();
    const first = editor.visibleNotes();
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(40);
    editor.setCamera({ x: -5, y: -5, zoom: 1 });
    expect(editor.visibleNotes()).toBe(first);
  });

  it('read-only: no writes, taps pan', async () => {
    const client = fakeEditorClient();
    const editor = new EditorController(client, { readOnly: true, animate: false });
    cleanups.push(editor.mount());
    editor.setViewportSize({ width: 400, height: 800 });
    editor.setCamera({ x: 0, y: 0, zoom: 1 });
    createNote(client.doc, { text: 'a', pos: { x: 0, y: 0 } }, 'remote');
    await tick();
    editor.pointerDown(ptr(10, 10, { time: 1 }));
    editor.pointerUp(ptr(10, 10, { time: 2 }));
    editor.pointerDown(ptr(10, 10, { time: 100 }));
    editor.pointerUp(ptr(10, 10, { time: 120 }));
    expect(client.boardStore.get().notes.size).toBe(1);
    expect(editor.editing.get()).toBeNull();
    expect(isSelectionEmpty(editor.selection.get())).toBe(true);
    expect(client.sent.filter((p) => 'cursor' in p && p.cursor)).toHaveLength(0);
  });
});

describe('presenceSummary', () => {
  it('says who is here in one plain sentence', () => {
    const users = [
      { name: 'Dee', isSelf: true },
      { name: 'Sam', isSelf: false },
      { name: '', isSelf: false },
      { name: 'Ali', isSelf: false },
      { name: ' ', isSelf: false },
    ];
    expect(presenceSummary(users)).toBe('5 people here: Dee (you), Sam, Ali, 2 without a name');
    expect(presenceSummary([{ name: '', isSelf: true }])).toBe('1 person here: you');
    expect(presenceSummary([])).toBe('Nobody here yet');
  });
});
