import { memo } from 'react';
import { Group, Label, Layer, Line, Tag, Text } from 'react-konva';
import type { EditorController } from '../editor/EditorController.ts';
import { boardToScreen, type Camera } from '../editor/camera.ts';
import { FONT_FAMILY } from '../editor/layout.ts';
import { displayName } from '../editor/presence.ts';
import { useStore } from '../hooks/useStore.ts';

const ARROW = [0, 0, 0, 17, 4.5, 13, 8, 20.5, 11, 19.2, 7.6, 11.8, 13, 11.8];

const Cursor = memo(function Cursor({ x, y, color, name }: { x: number; y: number; color: string; name: string }) {
  return (
    <Group x={x} y={y} listening={false}>
      <Line points={ARROW} closed fill={color} stroke="#FFFFFF" strokeWidth={1.5} perfectDrawEnabled={false} listening={false} />
      <Label x={12} y={20} listening={false}>
        <Tag fill={color} cornerRadius={4} listening={false} />
        <Text text={name} fontSize={12} fontFamily={FONT_FAMILY} fill="#FFFFFF" padding={4} listening={false} perfectDrawEnabled={false} />
      </Label>
    </Group>
  );
});

/**
 * Other people's pointers. Its own layer, drawn in screen space (arrows stay the same size at
 * every zoom), so the frequent cursor updates redraw only this layer.
 */
export function CursorsLayer({ editor, camera }: { editor: EditorController; camera: Camera }) {
  const users = useStore(editor.client.presence);
  return (
    <Layer listening={false}>
      {users.map((user) => {
        if (user.isSelf || !user.cursor) return null;
        const p = boardToScreen(camera, user.cursor);
        return <Cursor key={user.clientId} x={Math.round(p.x)} y={Math.round(p.y)} color={user.color} name={displayName(user)} />;
      })}
    </Layer>
  );
}
