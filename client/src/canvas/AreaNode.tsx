import { memo } from 'react';
import { Circle, Group, Line, Rect, Text } from 'react-konva';
import { AREA_COLORS, NOTE_TEXT_COLOR, type Area } from '@tributary/shared';
import { FONT_FAMILY, RESIZE_HANDLE_SCREEN_PX, areaTitleBarHeight, areaTitleFontSize } from '../editor/layout.ts';
import { AREA_BORDERS, PLACEHOLDER_COLOR } from './colors.ts';

export interface AreaNodeProps {
  area: Area;
  zoom: number;
  /** Its title is being edited in the HTML overlay. */
  editingTitle: boolean;
  showGrip: boolean;
  /** Markers placed on the area in a marker round, once totals are shown (a big number). */
  markers?: number;
}

/** The description (a table's question, a river stage's words), in board units at zoom 1. */
const DESCRIPTION_FONT_SIZE = 20;
/** Never smaller than this on screen; below MIN_ZOOM the description is left out (noise at that size). */
const DESCRIPTION_MIN_SCREEN_PX = 11;
const DESCRIPTION_MIN_ZOOM = 0.18;
const DESCRIPTION_MAX_LINES = 6;
/** The marker count is read from the back of the room: never under 40 px across on screen. */
const MARKER_MIN_SCREEN_RADIUS = 22;
const MARKER_RADIUS = 48;
const MARKER_FILL = '#0B4F4B';

/** An area (frame): a pale panel, its title large at the top, a resize grip in the corner. */
export const AreaNode = memo(function AreaNode({ area, zoom, editingTitle, showGrip, markers }: AreaNodeProps) {
  const { w, h } = area.rect;
  const bar = areaTitleBarHeight(area, zoom);
  const font = areaTitleFontSize(zoom);
  const pad = Math.min(font * 0.6, w / 8);
  const border = AREA_BORDERS[area.color];
  const grip = RESIZE_HANDLE_SCREEN_PX / zoom;
  const showMarkers = markers !== undefined;
  const markerR = showMarkers ? Math.min(Math.max(MARKER_RADIUS, MARKER_MIN_SCREEN_RADIUS / zoom), Math.min(w, h - bar) / 3) : 0;
  const markerText = markers !== undefined ? (markers > 999 ? '999+' : String(markers)) : '';
  const descFont = Math.max(DESCRIPTION_FONT_SIZE, DESCRIPTION_MIN_SCREEN_PX / zoom);
  // With a marker count, the words go beside it on a wide area, under it on a narrow one.
  const besideWidth = w - pad * 3 - markerR * 2;
  const beside = showMarkers && markerR > 0 && besideWidth > descFont * 12;
  const descTop = bar + pad * 0.6 + (showMarkers && markerR > 0 && !beside ? markerR * 2 + pad * 0.4 : 0);
  const descWidth = Math.max(0, beside ? besideWidth : w - pad * 2);
  const descLines = Math.min(DESCRIPTION_MAX_LINES, Math.floor((h - descTop - pad) / (descFont * 1.3)));
  const showDescription =
    area.description !== undefined && zoom >= DESCRIPTION_MIN_ZOOM && descLines >= 1 && descWidth > descFont * 6;
  return (
    <Group x={area.rect.x} y={area.rect.y} listening={false}>
      <Rect
        width={w}
        height={h}
        fill={AREA_COLORS[area.color]}
        stroke={border}
        strokeWidth={1}
        strokeScaleEnabled={false}
        cornerRadius={Math.min(8, w / 20)}
        perfectDrawEnabled={false}
        listening={false}
      />
      <Line points={[0, bar, w, bar]} stroke={border} strokeWidth={1} strokeScaleEnabled={false} perfectDrawEnabled={false} listening={false} />
      {!editingTitle && (
        <Text
          x={pad}
          y={(bar - font * 1.2) / 2}
          width={Math.max(0, w - pad * 2)}
          height={font * 1.25}
          text={area.title === '' ? 'Untitled area' : area.title}
          fontSize={font}
          fontStyle="bold"
          fontFamily={FONT_FAMILY}
          fill={area.title === '' ? PLACEHOLDER_COLOR : NOTE_TEXT_COLOR}
          wrap="none"
          ellipsis
          perfectDrawEnabled={false}
          listening={false}
        />
      )}
      {showDescription && (
        <Text
          x={pad}
          y={descTop}
          width={descWidth}
          height={descFont * 1.3 * descLines}
          text={area.description}
          fontSize={descFont}
          lineHeight={1.3}
          fontFamily={FONT_FAMILY}
          fill={NOTE_TEXT_COLOR}
          wrap="word"
          ellipsis
          perfectDrawEnabled={false}
          listening={false}
        />
      )}
      {showMarkers && markerR > 0 && (
        <Group x={w - pad - markerR} y={bar + pad * 0.6 + markerR} listening={false}>
          <Circle radius={markerR} fill={MARKER_FILL} stroke="#FFFFFF" strokeWidth={3} strokeScaleEnabled={false} perfectDrawEnabled={false} listening={false} />
          <Text
            x={-markerR}
            y={-markerR * 0.62}
            width={markerR * 2}
            height={markerR * 1.24}
            text={markerText}
            fontSize={markerR * (markerText.length > 2 ? 0.75 : 1.05)}
            fontStyle="bold"
            fontFamily={FONT_FAMILY}
            fill="#FFFFFF"
            align="center"
            verticalAlign="middle"
            perfectDrawEnabled={false}
            listening={false}
          />
        </Group>
      )}
      {showGrip && (
        <Line
          points={[w - grip * 0.75, h - grip * 0.25, w - grip * 0.25, h - grip * 0.75, w - grip * 0.25, h - grip * 0.25]}
          closed
          fill={border}
          perfectDrawEnabled={false}
          listening={false}
        />
      )}
    </Group>
  );
});
