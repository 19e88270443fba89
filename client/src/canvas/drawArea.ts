import type { Area } from '@tributary/shared/board/area';
import { AREA_DESCRIPTION_FONT_SIZE, AREA_DESCRIPTION_LINE_HEIGHT, AREA_DESCRIPTION_MAX_LINES, AREA_MARKER_RADIUS, AREA_TITLE_FONT_SIZE, areaHeaderHeight, areaPadding, descriptionLayout } from '@tributary/shared/board/areaHeader';
import { AREA_COLORS, NOTE_TEXT_COLOR } from '@tributary/shared/board/colors';
import { FONT_FAMILY, RESIZE_HANDLE_SCREEN_PX, areaTitleBarHeight, areaTitleFontSize } from '../editor/layout.ts';
import { AREA_BORDERS, PLACEHOLDER_COLOR } from './colors.ts';
import { fitLine, wrapText } from './textLayout.ts';
import { t } from '../i18n/i18n.ts';

/** Never smaller than this on screen; below MIN_ZOOM the description is left out (noise at that size). */
const DESCRIPTION_MIN_SCREEN_PX = 11;
const DESCRIPTION_MIN_ZOOM = 0.18;
/** The marker count is read from the back of the room: never under 40 px across on screen. */
const MARKER_MIN_SCREEN_RADIUS = 22;
const MARKER_FILL = '#0B4F4B';
/**
 * Text is laid out at one base size and drawn scaled: titles and descriptions grow as the view
 * zooms out (to stay readable), and laying them out at every zoom would fill the layout cache
 * with sizes used for one frame.
 */
const TITLE_BASE = AREA_TITLE_FONT_SIZE;
const TITLE_FONT = `bold ${TITLE_BASE}px ${FONT_FAMILY}`;
const DESCRIPTION_FONT = `${AREA_DESCRIPTION_FONT_SIZE}px ${FONT_FAMILY}`;

export interface DrawAreaOptions {
  /** Board-to-screen scale: titles keep a readable size on screen, borders stay hairlines. */
  zoom: number;
  editingTitle?: boolean;
  showGrip?: boolean;
  markers?: number | undefined;
}

function roundedRect(c: CanvasRenderingContext2D, w: number, h: number, r: number): void {
  c.beginPath();
  c.moveTo(r, 0);
  c.arcTo(w, 0, w, h, r);
  c.arcTo(w, h, 0, h, r);
  c.arcTo(0, h, 0, 0, r);
  c.arcTo(0, 0, w, 0, r);
  c.closePath();
}

/**
 * Draws one area (frame) in its own coordinates: the panel, then its words. Used by the PNG
 * export; the board draws the two passes separately (drawScene), so that zoomed out, where notes
 * are plain blocks, the blocks never cover an area's title.
 */
export function drawArea(c: CanvasRenderingContext2D, area: Area, options: DrawAreaOptions): void {
  drawAreaPanel(c, area, options);
  drawAreaLabels(c, area, options);
}

/** The pale panel, its border, the line under the title bar and the resize grip. */
export function drawAreaPanel(c: CanvasRenderingContext2D, area: Area, { zoom, showGrip = false }: DrawAreaOptions): void {
  const { w, h } = area.rect;
  const bar = areaTitleBarHeight(area, zoom);
  const border = AREA_BORDERS[area.color];

  roundedRect(c, w, h, Math.min(8, w / 20));
  c.fillStyle = AREA_COLORS[area.color];
  c.fill();
  c.lineWidth = 1 / zoom;
  c.strokeStyle = border;
  c.stroke();
  c.beginPath();
  c.moveTo(0, bar);
  c.lineTo(w, bar);
  c.stroke();

  if (showGrip) {
    const grip = RESIZE_HANDLE_SCREEN_PX / zoom;
    c.beginPath();
    c.moveTo(w - grip * 0.75, h - grip * 0.25);
    c.lineTo(w - grip * 0.25, h - grip * 0.75);
    c.lineTo(w - grip * 0.25, h - grip * 0.25);
    c.closePath();
    c.fillStyle = border;
    c.fill();
  }
}

