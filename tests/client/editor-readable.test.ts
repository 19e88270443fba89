import { afterEach, describe, expect, it } from 'vitest';
import { rectsIntersect } from '@tributary/shared/board/geometry';
import { createArea, createNote } from '@tributary/shared/board/mutations';
import { NOTE_HEIGHT, NOTE_WIDTH, type Note } from '@tributary/shared/board/note';
import { notesMap } from '@tributary/shared/board/schema';
import { LOCAL_ORIGIN } from '@tributary/shared/origins';
import { USER_MANUAL_PROMPTS } from '@tributary/shared/templates/user-manual';
import { EditorController } from '../../client/src/editor/EditorController.ts';
import { LOD_ZOOM, NOTE_FONT_SIZE, TEXT_MIN_SCREEN_PX, textShows } from '../../client/src/editor/layout.ts';
import { legibleFit, viewportBounds } from '../../client/src/editor/camera.ts';
import { blockSet, drawBlocks, drawScene, type BoardSceneProps } from '../../client/src/canvas/scene.ts';
import { noteFontSize, noteText, noteTextBox, voteBadgeRect } from '../../client/src/canvas/drawNote.ts';
import { cardParts, layoutNoteText } from '../../client/src/canvas/textLayout.ts';
import { cardText } from '../../client/src/views/participant/methods.ts';
import { fakeEditorClient, tick } from '../helpers/editorClient.ts';

/**
 * Issue 16: a board people can read. Words show whenever they would be at least 6 px on screen,
 * "Fit" picks a zoom where they do, vote badges never cover them, a card is drawn whole, and a
 * new note left empty does not stay behind.
 */

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanups.splice(0)) fn();
});

function setup(size = { width: 1280, height: 800 }) {
  const client = fakeEditorClient();
  const editor = new EditorController(client, { animate: false });
  cleanups.push(editor.mount());
  editor.setNoteFontSize(noteFontSize);
  editor.setViewportSize(size);
  return { client, editor, doc: client.doc };
}

/** A canvas context that records the text it is asked to draw, and nothing else. */
function textRecorder() {
  const texts: string[] = [];
  const ctx = new Proxy(
    {},
    {
      get: (_t, name: string) => (name === 'fillText' ? (text: string) => texts.push(text) : name === 'measureText' ? () => ({ width: 10 }) : () => undefined),
      set: () => true,
    },
  ) as unknown as CanvasRenderingContext2D;
  return { ctx, texts };
}

function sceneProps(notes: Note[], lod: boolean): BoardSceneProps {
  return {
    areas: [],
    notes,
    links: [],
    offsetOf: () => undefined,
    lod,
    selected: new Set(),
    editingNoteId: null,
    editingAreaId: null,
    showGrip: false,
    noteTotals: null,
    areaTotals: null,
    duplicates: null,
    cullRect: null,
  };
}

