import { useState } from 'react';
import { NOTE_HEIGHT, NOTE_WIDTH } from '@tributary/shared/board/note';
import type { ControlState } from '@tributary/shared/control/state';
import type { VoteTarget } from '@tributary/shared/control/steps';
import type { EditorController } from '../editor/EditorController.ts';
import { useStore } from '../hooks/useStore.ts';
import { t } from '../i18n/i18n.ts';
import { noteImagesOf } from '../sync/noteImages.ts';

/**
 * "Download picture of the board" (or of the selection, when something is selected): a PNG at
 * twice the board's resolution, with links, vote badges and tags as on the board, and the
 * session's results under it (word cloud, vote bars, marker rounds, whole cards). The drawing
 * code (exportPng.ts, resultsPicture.ts) loads only when asked for.
 */
export function ExportPictureButton({
  editor,
  title,
  voteTotals = null,
  voteTarget = 'notes',
  control = null,
}: {
  editor: EditorController;
  title: string;
  /** Vote totals once shown: the picture carries the same badges (or area markers) as the board. */
  voteTotals?: Readonly<Record<string, number>> | null;
  voteTarget?: VoteTarget;
  /** The session's script, votes and marker rounds: the picture of the whole board carries its results. */
  control?: Pick<ControlState, 'steps' | 'voting' | 'markerRounds'> | null;
}) {
  const selection = useStore(editor.selection);
  const [state, setState] = useState<'idle' | 'busy' | 'empty' | 'failed'>('idle');
  const selected = selection.areas.size + selection.notes.size > 0;
  const label = selected ? t('board.downloadSelection') : t('board.downloadBoard');
  const onClick = async () => {
    setState('busy');
    try {
      const [{ downloadBoardPng, unionOf }, { pictureResults }] = await Promise.all([import('./exportPng.ts'), import('./resultsPicture.ts')]);
      const board = editor.client.boardStore.get();
      const results = selected || !control ? null : pictureResults(board, control);
      const only = selected
        ? unionOf([
            ...[...selection.areas].flatMap((id) => {
              const area = board.areas.get(id);
              return area ? [area.rect] : [];
            }),
            ...[...selection.notes].flatMap((id) => {
              const note = board.notes.get(id);
              return note ? [{ x: note.pos.x, y: note.pos.y, w: NOTE_WIDTH, h: NOTE_HEIGHT }] : [];
            }),
          ])
        : null;
      // Picture notes' pictures first, so the file shows them (not the pale box of one still on its way).
      const images = noteImagesOf(editor.client);
      if (images) await Promise.all([...board.notes.values()].flatMap((n) => (n.imageId ? [images.whenDrawn(n.imageId)] : [])));
      setState(downloadBoardPng(board, title, only, { voteTotals, voteTarget, results, images }) ? 'idle' : 'empty');
    } catch {
      setState('failed');
    }
  };
  const shown =
    state === 'empty' ? t('board.nothingToDraw') : state === 'failed' ? t('board.pictureFailed') : selected ? t('board.pictureOfSelection') : t('board.picture');
  return (
    <button
      type="button"
      className="fv-btn"
      aria-busy={state === 'busy' || undefined}
      aria-label={state === 'idle' || state === 'busy' ? label : t('board.pictureStateLabel', { state: shown, label })}
      title={label}
      onClick={() => void onClick()}
    >
      <span aria-live="polite">{shown}</span>
    </button>
  );
}
