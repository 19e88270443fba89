/**
 * Sticky-note colours. Every fill is light enough that NOTE_TEXT_COLOR on it passes WCAG AA
 * (contrast above 7:1), so a colour never decides whether a note can be read. Names are plain
 * words because screen readers say them.
 */
export const NOTE_COLORS = {
  yellow: '#FFE97A',
  pink: '#FFC7DC',
  blue: '#BDE3FF',
  green: '#C8F0C4',
  orange: '#FFD6AD',
  purple: '#E3D1FF',
} as const;
export type NoteColor = keyof typeof NOTE_COLORS;
export const NOTE_COLOR_NAMES = Object.keys(NOTE_COLORS) as NoteColor[];
export const DEFAULT_NOTE_COLOR: NoteColor = 'yellow';
export const NOTE_TEXT_COLOR = '#1B1B1B';

export function isNoteColor(value: unknown): value is NoteColor {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(NOTE_COLORS, value);
}

/** Area (frame) tints: pale, so notes on top stay the strongest thing on screen. */
export const AREA_COLORS = {
  sand: '#F6F1E7',
  sky: '#EAF3FB',
  mint: '#EAF6EE',
  rose: '#FBEFF3',
  lilac: '#F2EEFB',
  stone: '#F0F0F0',
} as const;
export type AreaColor = keyof typeof AREA_COLORS;
export const DEFAULT_AREA_COLOR: AreaColor = 'sand';

export function isAreaColor(value: unknown): value is AreaColor {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(AREA_COLORS, value);
}
