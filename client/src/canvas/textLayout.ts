import { FONT_FAMILY } from '../editor/layout.ts';

/**
 * Word wrapping for note text, measured once per distinct text and font and cached, so a
 * note is laid out when it changes, never on every frame. The board draws notes with plain
 * canvas calls (no Konva Text nodes), so the wrapping is done here.
 */
let measureContext: CanvasRenderingContext2D | null = null;

/** What wrapping needs of a canvas context: text widths in the font last set. */
type Measurer = Pick<CanvasRenderingContext2D, 'measureText'>;

/**
 * Without a canvas (the editor's logic run in Node, in tests) widths are estimated from the font
 * size: about 0.55 em a character, a little more in bold. Layouts made this way are close to the
 * browser's, which is all the fit and the tests need of them.
 */
function estimator(font: string): Measurer {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 16);
  const em = /\b(600|700|bold)\b/.test(font) ? 0.6 : 0.55;
  return { measureText: (text: string) => ({ width: [...text].length * size * em }) as TextMetrics };
}

function context(font: string): Measurer {
  if (!measureContext && typeof document !== 'undefined') measureContext = document.createElement('canvas').getContext('2d');
  if (!measureContext) return estimator(font);
  if (measureContext.font !== font) measureContext.font = font;
  return measureContext;
}

const CACHE_LIMIT = 4000;
const cache = new Map<string, string[]>();

function remember(key: string, lines: string[]): string[] {
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, lines);
  return lines;
}

const ELLIPSIS = '…';

function fitWithEllipsis(ctx: Measurer, line: string, width: number): string {
  let s = line.trimEnd();
  while (s.length > 0 && ctx.measureText(s + ELLIPSIS).width > width) s = s.slice(0, -1).trimEnd();
  return s + ELLIPSIS;
}

/** Breaks one word that is wider than the line into pieces that fit. */
function breakWord(ctx: Measurer, word: string, width: number): string[] {
  const out: string[] = [];
  let piece = '';
  for (const ch of word) {
    if (piece !== '' && ctx.measureText(piece + ch).width > width) {
      out.push(piece);
      piece = ch;
    } else piece += ch;
  }
  if (piece) out.push(piece);
  return out;
}

/**
 * The lines to draw for `text` in `font` within `width`, at most `maxLines`; the last line ends
 * with an ellipsis when text was cut.
 */
