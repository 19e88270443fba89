import { afterEach, describe, expect, it } from 'vitest';
import { createArea, createNote } from '@tributary/shared/board/mutations';
import { NOTE_HEIGHT, NOTE_WIDTH, type Note } from '@tributary/shared/board/note';
import { LOCAL_ORIGIN } from '@tributary/shared/origins';
import { EditorController } from '../../client/src/editor/EditorController.ts';
import { fakeEditorClient, tick } from '../helpers/editorClient.ts';
import { LOD_ZOOM } from '../../client/src/editor/layout.ts';
import { viewportBounds } from '../../client/src/editor/camera.ts';
import { blockSet, drawBlocks, drawScene, type BoardSceneProps } from '../../client/src/canvas/scene.ts';

/**
 * Issue 6: what the canvas draws on a big board. Only what is near the view is handed to Konva,
 * the set changes only when the view leaves its margin (not on every frame of a pan), zoomed
 * out the notes are plain blocks without text, and Tab brings an off-screen note into view.
 */

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanups.splice(0)) fn();
});

/** A 2,000-note board: 40 columns by 50 rows, 200 apart, and 20 areas of 100 notes each. */
async function bigBoard() {
  const client = fakeEditorClient();
  const doc = client.doc;
  doc.transact(() => {
    for (let a = 0; a < 20; a++) {
      createArea(doc, { title: `Area ${a}`, rect: { x: (a % 4) * 2000, y: Math.floor(a / 4) * 2000, w: 2000, h: 2000 } });
    }
    for (let i = 0; i < 2000; i++) createNote(doc, { text: `note ${i}`, pos: { x: (i % 40) * 200, y: Math.floor(i / 40) * 200 } });
  }, LOCAL_ORIGIN);
  const editor = new EditorController(client, { animate: false });
  cleanups.push(editor.mount());
  editor.setViewportSize({ width: 1280, height: 720 });
  editor.setCamera({ x: -1000, y: -1000, zoom: 1 });
  await tick();
  return { editor, client, doc };
}

function inView(editor: EditorController, note: Note): boolean {
  const v = viewportBounds(editor.camera.get(), editor.viewport.get());
  return note.pos.x < v.x + v.w && note.pos.x + NOTE_WIDTH > v.x && note.pos.y < v.y + v.h && note.pos.y + NOTE_HEIGHT > v.y;
}

