// Loaded lazily (with Konva), only when someone opens the board: never on a phone's first load.
import { useEffect, useMemo } from 'react';
import { BoardCanvasView, ZoomControls } from '../../canvas/BoardCanvas.tsx';
import { EditorController } from '../../editor/EditorController.ts';
import { centerOn } from '../../editor/camera.ts';
import { useStore } from '../../hooks/useStore.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import type { PresenceState } from '../../sync/presenceState.ts';

export type FollowTarget = NonNullable<PresenceState['viewport']>;

/**
 * The read-only board, with its camera kept on the facilitator's view while the person follows.
 * Convention for the facilitator's presence `viewport`: `x`, `y` are the board point at the
 * centre of their screen and `zoom` their zoom, so any screen size can show the same place.
 * The person may still pan and zoom; the next move of the facilitator brings them back.
 */
export default function FollowBoard({ client, target }: { client: RoomClient; target: FollowTarget | null }) {
  const editor = useMemo(() => new EditorController(client, { readOnly: true }), [client]);
  const size = useStore(editor.viewport);
  const x = target?.x;
  const y = target?.y;
  const zoom = target?.zoom;
  useEffect(() => {
    if (x === undefined || y === undefined || zoom === undefined || size.width === 0 || size.height === 0) return;
    editor.animateCamera(centerOn({ x, y }, size, zoom));
  }, [editor, x, y, zoom, size]);
  return (
    <div className="bc-wrap">
      <BoardCanvasView editor={editor} readOnly />
      <ZoomControls editor={editor} />
    </div>
  );
}