export function wrapText(text: string, font: string, width: number, maxLines: number): string[] {
  const key = `${font}|${width}|${maxLines}|${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const ctx = context(font);
  if (maxLines <= 0) return remember(key, []);
  const lines: string[] = [];
  let truncated = false;
  outer: for (const paragraph of text.split('\n')) {
    const words = paragraph.split(/\s+/).filter(Boolean);
    let line = '';
    if (words.length === 0) {
      if (lines.length >= maxLines) {
        truncated = true;
        break;
      }
      lines.push('');
      continue;
    }
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (ctx.measureText(candidate).width <= width) {
        line = candidate;
        continue;
      }
      const pieces = line === '' || ctx.measureText(word).width > width ? breakWord(ctx, word, width) : [word];
      if (line !== '') {
        if (lines.length >= maxLines) {
          truncated = true;
          break outer;
        }
        lines.push(line);
        line = '';
      }
      for (let i = 0; i < pieces.length - 1; i++) {
        if (lines.length >= maxLines) {
          truncated = true;
          break outer;
        }
        lines.push(pieces[i]!);
      }
      line = pieces[pieces.length - 1] ?? '';
    }
    if (lines.length >= maxLines) {
      truncated = true;
      break;
    }
    lines.push(line);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '' && !truncated) lines.pop();
  if (truncated && lines.length > 0) lines[lines.length - 1] = fitWithEllipsis(ctx, lines[lines.length - 1]!, width);
  return remember(key, lines);
}

/** One line, cut with an ellipsis when too wide (author names). */
export function fitLine(text: string, font: string, width: number): string {
  const key = `1|${font}|${width}|${text}`;
  const hit = cache.get(key);
  if (hit) return hit[0] ?? '';
  const ctx = context(font);
  const out = ctx.measureText(text).width <= width ? text : fitWithEllipsis(ctx, text, width);
  remember(key, [out]);
  return out;
}

// ---- a note's text: its size and, for cards, its questions -------------------------------

/**
 * Sizes a plain note's text may take, largest first. A short note ("hope", one word in Word
 * Association) is drawn as large as its box allows, so it can be read from much further out;
 * anything long stays at the standard size and is cut with an ellipsis as before.
 */
export const NOTE_FONT_SIZES = [40, 32, 26, 20, 16] as const;
/**
 * Sizes a card's answers may take (User Manual: several questions, each with its answer). A card
 * is drawn whole in its note's box, so a full one comes out small: zoom in to read it. The
 * questions are drawn a little smaller than the answers, in the label colour.
 */
export const CARD_FONT_SIZES = [16, 14, 13, 12, 11, 10, 9, 8, 7, 6] as const;
const LINE_HEIGHT = 1.3;
const CARD_QUESTION_SCALE = 0.8;
/** Space between one question's answer and the next question, in lines of the answer's size. */
const CARD_GAP = 0.35;

export interface LaidLine {
  text: string;
  font: string;
  /** A card's question (drawn in the label colour), or the note's own words. */
  question: boolean;
  /** The middle of the line, down from the top of the text box. */
  y: number;
}

export interface NoteTextLayout {
  /** The size of the note's words (a card's answers), in board units. */
  fontSize: number;
  lines: LaidLine[];
  /** Height of all the lines, in board units. */
  height: number;
  card: boolean;
}

/** A card's questions and answers, when `text` is one (see cardText in shared/src/board/cardText.ts). */
export function cardParts(text: string): Array<{ question: string; answer: string }> | null {
  const blocks = text.split(/\n[ \t]*\n/).map((b) => b.trim()).filter(Boolean);
  if (blocks.length < 2) return null;
  const parts = blocks.map((block) => {
    const cut = block.indexOf('\n');
    return cut < 0 ? null : { question: block.slice(0, cut).trim(), answer: block.slice(cut + 1).trim() };
  });
  return parts.every((p) => p !== null && p.question !== '' && p.answer !== '') ? (parts as Array<{ question: string; answer: string }>) : null;
}

const fontOf = (size: number, weight = '') => `${weight}${size}px ${FONT_FAMILY}`;

/** Every line of `text` at this font and width, or null when a word would have to be broken. */
function wrapWhole(text: string, font: string, width: number): string[] | null {
  const ctx = context(font);
  for (const word of text.split(/\s+/)) if (word && ctx.measureText(word).width > width) return null;
  return wrapText(text, font, width, 10_000);
}

function plainLayout(text: string, width: number, height: number): NoteTextLayout {
  for (const size of NOTE_FONT_SIZES) {
    const font = fontOf(size);
    const step = size * LINE_HEIGHT;
    const whole = wrapWhole(text, font, width);
    if (!whole || whole.length * step > height) continue;
    return { fontSize: size, card: false, height: whole.length * step, lines: whole.map((t, i) => ({ text: t, font, question: false, y: step * (i + 0.5) })) };
  }
  const size = NOTE_FONT_SIZES[NOTE_FONT_SIZES.length - 1]!;
  const font = fontOf(size);
  const step = size * LINE_HEIGHT;
  const lines = wrapText(text, font, width, Math.max(1, Math.floor(height / step)));
  return { fontSize: size, card: false, height: lines.length * step, lines: lines.map((t, i) => ({ text: t, font, question: false, y: step * (i + 0.5) })) };
}

function cardLayoutAt(parts: ReadonlyArray<{ question: string; answer: string }>, size: number, width: number, maxHeight: number): { lines: LaidLine[]; height: number; whole: boolean } {
  const questionSize = Math.max(5, Math.round(size * CARD_QUESTION_SCALE * 10) / 10);
  const questionFont = fontOf(questionSize, '600 ');
  const answerFont = fontOf(size);
  const lines: LaidLine[] = [];
  let y = 0;
  let whole = true;
  const add = (text: string, font: string, lineSize: number, question: boolean): boolean => {
    const step = lineSize * LINE_HEIGHT;
    if (y + step > maxHeight + 0.01) return false;
    lines.push({ text, font, question, y: y + step / 2 });
    y += step;
    return true;
  };
  outer: for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (i > 0) y += size * CARD_GAP;
    for (const [text, font, lineSize, question] of [
      [part.question, questionFont, questionSize, true],
      [part.answer, answerFont, size, false],
    ] as const) {
      for (const line of wrapText(text, font, width, 10_000)) {
        if (!add(line, font, lineSize, question)) {
          whole = false;
          break outer;
        }
      }
    }
  }
  return { lines, height: y, whole };
}

function cardLayout(parts: ReadonlyArray<{ question: string; answer: string }>, width: number, height: number): NoteTextLayout {
  for (const size of CARD_FONT_SIZES) {
    const laid = cardLayoutAt(parts, size, width, height);
    if (laid.whole) return { fontSize: size, card: true, lines: laid.lines, height: laid.height };
  }
  // Longer than any card the form makes: the smallest size, cut where the box ends.
  const size = CARD_FONT_SIZES[CARD_FONT_SIZES.length - 1]!;
  const laid = cardLayoutAt(parts, size, width, height);
  const last = laid.lines[laid.lines.length - 1];
  if (last) last.text = fitWithEllipsis(context(last.font), last.text, width);
  return { fontSize: size, card: true, lines: laid.lines, height: laid.height };
}

/** Layouts kept: one per note text, enough for every note near the view on a very big board. */
const LAYOUT_CACHE_LIMIT = 10_000;
const layoutCache = new Map<string, NoteTextLayout>();

/**
 * How a note's text is drawn in a `width` x `height` box: a plain note at the largest size that
 * holds it whole, a card (several questions, each with its answer) whole, question by question.
 * The one card-text function: the board and the picture export both draw notes through it.
 * Cached per text and box, like the lines.
 */
export function layoutNoteText(text: string, width: number, height: number): NoteTextLayout {
  const key = `${width}|${height}|${text}`;
  const hit = layoutCache.get(key);
  if (hit) return hit;
  const parts = cardParts(text);
  const layout = parts ? cardLayout(parts, width, height) : plainLayout(text, width, height);
  if (layoutCache.size >= LAYOUT_CACHE_LIMIT) {
    const oldest = layoutCache.keys().next().value;
    if (oldest !== undefined) layoutCache.delete(oldest);
  }
  layoutCache.set(key, layout);
  return layout;
}
