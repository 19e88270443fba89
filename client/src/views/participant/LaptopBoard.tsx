// Loaded lazily (with Konva), only on a laptop: never part of a phone's load.
import { t } from '../../i18n/i18n.ts';
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { BoardCanvasView, ZoomControls } from '../../canvas/BoardCanvas.tsx';
import { EditorController } from '../../editor/EditorController.ts';
import { centerOn } from '../../editor/camera.ts';
import { keyInputOf, tabThroughNotes } from '../../editor/keyboard.ts';
import { useStore } from '../../hooks/useStore.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import type { FollowTarget } from './FollowBoard.tsx';
import './laptop.css';

/** What the person may do on the board now, in plain words. */
export function laptopBoardHint(rights: { writeBoard: boolean; createNote: boolean }, arranging: boolean): string {
  if (!rights.writeBoard) return t('board.laptopBoardPaused');
  const move = arranging
    ? t('board.laptopDragAnyone')
    : t('board.laptopDragOwn');
  return rights.createNote ? `${move} Double-click an empty spot to add a note there.` : move;
}

/**
 * The board beside a laptop participant's notes: the same canvas as the facilitator's, with what
 * the rules let this person do (client.boardRights, the rules the server checks): move their own
 * notes anywhere, everyone's in a step that lets people arrange the board (Word Association's
 * grouping), add notes where the step allows posting. Areas stay the facilitator's. While the
 * person follows the facilitator, the view goes where theirs does.
 */
export default function LaptopBoard({ client, follow }: { client: RoomClient; follow: FollowTarget | null }) {
  const editor = useMemo(() => new EditorController(client), [client]);
  const control = useStore(client.controlStore);
  const size = useStore(editor.viewport);
  // Rights change with the step and the lock: ask again when the session changes.
  const rights = useMemo(() => client.boardRights(), [client, control]);
  const arranging = control.steps[control.stepIndex]?.arrange === true;
  // What Tab on the board selected, read out politely.
  const [selected, setSelected] = useState('');

  const x = follow?.x;
  const y = follow?.y;
  const zoom = follow?.zoom;
  useEffect(() => {
    if (x === undefined || y === undefined || zoom === undefined || size.width === 0 || size.height === 0) return;
    editor.animateCamera(centerOn({ x, y }, size, zoom));
  }, [editor, x, y, zoom, size]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.defaultPrevented) return;
    // Tab and Shift+Tab go from note to note, as on the facilitator's board; past the last, on out.
    const announcement = tabThroughNotes(editor, e);
    if (announcement !== null) {
      e.preventDefault();
      setSelected(announcement);
      return;
    }
    if (editor.keyDown(keyInputOf(e))) e.preventDefault();
  };

  return (
    <section className="laptop-board" aria-labelledby="laptop-board-heading">
      <div className="laptop-board__bar">
        <h2 id="laptop-board-heading" className="laptop-board__title">
          {t('board.theBoard')}
        </h2>
        <p className="laptop-board__hint" aria-live="polite" data-testid="laptop-board-hint">
          {laptopBoardHint(rights, arranging)}
        </p>
      </div>
      <div
        className="laptop-board__canvas"
        tabIndex={0}
        role="group"
        aria-roledescription="board"
        aria-label={t('board.laptopBoardLabel')}
        onKeyDown={onKeyDown}
        onKeyUp={(e) => editor.keyUp({ key: e.key })}
        onBlur={() => editor.releaseSpace()}
      >
        <div className="canvas-fill">
          <div className="bc-wrap">
            <BoardCanvasView editor={editor} voteTotals={control.voting.totals} voteTarget={control.voting.target} />
            <ZoomControls editor={editor} />
          </div>
        </div>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {selected}
      </p>
    </section>
  );
}
