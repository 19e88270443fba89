import { t } from '../../i18n/i18n.ts';
import { useEffect, useRef } from 'react';
import type { EditorController } from '../../editor/EditorController.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { DisplaySettingsPanel } from '../../ui/DisplaySettingsPanel.tsx';
import { AccessibleBoard } from './AccessibleBoard.tsx';
import { NewNotesAnnouncer } from './NewNotesAnnouncer.tsx';
import { ReadAllNewNotesToggle, ReadAloudNotice } from '../../ui/ReadAloudButton.tsx';
import { useReadAllNewNotes } from '../../ui/useReadAllNewNotes.ts';

/** "Canvas" / "List" in the facilitator's header. */
export function ViewToggle({ asList, onChange }: { asList: boolean; onChange: (asList: boolean) => void }) {
  return (
    <div className="fv-view-toggle" role="group" aria-label={t('board.showBoardAs')}>
      <button type="button" className="fv-btn" aria-pressed={!asList} onClick={() => onChange(false)}>
        {t('board.canvas')}
      </button>
      <button type="button" className="fv-btn" aria-pressed={asList} onClick={() => onChange(true)}>
        {t('board.list')}
      </button>
    </div>
  );
}

/**
 * The facilitator's board as a list, over the left of the canvas (which stays mounted and
 * follows the focused note), with the announcements of new notes and the display settings.
 * While it is open, "Read all new notes" (in the settings) reads what arrives.
 */
export function FacilitatorListPanel({ client, editor, onClose }: { client: RoomClient; editor: EditorController; onClose: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  useReadAllNewNotes(client);
  return (
    <section className="fv-list-panel" aria-labelledby="fv-list-heading">
      <h2 id="fv-list-heading" ref={headingRef} tabIndex={-1} className="fv-list-panel__title">
        {t('board.boardAsList')}
      </h2>
      <ReadAloudNotice />
      <AccessibleBoard client={client} editor={editor} canEdit canDelete level={3} />
      <DisplaySettingsPanel className="fv-list-panel__settings">
        <ReadAllNewNotesToggle />
      </DisplaySettingsPanel>
      <button type="button" className="fv-btn fv-list-panel__close" onClick={onClose}>
        {t('board.backToCanvas')}
      </button>
    </section>
  );
}

/** Always on the facilitator's page: new notes are announced whether the list is open or not. */
export { NewNotesAnnouncer };
