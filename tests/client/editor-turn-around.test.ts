import { afterEach, describe, expect, it } from 'vitest';
import { createArea, createNote } from '@tributary/shared/board/mutations';
import { notesMap } from '@tributary/shared/board/schema';
import { EditorController } from '../../client/src/editor/EditorController.ts';
import { fakeEditorClient, tick } from '../helpers/editorClient.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanups.splice(0)) fn();
});

function setup() {
  const client = fakeEditorClient();
  const doc = client.doc;
  const editor = new EditorController(client, { animate: false });
  cleanups.push(editor.mount());
  editor.setViewportSize({ width: 1000, height: 800 });
  editor.setCamera({ x: 0, y: 0, zoom: 1 });
  return { doc, editor };
}

describe('Turn it around', () => {
  it('creates a linked note in the target area and opens it for typing', async () => {
    const { doc, editor } = setup();
    const worst = createArea(doc, { title: 'Worst ideas', rect: { x: 0, y: 0, w: 600, h: 400 } });
    const sol = createArea(doc, { title: 'Solutions', rect: { x: 700, y: 0, w: 600, h: 400 } });
    const parent = createNote(doc, { text: 'Never listen', pos: { x: 20, y: 80 }, areaId: worst });
    await tick();
    const id = editor.turnAround(parent, sol)!;
    const created = notesMap(doc).get(id)!;
    expect(created.get('replyTo')).toBe(parent);
    expect(created.get('areaId')).toBe(sol);
    expect((created.get('pos') as { x: number }).x).toBeGreaterThanOrEqual(700);
    expect(editor.editing.get()).toEqual({ kind: 'note', id });

    const beside = editor.turnAround(parent, null)!;
    const next = notesMap(doc).get(beside)!;
    expect(next.get('replyTo')).toBe(parent);
    expect((next.get('pos') as { x: number }).x).toBeGreaterThan(20);
  });
});