describe('culling and level of detail', () => {
  it('hands Konva only the notes and areas near the view, never the whole board', async () => {
    const { editor } = await bigBoard();
    const notes = editor.visibleNotes();
    const all = [...editor.snapshot.notes.values()];
    // Every note on screen is there, and not many more: the margin is a sixth of the screen.
    for (const note of all) if (inView(editor, note)) expect(notes).toContain(note);
    expect(notes.length).toBeGreaterThan(20);
    expect(notes.length).toBeLessThan(100);
    const areas = editor.visibleAreas();
    expect(areas.length).toBeGreaterThan(0);
    expect(areas.length).toBeLessThanOrEqual(4);
  });

  it('keeps the same lists (no React render) while a pan stays inside the margin, and moves on past it', async () => {
    const { editor } = await bigBoard();
    const notes = editor.visibleNotes();
    const areas = editor.visibleAreas();
    const view = editor.view.get();
    let renders = 0;
    const off = editor.view.subscribe(() => renders++);
    for (let i = 1; i <= 20; i++) editor.setCamera({ x: -1000 - i * 5, y: -1000 + i * 3, zoom: 1 });
    expect(renders).toBe(0);
    expect(editor.view.get()).toBe(view);
    expect(editor.visibleNotes()).toBe(notes);
    expect(editor.visibleAreas()).toBe(areas);
    // A screen's width further on, the lists are new and hold what is now on screen.
    editor.setCamera({ x: -2300, y: -1000, zoom: 1 });
    off();
    expect(renders).toBe(1);
    const moved = editor.visibleNotes();
    expect(moved).not.toBe(notes);
    for (const note of editor.snapshot.notes.values()) if (inView(editor, note)) expect(moved).toContain(note);
  });

  it('switches to blocks below LOD_ZOOM and tells the canvas once, not on every zoom step', async () => {
    const { editor } = await bigBoard();
    let flips = 0;
    let lod = editor.view.get().lod;
    const off = editor.view.subscribe(() => {
      if (editor.view.get().lod !== lod) flips++;
      lod = editor.view.get().lod;
    });
    for (let z = 1; z >= 0.1; z -= 0.05) editor.setCamera({ x: 0, y: 0, zoom: z });
    off();
    expect(flips).toBe(1);
    expect(editor.view.get().lod).toBe(true);
    expect(editor.isLod(LOD_ZOOM - 0.01)).toBe(true);
    expect(editor.isLod(LOD_ZOOM)).toBe(false);
  });

  it('shows a 2,000-note board on a laptop screen whole (Shift+2)', async () => {
    const { editor } = await bigBoard();
    editor.zoomToWhole();
    for (const note of editor.snapshot.notes.values()) expect(inView(editor, note)).toBe(true);
    expect(editor.visibleNotes().length).toBe(2000);
  });

  it('draws blocks as rectangles, grouped by colour, with no big paths, and no text too small to read', async () => {
    const { editor } = await bigBoard();
    const notes = [...editor.snapshot.notes.values()].slice(0, 500);
    const calls = new Map<string, number>();
    const ctx = new Proxy(
      {},
      {
        get: (_t, name: string) => () => calls.set(name, (calls.get(name) ?? 0) + 1),
        set: () => true,
      },
    ) as unknown as CanvasRenderingContext2D;
    drawBlocks(ctx, blockSet(notes, new Set([notes[0]!.id]), null), () => undefined, 0.3);
    expect(calls.get('fillRect')).toBe(500);
    expect(calls.get('strokeRect')).toBe(501); // each block's border, and the selected one
    expect(calls.get('rect')).toBeUndefined();
    // Tiny blocks: a gap instead of a border, half the work, and no words (even "note 12" drawn
    // large would be under 6 px here).
    calls.clear();
    drawBlocks(ctx, blockSet(notes, new Set(), null), () => undefined, 0.08);
    expect(calls.get('fillRect')).toBe(500);
    expect(calls.get('strokeRect')).toBeUndefined();
    expect(calls.get('fillText')).toBeUndefined();
  });

  it('at low zoom the scene draws blocks, not each note whole; at full detail each note is drawn', async () => {
    const { editor } = await bigBoard();
    const notes = editor.visibleNotes();
    const translates = { n: 0 };
    const ctx = new Proxy(
      {},
      {
        get: (_t, name: string) => (name === 'translate' ? () => translates.n++ : () => undefined),
        set: () => true,
      },
    ) as unknown as CanvasRenderingContext2D;
    const props: BoardSceneProps = {
      areas: [],
      notes,
      links: [],
      offsetOf: () => undefined,
      lod: false,
      selected: new Set(),
      editingNoteId: null,
      editingAreaId: null,
      showGrip: true,
      noteTotals: null,
      areaTotals: null,
      duplicates: null,
      cullRect: editor.cullRect(),
    };
    drawScene(ctx, props, null, 1);
    expect(translates.n).toBe(notes.length);
    translates.n = 0;
    drawScene(ctx, { ...props, lod: true }, blockSet(notes, new Set(), null), 0.2);
    expect(translates.n).toBe(0);
  });
});

describe('keyboard: Tab brings the note into view', () => {
  it('pans to an off-screen note when Tab selects it, and not for one already in view', async () => {
    const { editor } = await bigBoard();
    editor.setCamera({ x: 0, y: 0, zoom: 1 });
    // The first note (top-left) is in view: Tab selects it without moving the camera.
    const first = editor.selectNextNote(false)!;
    expect(editor.camera.get()).toEqual({ x: 0, y: 0, zoom: 1 });
    // Far along the first row: the 30th note is off screen until Tab reaches it.
    let id = first;
    for (let i = 0; i < 29; i++) id = editor.selectNextNote(false)!;
    const note = editor.snapshot.notes.get(id)!;
    expect(note.pos).toEqual({ x: 29 * 200, y: 0 });
    expect(inView(editor, note)).toBe(true);
    expect(editor.camera.get().zoom).toBe(1);
  });
});
