import { afterEach, describe, expect, it } from 'vitest';
import { createArea, createNote } from '@tributary/shared/board/mutations';
import { areasMap, notesMap } from '@tributary/shared/board/schema';
import { LOCAL_ORIGIN } from '@tributary/shared/origins';
import { EditorController, type PointerInput } from '../../client/src/editor/EditorController.ts';
import { boardRights } from '../../client/src/sync/boardRights.ts';
import { fakeEditorClient, tick } from '../helpers/editorClient.ts';

/**
 * Issue 16: a participant on a laptop touches the board within the rules the server checks
 * (shared/src/board/rules.ts through client/src/sync/boardRights.ts): their own notes anywhere,
 * everyone's only while the step lets people arrange, areas never. What the rules refuse is not
 * even sent, so the server has nothing to refuse.
 */

let time = 1000;
const ptr = (x: number, y: number): PointerInput => ({ id: 1, x, y, button: 0, shift: false, mod: false, type: 'mouse', time: (time += 1000) });

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanups.splice(0)) fn();
});

function participantBoard(arranging: boolean) {
  const client = fakeEditorClient();
  const writer = { role: 'participant' as const, participantId: 'p_lee', name: 'Lee' };
  const situation = { locked: false, directPosting: false, arranging, review: false };
  Object.assign(client, { session: { role: 'participant', participantId: 'p_lee', name: 'Lee' }, boardRights: () => boardRights(writer, situation) });
  const doc = client.doc;
  let area = '';
  let mine = '';
  let theirs = '';
  doc.transact(() => {
    area = createArea(doc, { title: 'Theme 1', rect: { x: 600, y: 0, w: 400, h: 400 } });
    mine = createNote(doc, { text: 'hope', pos: { x: 0, y: 0 }, authorId: 'p_lee', authorName: 'Lee' });
    theirs = createNote(doc, { text: 'fear', pos: { x: 0, y: 200 }, authorId: 'p_ana', authorName: 'Ana' });
  }, 'remote');
  const editor = new EditorController(client, { animate: false });
  cleanups.push(editor.mount());
  editor.setViewportSize({ width: 1200, height: 800 });
  editor.setCamera({ x: 0, y: 0, zoom: 1 });
  let writes = 0;
  doc.on('update', (_u: Uint8Array, origin: unknown) => {
    if (origin === LOCAL_ORIGIN) writes++;
  });
  const drag = (from: { x: number; y: number }, to: { x: number; y: number }) => {
    editor.pointerDown(ptr(from.x, from.y));
    editor.pointerMove(ptr((from.x + to.x) / 2, (from.y + to.y) / 2));
    editor.pointerMove(ptr(to.x, to.y));
    editor.pointerUp(ptr(to.x, to.y));
  };
  return { editor, doc, area, mine, theirs, drag, writes: () => writes };
}

describe('a participant on a laptop', () => {
  it('drags their own note into an area; someone else’s stays put outside an arranging step; areas are never moved', async () => {
    const { doc, area, mine, theirs, drag, writes, editor } = participantBoard(false);
    await tick();
    drag({ x: 90, y: 70 }, { x: 800, y: 200 });
    expect(notesMap(doc).get(mine)!.get('areaId')).toBe(area);
    expect(writes()).toBe(1);
    drag({ x: 90, y: 270 }, { x: 800, y: 300 });
    expect(notesMap(doc).get(theirs)!.get('pos')).toEqual({ x: 0, y: 200 });
    // An area's title bar pans the view instead of moving the area.
    const camera = editor.camera.get();
    drag({ x: 700, y: 10 }, { x: 750, y: 60 });
    expect(areasMap(doc).get(area)!.get('rect')).toEqual({ x: 600, y: 0, w: 400, h: 400 });
    expect(editor.camera.get()).not.toEqual(camera);
    expect(writes()).toBe(1);
  });

  it('arranges everyone’s notes in a step that lets people arrange', async () => {
    const { doc, area, theirs, drag } = participantBoard(true);
    await tick();
    drag({ x: 90, y: 270 }, { x: 800, y: 300 });
    expect(notesMap(doc).get(theirs)!.get('areaId')).toBe(area);
  });
});