describe('words show from 6 px on screen', () => {
  it('draws the standard words at full detail from the zoom where they are 6 px, blocks below it', async () => {
    expect(TEXT_MIN_SCREEN_PX).toBe(6);
    expect(LOD_ZOOM * NOTE_FONT_SIZE).toBeCloseTo(6, 6);
    expect(textShows(NOTE_FONT_SIZE, 6 / NOTE_FONT_SIZE)).toBe(true);
    expect(textShows(NOTE_FONT_SIZE, 6 / NOTE_FONT_SIZE - 0.001)).toBe(false);
    const { editor, doc } = setup();
    createNote(doc, { text: 'A sentence long enough to be drawn at the standard size, as most are', pos: { x: 0, y: 0 } });
    await tick();
    expect(editor.isLod(0.375)).toBe(false);
    expect(editor.isLod(0.374)).toBe(true);
  });

  it('keeps a small board of short words whole below that, while every word still shows', async () => {
    const { editor, doc } = setup();
    doc.transact(() => {
      createNote(doc, { text: 'hope', pos: { x: 0, y: 0 } });
      createNote(doc, { text: 'fear', pos: { x: 200, y: 0 } });
    }, LOCAL_ORIGIN);
    await tick();
    const smallest = Math.min(...[...editor.snapshot.notes.values()].map(noteFontSize));
    expect(smallest).toBeGreaterThan(NOTE_FONT_SIZE);
    expect(editor.isLod(6 / smallest)).toBe(false);
    expect(editor.isLod(6 / smallest - 0.01)).toBe(true);
    // The canvas hears of it when the board changes, not only when the camera moves.
    editor.setCamera({ x: 0, y: 0, zoom: 6 / smallest });
    expect(editor.view.get().lod).toBe(false);
    createNote(doc, { text: 'A sentence long enough to be drawn at the standard size, as most are', pos: { x: 400, y: 0 } });
    await tick();
    expect(editor.view.get().lod).toBe(true);
  });

  it('zoomed out, still draws the words of short notes drawn large, exactly while they are 6 px or more', async () => {
    const { doc, editor } = setup();
    doc.transact(() => {
      createNote(doc, { text: 'hope', pos: { x: 0, y: 0 } });
      createNote(doc, { text: 'A longer note that needs the standard size to fit in its box, and more', pos: { x: 200, y: 0 } });
    }, LOCAL_ORIGIN);
    await tick();
    const notes = [...editor.snapshot.notes.values()];
    const hope = notes.find((n) => n.text === 'hope')!;
    const big = noteText(hope, false).layout.fontSize;
    expect(big).toBeGreaterThan(NOTE_FONT_SIZE);
    const set = blockSet(notes, new Set(), null);
    const at = (zoom: number) => {
      const r = textRecorder();
      drawBlocks(r.ctx, set, () => undefined, zoom);
      return r.texts;
    };
    expect(at(6 / big)).toEqual(['hope']);
    expect(at(6 / big - 0.002)).toEqual([]);
    // Full detail: every note's words.
    const r = textRecorder();
    drawScene(r.ctx, sceneProps(notes, false), null, LOD_ZOOM);
    expect(r.texts.join(' ')).toContain('hope');
    expect(r.texts.join(' ')).toContain('longer');
  });
});

describe('a note laid out', () => {
  it('draws a short word large and a long note at the standard size', () => {
    const box = noteTextBox(false);
    expect(layoutNoteText('hope', box.w, box.h).fontSize).toBe(40);
    expect(layoutNoteText('Being listened to without being judged for where I have been', box.w, box.h).fontSize).toBe(NOTE_FONT_SIZE);
  });

  it('draws a User Manual card whole: every question and every answer', () => {
    const answers = Object.fromEntries(USER_MANUAL_PROMPTS.map((p, i) => [p, ['Plainly, face to face', 'Being talked down to', 'That I am quiet', 'Turning up on time', 'Gardening'][i]!]));
    const text = cardText(USER_MANUAL_PROMPTS, answers);
    expect(cardParts(text)).toHaveLength(5);
    const box = noteTextBox(true);
    const layout = layoutNoteText(text, box.w, box.h);
    expect(layout.card).toBe(true);
    expect(layout.height).toBeLessThanOrEqual(box.h);
    const drawn = layout.lines.map((l) => l.text).join(' ');
    for (const answer of Object.values(answers)) for (const word of answer.split(' ')) expect(drawn).toContain(word);
    expect(drawn).not.toContain('……');
    expect(layout.lines.filter((l) => l.question)).not.toHaveLength(0);
  });
});

describe('vote badges', () => {
  it('never meet the box the words go in, for any count, with or without a name row', () => {
    for (const bottomRow of [false, true]) {
      const box = noteTextBox(bottomRow);
      for (const votes of [1, 9, 10, 42, 99, 100, 250]) {
        const badge = voteBadgeRect(votes);
        expect(rectsIntersect(badge, box), `${votes} votes`).toBe(false);
        // Still pinned to the note: it overlaps the note's own top-right corner.
        expect(rectsIntersect(badge, { x: 0, y: 0, w: NOTE_WIDTH, h: NOTE_HEIGHT })).toBe(true);
      }
    }
  });
});

