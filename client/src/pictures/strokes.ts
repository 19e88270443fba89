/**
 * A drawing made with a finger, as data: strokes of points in the pad's own square coordinates
 * (0 to SKETCH_SIZE), so the same drawing renders at any size (the pad on screen, the picture
 * that is posted). Pure: no DOM, so undo and clear are unit tested (tests/client/picture-notes.test.ts).
 */

/** The side of the drawing's square, in its own units; also the posted picture's side in pixels. */
export const SKETCH_SIZE = 600;

/**
 * The pens: dark, high-contrast colours on white, each with a name a screen reader says
 * (`parts.sketchColour.<name>`). Black first: the default.
 */
export const SKETCH_COLOURS = {
  black: '#111111',
  blue: '#0B4FA8',
  red: '#B3261E',
  green: '#1B6E20',
} as const;
export type SketchColour = keyof typeof SKETCH_COLOURS;
export const SKETCH_COLOUR_NAMES = Object.keys(SKETCH_COLOURS) as SketchColour[];

/** Two line widths, in drawing units: thick enough to read from the back of the room. */
export const SKETCH_WIDTHS = { thin: 8, thick: 18 } as const;
export type SketchWidth = keyof typeof SKETCH_WIDTHS;

export interface SketchPoint {
  x: number;
  y: number;
}

export interface Stroke {
  colour: SketchColour;
  width: SketchWidth;
  points: SketchPoint[];
}

/** A whole drawing: the strokes done, oldest first, and the one being drawn now (if any). */
export interface Sketch {
  strokes: readonly Stroke[];
  current: Stroke | null;
}

export const EMPTY_SKETCH: Sketch = { strokes: [], current: null };

/** Longest stroke kept, and most strokes: a drawing stays small to keep and to render. */
export const MAX_POINTS_PER_STROKE = 2000;
export const MAX_STROKES = 400;

function clampPoint(p: SketchPoint): SketchPoint {
  const c = (v: number) => Math.round(Math.min(SKETCH_SIZE, Math.max(0, Number.isFinite(v) ? v : 0)) * 10) / 10;
  return { x: c(p.x), y: c(p.y) };
}

/** A finger touches down: a new stroke starts (one touching down while another draws ends that one first). */
export function beginStroke(sketch: Sketch, at: SketchPoint, colour: SketchColour, width: SketchWidth): Sketch {
  const done = endStroke(sketch);
  if (done.strokes.length >= MAX_STROKES) return done;
  return { strokes: done.strokes, current: { colour, width, points: [clampPoint(at)] } };
}

/** The finger moves: the point is added to the stroke being drawn (a repeat of the last point is not). */
export function extendStroke(sketch: Sketch, at: SketchPoint): Sketch {
  const current = sketch.current;
  if (!current || current.points.length >= MAX_POINTS_PER_STROKE) return sketch;
  const p = clampPoint(at);
  const last = current.points[current.points.length - 1]!;
  if (last.x === p.x && last.y === p.y) return sketch;
  return { strokes: sketch.strokes, current: { ...current, points: [...current.points, p] } };
}

/** The finger lifts: the stroke joins the drawing (a tap is a dot, kept). */
export function endStroke(sketch: Sketch): Sketch {
  if (!sketch.current) return sketch;
  return { strokes: [...sketch.strokes, sketch.current], current: null };
}

/** Undo: the last stroke goes (the one being drawn, if a finger is still down). */
export function undoStroke(sketch: Sketch): Sketch {
  if (sketch.current) return { strokes: sketch.strokes, current: null };
  return { strokes: sketch.strokes.slice(0, -1), current: null };
}

/** Clear: nothing left. */
export function clearSketch(): Sketch {
  return EMPTY_SKETCH;
}

/** Whether there is anything drawn (to post, to undo, to keep). */
export function hasDrawing(sketch: Sketch): boolean {
  return sketch.strokes.length > 0 || sketch.current !== null;
}

/** A screen position over the pad's box, in drawing units. */
export function toSketchPoint(clientX: number, clientY: number, box: { left: number; top: number; width: number; height: number }): SketchPoint {
  const w = box.width || 1;
  const h = box.height || 1;
  return { x: ((clientX - box.left) / w) * SKETCH_SIZE, y: ((clientY - box.top) / h) * SKETCH_SIZE };
}

/** Draws the strokes onto a 2D context, scaled from drawing units by `scale` (white paper first when `paper`). */
export function renderSketch(c: CanvasRenderingContext2D, sketch: Sketch, scale: number, paper = true): void {
  c.save();
  c.setTransform(scale, 0, 0, scale, 0, 0);
  if (paper) {
    c.fillStyle = '#FFFFFF';
    c.fillRect(0, 0, SKETCH_SIZE, SKETCH_SIZE);
  }
  c.lineCap = 'round';
  c.lineJoin = 'round';
  const all = sketch.current ? [...sketch.strokes, sketch.current] : sketch.strokes;
  for (const stroke of all) {
    const [first, ...rest] = stroke.points;
    if (!first) continue;
    c.strokeStyle = SKETCH_COLOURS[stroke.colour];
    c.fillStyle = SKETCH_COLOURS[stroke.colour];
    c.lineWidth = SKETCH_WIDTHS[stroke.width];
    if (rest.length === 0) {
      // A tap: a round dot as wide as the line.
      c.beginPath();
      c.arc(first.x, first.y, SKETCH_WIDTHS[stroke.width] / 2, 0, Math.PI * 2);
      c.fill();
      continue;
    }
    c.beginPath();
    c.moveTo(first.x, first.y);
    for (const p of rest) c.lineTo(p.x, p.y);
    c.stroke();
  }
  c.restore();
}

/** Whether a value read back from the device is a drawing (a damaged one is dropped, not shown). */
export function parseSketch(value: unknown): Sketch | null {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as Sketch).strokes)) return null;
  const strokes: Stroke[] = [];
  for (const s of (value as Sketch).strokes.slice(0, MAX_STROKES)) {
    if (!s || !(s.colour in SKETCH_COLOURS) || !(s.width in SKETCH_WIDTHS) || !Array.isArray(s.points)) continue;
    const points = s.points
      .slice(0, MAX_POINTS_PER_STROKE)
      .filter((p) => p && typeof p.x === 'number' && typeof p.y === 'number')
      .map(clampPoint);
    if (points.length > 0) strokes.push({ colour: s.colour, width: s.width, points });
  }
  return { strokes, current: null };
}
