import type { Area } from './area.ts';
import type { AreaRole } from './records.ts';

/**
 * The band at the top of an area that new notes are never placed in: the title bar, then the
 * description (a World Cafe table's question, a river stage's words). Note placement (server
 * and client) keeps notes below it, and the canvas draws the description inside it, so the
 * words a group is asked to respond to are never hidden under the notes they prompted.
 *
 * Sizes are board units at zoom 1, where the canvas draws titles and descriptions at these
 * sizes; zoomed out, it draws them larger and fits fewer lines into the same band.
 */
export const AREA_TITLE_BAND = 64;
export const AREA_TITLE_FONT_SIZE = 28;
export const AREA_DESCRIPTION_FONT_SIZE = 20;
export const AREA_DESCRIPTION_LINE_HEIGHT = AREA_DESCRIPTION_FONT_SIZE * 1.3;
/** Longer descriptions end in an ellipsis; the full text is in the list view and the method panel. */
export const AREA_DESCRIPTION_MAX_LINES = 8;
/** The radius of a marker count (Recovery River's private marks), drawn beside the description. */
export const AREA_MARKER_RADIUS = 48;

/** Two lines' room at least: the band every description had before its lines were counted, so boards made then keep their rows. */
const MIN_DESCRIPTION_BAND = 64;
/** Space between the title band and the first line, and under the last one. */
const DESCRIPTION_MARGINS = 12;
/**
 * A generous average advance for the description font (system sans-serif runs at about
 * 0.5 em): the estimate must never count fewer lines than the canvas wraps the text into.
 */
const ESTIMATED_EM_PER_CHAR = 0.56;

/** The inner margin of an area at zoom 1 (the canvas scales it with the title). */
export function areaPadding(width: number, titleFontSize = AREA_TITLE_FONT_SIZE): number {
  return Math.min(titleFontSize * 0.6, width / 8);
}

/**
 * Where an area's description goes, for an area `width` wide with this padding, marker radius
 * (0 without a marker count) and font size: beside the marker when the area is wide enough for
 * both, otherwise across the area (under the marker, if there is one).
 */
export function descriptionLayout(width: number, pad: number, markerRadius: number, fontSize: number): { width: number; besideMarker: boolean } {
  const besideWidth = width - pad * 3 - markerRadius * 2;
  const besideMarker = markerRadius > 0 && besideWidth > fontSize * 12;
  return { width: Math.max(0, besideMarker ? besideWidth : width - pad * 2), besideMarker };
}

/**
 * How wide the description wraps at zoom 1. The canvas draws a marker count when a step asks
 * people to mark areas; placement cannot know whether one will, so it assumes one.
 */
export function areaDescriptionWidth(width: number): number {
  return descriptionLayout(width, areaPadding(width), AREA_MARKER_RADIUS, AREA_DESCRIPTION_FONT_SIZE).width;
}

/** Lines `text` wraps into at `width`, word by word as the canvas wraps it, estimated without a font. */
export function estimateWrappedLines(text: string, width: number, fontSize: number): number {
  const perLine = Math.max(1, Math.floor(width / (fontSize * ESTIMATED_EM_PER_CHAR)));
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let used = 0;
    lines++;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const needed = used === 0 ? word.length : used + 1 + word.length;
      if (needed <= perLine) {
        used = needed;
        continue;
      }
      if (used > 0) lines++;
      // A word longer than a line is broken across lines, as the canvas does.
      const broken = Math.ceil(word.length / perLine) - 1;
      lines += broken;
      used = word.length - broken * perLine;
    }
  }
  return lines;
}

/**
 * Areas people place markers on (Recovery River's stages, the ladder's rungs): their header keeps
 * room for the marker count the canvas draws under the title, so no note sits under it.
 */
export const MARKER_ROLES: ReadonlySet<AreaRole> = new Set<AreaRole>(['stage', 'rung']);

/**
 * The radius a marker count is given room for: the canvas draws it at AREA_MARKER_RADIUS at zoom
 * 1 and larger when zoomed out (never under 22 px on screen), so at 40%, the farthest zoom where
 * notes still show their words, it is 55 board units. Zoomed out further, notes are blank blocks
 * and the canvas draws the area's labels over them.
 */
const MARKER_ROOM_RADIUS = 56;

/** The band a marker count takes under the title: where the canvas draws it, and a margin. */
function markerBand(width: number): number {
  return areaPadding(width) * 0.6 + Math.max(AREA_MARKER_RADIUS, MARKER_ROOM_RADIUS) * 2 + DESCRIPTION_MARGINS;
}

/** The height of the band at the top of `area` that is kept for its title, description and marker count. */
export function areaHeaderHeight(area: Pick<Area, 'rect' | 'description' | 'role'>): number {
  const marker = area.role && MARKER_ROLES.has(area.role) ? markerBand(area.rect.w) : 0;
  if (!area.description) return AREA_TITLE_BAND + marker;
  const lines = Math.min(
    AREA_DESCRIPTION_MAX_LINES,
    estimateWrappedLines(area.description, areaDescriptionWidth(area.rect.w), AREA_DESCRIPTION_FONT_SIZE),
  );
  return AREA_TITLE_BAND + Math.max(MIN_DESCRIPTION_BAND, lines * AREA_DESCRIPTION_LINE_HEIGHT + DESCRIPTION_MARGINS, marker);
}