describe('Fit', () => {
  /** About 30 notes in two areas of a template-sized board, far more board than a laptop shows readably. */
  async function templateBoard(size?: { width: number; height: number }) {
    const s = setup(size);
    const { doc } = s;
    let themes = '';
    doc.transact(() => {
      createArea(doc, { title: 'Words', rect: { x: 0, y: 0, w: 1600, h: 720 } });
      themes = createArea(doc, { title: 'Theme 1', rect: { x: 0, y: 780, w: 520, h: 720 } });
      createArea(doc, { title: 'Theme 2', rect: { x: 540, y: 780, w: 520, h: 720 } });
      createArea(doc, { title: 'Far away', rect: { x: 4000, y: 4000, w: 1600, h: 1600 } });
      for (let i = 0; i < 30; i++) {
        createNote(doc, { text: `Something people said, number ${i}, in a few words`, pos: { x: 16 + (i % 8) * 196, y: 100 + Math.floor(i / 8) * 156 }, areaId: null });
      }
    }, LOCAL_ORIGIN);
    await tick();
    return { ...s, themes };
  }

  it('on a 1280x800 laptop, shows every note at a zoom where the words show, leaving empty areas out', async () => {
    const { editor } = await templateBoard({ width: 920, height: 700 });
    editor.zoomToFit();
    const camera = editor.camera.get();
    for (const note of editor.snapshot.notes.values()) expect(textShows(noteFontSize(note), camera.zoom)).toBe(true);
    const view = viewportBounds(camera, editor.viewport.get());
    for (const note of editor.snapshot.notes.values()) {
      expect(note.pos.x).toBeGreaterThanOrEqual(view.x);
      expect(note.pos.x + NOTE_WIDTH).toBeLessThanOrEqual(view.x + view.w);
    }
    // The whole board would have been far below readable.
    editor.zoomToWhole();
    expect(textShows(NOTE_FONT_SIZE, editor.camera.get().zoom)).toBe(false);
  });

  it('when even the notes do not fit readably, keeps the words readable and starts at the top-left', async () => {
    const { editor } = await templateBoard({ width: 390, height: 600 });
    editor.zoomToFit();
    const camera = editor.camera.get();
    expect(camera.zoom).toBeCloseTo(editor.legibleZoom(), 6);
    for (const note of editor.snapshot.notes.values()) expect(textShows(noteFontSize(note), camera.zoom)).toBe(true);
    const view = viewportBounds(camera, editor.viewport.get());
    expect(view.x).toBeLessThanOrEqual(16);
    expect(view.y).toBeLessThanOrEqual(100);
  });

  it('a board of single words (drawn large) fits whole at a lower zoom, still readable', () => {
    const size = { width: 920, height: 700 };
    const regions = { whole: { x: 0, y: 0, w: 3000, h: 2000 }, notes: null, step: null };
    const camera = legibleFit(regions, size, 6 / 40);
    expect(camera.zoom).toBeCloseTo(Math.min((920 - 96) / 3000, (700 - 96) / 2000), 6);
    // With the standard size it would not: the zoom stays where the words show.
    expect(legibleFit(regions, size, LOD_ZOOM).zoom).toBeCloseTo(LOD_ZOOM, 6);
    // The step's area, when the notes' areas are too big too.
    const step = { x: 5000, y: 0, w: 600, h: 400 };
    const onStep = legibleFit({ ...regions, notes: { x: 0, y: 0, w: 3000, h: 2000 }, step }, size, LOD_ZOOM);
    const view = viewportBounds(onStep, size);
    expect(view.x).toBeLessThanOrEqual(step.x);
    expect(view.x + view.w).toBeGreaterThanOrEqual(step.x + step.w);
    expect(onStep.zoom).toBeGreaterThanOrEqual(LOD_ZOOM);
  });
});

describe('a new note left empty', () => {
  it('goes on Escape, and undo does not bring it back', async () => {
    const { editor, doc } = setup();
    editor.setCamera({ x: 0, y: 0, zoom: 1 });
    const kept = editor.createNoteAt({ x: 100, y: 100 })!;
    editor.commitEdit('kept');
    const id = editor.createNoteAt({ x: 500, y: 100 })!;
    expect(editor.editing.get()).toEqual({ kind: 'note', id });
    expect(notesMap(doc).has(id)).toBe(true);
    editor.cancelEdit();
    expect(notesMap(doc).has(id)).toBe(false);
    await tick();
    expect([...editor.snapshot.notes.keys()]).toEqual([kept]);
    // Nothing to redo: the empty note is not a step anyone can bring back.
    expect(editor.history.get().canRedo).toBe(false);
    editor.redo();
    expect(notesMap(doc).has(id)).toBe(false);
    editor.undo();
    expect(notesMap(doc).has(id)).toBe(false);
  });

  it('goes when saved blank, and stays once it has words; an old note emptied stays', async () => {
    const { editor, doc } = setup();
    const blank = editor.createNoteAt({ x: 100, y: 100 })!;
    editor.commitEdit('   ');
    expect(notesMap(doc).has(blank)).toBe(false);
    const written = editor.createNoteAt({ x: 300, y: 100 })!;
    editor.commitEdit('words');
    await tick();
    editor.startEditNote(written);
    editor.cancelEdit();
    expect(notesMap(doc).has(written)).toBe(true);
  });
});
