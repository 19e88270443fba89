import { beforeAll, describe, expect, test } from 'vitest';
import { withMessages } from '../../client/src/i18n/i18n.ts';
import { noteWords } from '../../client/src/pictures/noteWords.ts';
import { containIn, fitWithin, PHOTO_MAX_SIDE } from '../../client/src/pictures/resize.ts';
import {
  EMPTY_SKETCH,
  MAX_POINTS_PER_STROKE,
  SKETCH_SIZE,
  beginStroke,
  clearSketch,
  endStroke,
  extendStroke,
  hasDrawing,
  parseSketch,
  toSketchPoint,
  undoStroke,
  type Sketch,
} from '../../client/src/pictures/strokes.ts';
import { noteToSend, postBody } from '../../client/src/sync/ownNotes.ts';

// The words come from the English catalog's `room` messages, which every room view loads.
beforeAll(() => withMessages(Promise.resolve(), 'room'));

/** A stroke from `from` through each point of `to`, finger lifted at the end. */
function line(sketch: Sketch, from: [number, number], ...to: Array<[number, number]>): Sketch {
  let s = beginStroke(sketch, { x: from[0], y: from[1] }, 'black', 'thin');
  for (const [x, y] of to) s = extendStroke(s, { x, y });
  return endStroke(s);
}

describe('sketch strokes (issue 19)', () => {
  test('a stroke is begun, extended and ended; undo takes off the last one only', () => {
    let s = line(EMPTY_SKETCH, [10, 10], [20, 20], [30, 30]);
    s = line(s, [100, 100], [200, 100]);
    expect(s.strokes).toHaveLength(2);
    expect(s.strokes[0]!.points).toEqual([
      { x: 10, y: 10 },
      { x: 20, y: 20 },
      { x: 30, y: 30 },
    ]);
    s = undoStroke(s);
    expect(s.strokes).toHaveLength(1);
    expect(s.strokes[0]!.points[0]).toEqual({ x: 10, y: 10 });
    s = undoStroke(s);
    expect(hasDrawing(s)).toBe(false);
    expect(undoStroke(s)).toEqual(EMPTY_SKETCH);
  });

  test('undo while the finger is still down drops the stroke being drawn, not the one before', () => {
    let s = line(EMPTY_SKETCH, [10, 10], [20, 20]);
    s = extendStroke(beginStroke(s, { x: 50, y: 50 }, 'red', 'thick'), { x: 60, y: 60 });
    expect(hasDrawing(s) && s.current !== null).toBe(true);
    s = undoStroke(s);
    expect(s.current).toBeNull();
    expect(s.strokes).toHaveLength(1);
    expect(s.strokes[0]!.colour).toBe('black');
  });

  test('clear leaves nothing; a tap is a dot that counts as drawing', () => {
    const s = line(line(EMPTY_SKETCH, [1, 1], [2, 2]), [5, 5]);
    expect(s.strokes).toHaveLength(2);
    expect(s.strokes[1]!.points).toHaveLength(1);
    expect(hasDrawing(clearSketch())).toBe(false);
  });

  test('points stay inside the square, repeats are not kept, a stroke has a most', () => {
    let s = beginStroke(EMPTY_SKETCH, { x: -40, y: 9999 }, 'blue', 'thin');
    expect(s.current!.points[0]).toEqual({ x: 0, y: SKETCH_SIZE });
    s = extendStroke(s, { x: 0, y: SKETCH_SIZE });
    expect(s.current!.points).toHaveLength(1);
    for (let i = 0; i < MAX_POINTS_PER_STROKE + 50; i++) s = extendStroke(s, { x: i % 500, y: i % 7 });
    expect(s.current!.points.length).toBe(MAX_POINTS_PER_STROKE);
  });

  test('a screen position maps onto the square whatever size the pad is drawn at', () => {
    const box = { left: 20, top: 100, width: 300, height: 300 };
    expect(toSketchPoint(20, 100, box)).toEqual({ x: 0, y: 0 });
    expect(toSketchPoint(170, 250, box)).toEqual({ x: SKETCH_SIZE / 2, y: SKETCH_SIZE / 2 });
    expect(toSketchPoint(320, 400, box)).toEqual({ x: SKETCH_SIZE, y: SKETCH_SIZE });
  });

  test('a drawing kept on the phone reads back; a damaged one loses only its bad parts', () => {
    const s = line(line(EMPTY_SKETCH, [10, 10], [20, 20]), [30, 30], [40, 40]);
    expect(parseSketch(JSON.parse(JSON.stringify(s)))).toEqual(s);
    const damaged = { strokes: [{ colour: 'pink', width: 'thin', points: [{ x: 1, y: 1 }] }, s.strokes[0], null, { colour: 'red', width: 'thick', points: 'x' }] };
    expect(parseSketch(damaged)).toEqual({ strokes: [s.strokes[0]], current: null });
    expect(parseSketch('nonsense')).toBeNull();
  });
});

