import { memo } from 'react';
import { Group, Line, Rect, Text } from 'react-konva';
import { AREA_COLORS, NOTE_TEXT_COLOR, type Area } from '@tributary/shared';
import { FONT_FAMILY, RESIZE_HANDLE_SCREEN_PX, areaTitleBarHeight, areaTitleFontSize } from '../editor/layout.ts';
import { AREA_BORDERS, PLACEHOLDER_COLOR } from './colors.ts';

export interface AreaNodeProps {
  area: Area;
  zoom: number;
  /** Its title is being edited in the HTML overlay. */
  editingTitle: boolean;
  showGrip: boolean;
}

/** An area (frame): a pale panel, its title large at the top, a resize grip in the corner. */
export const AreaNode = memo(function AreaNode({ area, zoom, editingTitle, showGrip }: AreaNodeProps) {
  const { w, h } = area.rect;
  const bar = areaTitleBarHeight(area, zoom);
  const font = areaTitleFontSize(zoom);
  const pad = Math.min(font * 0.6, w / 8);
  const border = AREA_BORDERS[area.color];
  const grip = RESIZE_HANDLE_SCREEN_PX / zoom;
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
