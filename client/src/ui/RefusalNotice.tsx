import { t } from '../i18n/i18n.ts';
import type { BoardRefusalNotice } from '../sync/refusalLabel.ts';
import { Button } from './Button.tsx';

/**
 * The server did not take a change (the facilitator paused the board a moment before it
 * arrived, say). The board is already back in step; what the person typed is shown and kept.
 */
export function RefusalNotice({ notice, onDismiss }: { notice: BoardRefusalNotice; onDismiss?: () => void }) {
  return (
    <div className="connection connection--waiting" role="alert" data-refusal={notice.label}>
      <p>
        <span className="connection__dot" aria-hidden="true" />
        {notice.message} {notice.kept.length > 0 ? t('board.typedIsKept') : ''}
      </p>
      {notice.kept.map((k) => (
        <blockquote key={k.noteId}>{k.text}</blockquote>
      ))}
      {notice.final ? (
        <p>{t('board.loadAgain')}</p>
      ) : (
        onDismiss && (
          <Button variant="quiet" onClick={onDismiss}>
            {t('board.ok')}
          </Button>
        )
      )}
    </div>
  );
}
