/**
 * Word wrapping for note text, measured once per distinct text and font and cached, so a
 * note is laid out when it changes, never on every frame. Konva's Text node would do the same
 * work per node; drawing notes as single shapes needs it here.
 */
let measureContext: CanvasRenderingContext2D | null = null;

function context(font: string): CanvasRenderingContext2D | null {
  if (!measureContext) {
    if (typeof document === 'undefined') return null;
    measureContext = document.createElement('canvas').getContext('2d');
  }
  if (measureContext && measureContext.font !== font) measureContext.font = font;
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

function fitWithEllipsis(ctx: CanvasRenderingContext2D, line: string, width: number): string {
  let s = line.trimEnd();
  while (s.length > 0 && ctx.measureText(s + ELLIPSIS).width > width) s = s.slice(0, -1).trimEnd();
  return s + ELLIPSIS;
}

/** Breaks one word that is wider than the line into pieces that fit. */
function breakWord(ctx: CanvasRenderingContext2D, word: string, width: number): string[] {
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
  if (!ctx || maxLines <= 0) return remember(key, []);
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
  if (!ctx) return text;
  const out = ctx.measureText(text).width <= width ? text : fitWithEllipsis(ctx, text, width);
  remember(key, [out]);
  return out;
}