/**
 * The title large at the top, the description under it and a marker count. The description
 * stays inside the band that note placement keeps free (areaHeaderHeight): zoomed out it is
 * drawn larger, so fewer of its lines fit and the last one ends in an ellipsis.
 */
export function drawAreaLabels(c: CanvasRenderingContext2D, area: Area, { zoom, editingTitle = false, markers }: DrawAreaOptions): void {
  const { w, h } = area.rect;
  const bar = areaTitleBarHeight(area, zoom);
  const font = areaTitleFontSize(zoom);
  const pad = areaPadding(w, font);

  c.textBaseline = 'middle';
  c.textAlign = 'start';
  if (!editingTitle) {
    const scale = font / TITLE_BASE;
    const room = Math.max(0, w - pad * 2) / scale;
    if (room > 0) {
      const line = fitLine(area.title === '' ? t('board.untitledArea') : area.title, TITLE_FONT, Math.floor(room));
      c.save();
      // Where titles sat when they were Konva Text nodes (a line 1.2 fonts high centred on the bar):
      // a tenth of a font above the bar's middle.
      c.translate(pad, bar / 2 - font * 0.1);
      c.scale(scale, scale);
      c.font = TITLE_FONT;
      c.fillStyle = area.title === '' ? PLACEHOLDER_COLOR : NOTE_TEXT_COLOR;
      c.fillText(line, 0, 0);
      c.restore();
    }
  }

  const showMarkers = markers !== undefined;
  const markerR = showMarkers ? Math.min(Math.max(AREA_MARKER_RADIUS, MARKER_MIN_SCREEN_RADIUS / zoom), Math.min(w, h - bar) / 3) : 0;
  const descFont = Math.max(AREA_DESCRIPTION_FONT_SIZE, DESCRIPTION_MIN_SCREEN_PX / zoom);
  // With a marker count, the words go beside it on a wide area, under it on a narrow one.
  const { width: descWidth, besideMarker } = descriptionLayout(w, pad, markerR, descFont);
  const descTop = bar + pad * 0.6 + (markerR > 0 && !besideMarker ? markerR * 2 + pad * 0.4 : 0);
  const scale = descFont / AREA_DESCRIPTION_FONT_SIZE;
  const lineBox = AREA_DESCRIPTION_LINE_HEIGHT * scale;
  const bandBottom = Math.min(areaHeaderHeight(area), h - pad);
  const descLines = Math.min(AREA_DESCRIPTION_MAX_LINES, Math.floor((bandBottom - descTop) / lineBox));
  if (area.description !== undefined && zoom >= DESCRIPTION_MIN_ZOOM && descLines >= 1 && descWidth > descFont * 6) {
    const lines = wrapText(area.description, DESCRIPTION_FONT, Math.floor(descWidth / scale), descLines);
    c.save();
    c.translate(pad, descTop);
    c.scale(scale, scale);
    c.font = DESCRIPTION_FONT;
    c.fillStyle = NOTE_TEXT_COLOR;
    for (let i = 0; i < lines.length; i++) c.fillText(lines[i]!, 0, AREA_DESCRIPTION_LINE_HEIGHT * (i + 0.5));
    c.restore();
  }

  if (showMarkers && markerR > 0) {
    const text = markers > 999 ? '999+' : String(markers);
    const cx = w - pad - markerR;
    const cy = bar + pad * 0.6 + markerR;
    c.beginPath();
    c.arc(cx, cy, markerR, 0, Math.PI * 2);
    c.fillStyle = MARKER_FILL;
    c.fill();
    c.lineWidth = 3 / zoom;
    c.strokeStyle = '#FFFFFF';
    c.stroke();
    c.font = `bold ${markerR * (text.length > 2 ? 0.75 : 1.05)}px ${FONT_FAMILY}`;
    c.fillStyle = '#FFFFFF';
    c.textAlign = 'center';
    c.fillText(text, cx, cy);
    c.textAlign = 'start';
  }
}