describe('pictures made small on the device', () => {
  test('a phone photo is scaled down to the longest side, aspect kept; a small one is left as it is', () => {
    expect(fitWithin(4032, 3024, PHOTO_MAX_SIDE)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3024, 4032, PHOTO_MAX_SIDE)).toEqual({ width: 1200, height: 1600 });
    expect(fitWithin(800, 600, PHOTO_MAX_SIDE)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(10000, 10, 1600)).toEqual({ width: 1600, height: 2 });
    expect(fitWithin(0, 100, 1600)).toEqual({ width: 0, height: 0 });
  });

  test('a picture fits inside a note, centred, aspect kept', () => {
    const rounded = (r: { x: number; y: number; w: number; h: number }) => ({ x: Math.round(r.x * 1000) / 1000, y: Math.round(r.y * 1000) / 1000, w: Math.round(r.w * 1000) / 1000, h: Math.round(r.h * 1000) / 1000 });
    expect(rounded(containIn(600, 600, { x: 6, y: 6, w: 168, h: 84 }))).toEqual({ x: 48, y: 6, w: 84, h: 84 });
    expect(rounded(containIn(1600, 400, { x: 0, y: 0, w: 160, h: 80 }))).toEqual({ x: 0, y: 20, w: 160, h: 40 });
    expect(containIn(0, 0, { x: 1, y: 2, w: 3, h: 4 }).w).toBe(0);
  });
});

describe('picture notes as words and as posts', () => {
  test('a picture note reads as its text alternative after Drawing: or Picture:, or says it is not described', () => {
    expect(noteWords({ text: 'A house with a garden', imageId: 'img_1', imageKind: 'sketch' })).toBe('Drawing: A house with a garden');
    expect(noteWords({ text: 'Bus fares', imageId: 'img_2', imageKind: 'photo' })).toBe('Picture: Bus fares');
    expect(noteWords({ text: '', imageId: 'img_2', imageKind: 'photo' })).toBe('Picture, not described yet');
    expect(noteWords({ text: '  ', imageId: 'img_3', imageKind: 'sketch' })).toBe('Drawing, not described yet');
    expect(noteWords({ text: 'plain words' })).toBe('plain words');
  });

  test('the outbox sends a picture note with its imageId, and without text when there is none', () => {
    const drawn = noteToSend({ imageId: 'img_9', imageKind: 'sketch', color: 'blue' }, true, 'local1', 1);
    expect(drawn.text).toBe('');
    expect(JSON.parse(JSON.stringify(postBody(drawn)))).toEqual({ imageId: 'img_9', imageKind: 'sketch', color: 'blue' });
    const described = noteToSend({ text: 'a bridge', imageId: 'img_9', imageKind: 'sketch' }, false, 'local2', 1);
    expect(JSON.parse(JSON.stringify(postBody(described)))).toMatchObject({ text: 'a bridge', imageId: 'img_9', imageKind: 'sketch' });
    const written = noteToSend({ text: 'words' }, false, 'local3', 1);
    expect(JSON.parse(JSON.stringify(postBody(written)))).toEqual({ text: 'words', color: 'yellow' });
  });
});
