import { forwardRef, useCallback } from 'react';
import { Layer, Shape } from 'react-konva';
import type Konva from 'konva';
import type { EditorController } from '../editor/EditorController.ts';
import { boardToScreen } from '../editor/camera.ts';
import { FONT_FAMILY } from '../editor/layout.ts';
import { displayName } from '../editor/presence.ts';
import { useStore } from '../hooks/useStore.ts';

const ARROW = [0, 0, 0, 17, 4.5, 13, 8, 20.5, 11, 19.2, 7.6, 11.8, 13, 11.8];
const LABEL_FONT = `12px ${FONT_FAMILY}`;
const LABEL_PAD = 4;

function drawCursor(c: CanvasRenderingContext2D, x: number, y: number, color: string, name: string): void {
  c.save();
  c.translate(x, y);
  c.beginPath();
  c.moveTo(ARROW[0]!, ARROW[1]!);
  for (let i = 2; i < ARROW.length; i += 2) c.lineTo(ARROW[i]!, ARROW[i + 1]!);
  c.closePath();
  c.fillStyle = color;
  c.fill();
  c.lineWidth = 1.5;
  c.strokeStyle = '#FFFFFF';
  c.stroke();
  c.font = LABEL_FONT;
  const w = Math.ceil(c.measureText(name).width) + LABEL_PAD * 2;
  const h = 12 + LABEL_PAD * 2;
  const lx = 12;
  const ly = 20;
  c.beginPath();
  c.roundRect(lx, ly, w, h, 4);
  c.fill();
  c.fillStyle = '#FFFFFF';
  c.textBaseline = 'middle';
  c.fillText(name, lx + LABEL_PAD, ly + h / 2);
  c.restore();
}

/**
 * Other people's pointers. Its own layer, drawn in screen space (arrows stay the same size at
 * every zoom) by one shape that reads the camera when it draws: a pan redraws this layer
 * without React, and the frequent cursor updates redraw only this layer. Hidden when nobody
 * else points at the board, so it costs nothing then.
 */
export const CursorsLayer = forwardRef<Konva.Layer, { editor: EditorController }>(function CursorsLayer({ editor }, ref) {
  const users = useStore(editor.client.presence);
  const cursors = users.filter((u) => !u.isSelf && u.cursor);
  const sceneFunc = useCallback(
    (context: Konva.Context) => {
      const c = context._context;
      const camera = editor.camera.get();
      for (const user of cursors) {
        const p = boardToScreen(camera, user.cursor!);
        drawCursor(c, Math.round(p.x), Math.round(p.y), user.color, displayName(user));
      }
    },
    [editor, cursors],
  );
  return (
    <Layer ref={ref} listening={false} visible={cursors.length > 0}>
      <Shape sceneFunc={sceneFunc} listening={false} perfectDrawEnabled={false} />
    </Layer>
  );
});
