import { AREA_COLORS, NOTE_COLORS, type AreaColor, type NoteColor } from '@tributary/shared/board/colors';

/** A darker shade of a hex colour: the 1px border that replaces shadows (DESIGN.md 6). */
export function darken(hex: string, amount: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const f = 1 - amount;
  const r = Math.round(((n >> 16) & 255) * f);
  const g = Math.round(((n >> 8) & 255) * f);
  const b = Math.round((n & 255) * f);
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
}

export const NOTE_BORDERS = Object.fromEntries(
  Object.entries(NOTE_COLORS).map(([name, fill]) => [name, darken(fill, 0.28)]),
) as Record<NoteColor, string>;

export const AREA_BORDERS = Object.fromEntries(
  Object.entries(AREA_COLORS).map(([name, fill]) => [name, darken(fill, 0.3)]),
) as Record<AreaColor, string>;

/** Secondary text on notes (author names): still above 4.5:1 on every note colour. */
export const NOTE_LABEL_COLOR = '#454545';
export const PLACEHOLDER_COLOR = '#5C5C5C';
