import { NOTE_HEIGHT, NOTE_WIDTH } from '@tributary/shared/board/note';
import type { Link, OffsetOf } from './boardMarks.ts';

/** Dark enough to see on every area colour (above 3:1), quiet enough not to compete with notes. */
const LINK_COLOR = '#5A5A5A';

/**
 * Draws "builds on" connectors: a thin line from each parent note to the note that builds on
 * it, with a small dot where it meets the child's edge. Used by the board and the PNG export.
 */
export function drawLinks(c: CanvasRenderingContext2D, links: readonly Link[], offsetOf: OffsetOf, zoom: number): void {
  if (links.length === 0) return;
  c.beginPath();
  const ends: Array<[number, number]> = [];
  for (const { from, to } of links) {
    const a = offsetOf(from);
    const b = offsetOf(to);
    const x1 = from.pos.x + (a?.dx ?? 0) + NOTE_WIDTH / 2;
    const y1 = from.pos.y + (a?.dy ?? 0) + NOTE_HEIGHT / 2;
    const x2 = to.pos.x + (b?.dx ?? 0) + NOTE_WIDTH / 2;
    const y2 = to.pos.y + (b?.dy ?? 0) + NOTE_HEIGHT / 2;
    c.moveTo(x1, y1);
    c.lineTo(x2, y2);
    // Where the line crosses the child's edge: an arrowhead-like dot marks "this one builds on".
    const dx = x2 - x1;
    const dy = y2 - y1;
    const tx = dx === 0 ? Infinity : NOTE_WIDTH / 2 / Math.abs(dx);
    const ty = dy === 0 ? Infinity : NOTE_HEIGHT / 2 / Math.abs(dy);
    const t = Math.min(tx, ty, 1);
    ends.push([x2 - dx * t, y2 - dy * t]);
  }
  c.lineWidth = Math.max(2, 2 / zoom);
  c.strokeStyle = LINK_COLOR;
  c.setLineDash([10 / Math.max(zoom, 0.25), 6 / Math.max(zoom, 0.25)]);
  c.stroke();
  c.setLineDash([]);
  c.fillStyle = LINK_COLOR;
  const r = Math.max(5, 5 / zoom);
  c.beginPath();
  for (const [x, y] of ends) {
    c.moveTo(x + r, y);
    c.arc(x, y, r, 0, Math.PI * 2);
  }
  c.fill();
}
