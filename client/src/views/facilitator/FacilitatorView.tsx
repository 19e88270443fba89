import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { formatJoinCode } from '@tributary/shared/joinCode';
import { BoardCanvasView } from '../../canvas/BoardCanvas.tsx';
import { isEditable, keyInputOf, tabThroughNotes } from '../../editor/keyboard.ts';
import { ExportPictureButton } from '../../canvas/ExportPictureButton.tsx';
import { EditorController } from '../../editor/EditorController.ts';
import { shareViewport } from '../../editor/followViewport.ts';
import { presenceSummary } from '../../editor/presence.ts';
import { useStore } from '../../hooks/useStore.ts';
import { ApiError } from '../../sync/api.ts';
import { facilitatorApi } from '../../sync/facilitatorApi.ts';
import type { ConnectionState, RoomClient } from '../../sync/RoomClient.ts';
import { ConnectionBanner } from '../../ui/ConnectionBanner.tsx';
import { JoinPanel } from '../../ui/JoinPanel.tsx';
import { SessionEndedGate } from '../../ui/SessionEndedGate.tsx';
import { CloseIcon, PeopleIcon, FacilitationIcon } from './icons.tsx';
import { PresencePanel } from './PresencePanel.tsx';
import { SelectionToolbar } from './SelectionToolbar.tsx';
import { FacilitationPanel } from './FacilitationPanel.tsx';
import type { FacilitationTab } from './FacilitationTabs.tsx';
import { useNarrow } from './facilitationHooks.ts';
import { Toolbar } from './Toolbar.tsx';
import './facilitator.css';
import { FacilitatorListPanel, NewNotesAnnouncer, ViewToggle } from '../list/FacilitatorList.tsx';
import './facilitation.css';
import { t } from '../../i18n/i18n.ts';

type Panel = 'people' | 'join' | null;

function connectionText(c: ConnectionState): { text: string; tone: 'ok' | 'waiting' | 'closed' } {
  switch (c.status) {
    case 'connected':
      return c.synced ? { text: t('facilitator.connected'), tone: 'ok' } : { text: t('facilitator.loadingBoard'), tone: 'waiting' };
    case 'connecting':
      return { text: t('facilitator.connecting'), tone: 'waiting' };
    case 'offline':
      return { text: t('facilitator.offline'), tone: 'waiting' };
    case 'closed':
      return { text: t('facilitator.roomClosed'), tone: 'closed' };
  }
}

/**
 * The facilitator's board: header (title, connection, people, join code), tools, the canvas
 * filling the rest, and a selection bar while something is selected.
 */
export default function FacilitatorView({
  client,
  joinCode,
  joinLink,
  title,
}: {
  client: RoomClient;
  joinCode: string;
  joinLink: string;
  title: string;
}) {
  const editor = useMemo(() => new EditorController(client), [client]);
  const connection = useStore(client.connection);
  const control = useStore(client.controlStore);
  const people = useStore(editor.people);
  const [panel, setPanel] = useState<Panel>(null);
  const narrow = useNarrow();
  // The facilitation panel starts open beside the board on a laptop, closed on a phone.
  const [facilitationOpen, setFacilitationOpen] = useState(() => globalThis.matchMedia?.('(max-width: 720px)').matches !== true);
  const facilitationSheet = facilitationOpen && narrow;
  // Kept here, so closing and opening the panel comes back to the same tab.
  const [facilitationTab, setFacilitationTab] = useState<FacilitationTab>('now');
  const facilitationButton = useRef<HTMLButtonElement>(null);
  const closeFacilitation = useCallback(() => {
    setFacilitationOpen(false);
    requestAnimationFrame(() => facilitationButton.current?.focus());
  }, []);
  const roomTitle = title || control.title || t('facilitator.workshopBoard');
  const status = connectionText(connection);
  // The board as a list (screen readers, keyboards): beside the canvas, which stays mounted.
  const [asList, setAsList] = useState(false);
  // What Tab on the board selected, read out politely ("Selected note: hope, in Theme 1").
  const [boardAnnouncement, setBoardAnnouncement] = useState('');

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      if (e.key === 'Escape' && panel && !isEditable(e.target)) {
        setPanel(null);
        e.preventDefault();
        return;
      }
      if (e.key === 'Escape' && facilitationSheet && !isEditable(e.target)) {
        closeFacilitation();
        e.preventDefault();
        return;
      }
      if (editor.keyDown(keyInputOf(e))) e.preventDefault();
    };
    const onKeyUp = (e: KeyboardEvent) => editor.keyUp({ key: e.key });
    const onBlur = () => editor.releaseSpace();
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', onBlur);
    };
  }, [editor, panel, facilitationSheet, closeFacilitation]);

  // "Bring everyone here": while it is on, share where this screen is looking.
  const following = control.follow.active;
  useEffect(() => {
    if (!following) return;
    return shareViewport(editor, (partial) => client.setPresence(partial));
  }, [following, editor, client]);

  const hideNotes = useCallback(
    async (noteIds: readonly string[]): Promise<string | null> => {
      try {
        for (const noteId of noteIds) await facilitatorApi.command(client.roomId, client.session.token, { type: 'note.hide', noteId });
        return null;
      } catch (err) {
        return err instanceof ApiError ? err.message : t('facilitator.hideFailed');
      }
    },
    [client],
  );

  useEffect(() => {
    const previous = document.title;
    document.title = `${roomTitle} · Tributary`;
    return () => {
      document.title = previous;
    };
  }, [roomTitle]);

  const toggle = (which: Exclude<Panel, null>) => {
    setPanel((p) => (p === which ? null : which));
    if (narrow) setFacilitationOpen(false);
  };
  const toggleFacilitation = () => {
    setFacilitationOpen((open) => !open);
    if (narrow) setPanel(null);
  };
  const code = joinCode ? formatJoinCode(joinCode) : '';

  return (
    <SessionEndedGate client={client} who="facilitator">
    <div className="fv">
      <header className="fv-header">
        <h1 className="fv-header__title" title={roomTitle}>
          {roomTitle}
        </h1>
        <p className={`fv-status fv-status--${status.tone}`} role="status">
          <span className="fv-status__dot" aria-hidden="true" />
          <span className="fv-status__text">{status.text}</span>
        </p>
        <div className="fv-header__actions">
          <ViewToggle asList={asList} onChange={setAsList} />
          {/* Also under "Results and export"; left out of a phone's header, which must fit 320 px. */}
          <span className="fv-header__picture">
            <ExportPictureButton editor={editor} title={roomTitle} voteTotals={control.voting.totals} voteTarget={control.voting.target} control={control} />
          </span>
          <button
            type="button"
            ref={facilitationButton}
            className="fv-btn fv-btn--session"
            aria-expanded={facilitationOpen}
            aria-controls={facilitationOpen ? 'fv-session' : undefined}
            title={facilitationOpen ? t('facilitator.hideSessionPanel') : t('facilitator.showSessionPanel')}
            onClick={toggleFacilitation}
          >
            <FacilitationIcon />
            <span>{t('facilitator.session')}</span>
          </button>
          <button
            type="button"
            className="fv-btn fv-btn--here"
            aria-expanded={panel === 'people'}
            aria-controls={panel === 'people' ? 'fv-people' : undefined}
            aria-label={t('facilitator.hereLabel', { count: people.length, summary: presenceSummary(people) })}
            title={t('facilitator.whoIsHere')}
            onClick={() => toggle('people')}
          >
            <PeopleIcon />
            <span>{t('facilitator.here', { count: people.length })}</span>
          </button>
          {joinCode && (
            <button
              type="button"
              className="fv-btn fv-btn--code"
              aria-expanded={panel === 'join'}
              aria-controls={panel === 'join' ? 'fv-join' : undefined}
              title={t('facilitator.showHowToJoin')}
              onClick={() => toggle('join')}
            >
              <span className="fv-btn__text">{t('facilitator.joinCode')}</span>
              <span className="fv-code">{code}</span>
            </button>
          )}
        </div>
      </header>
      <Toolbar editor={editor} />
      <div className="fv-body">
      <main className="fv-main" aria-label={t('facilitator.tabBoard')}>
        {connection.status === 'closed' && (
          <div className="fv-banner">
            <ConnectionBanner client={client} closedAction={false} />
          </div>
        )}
        <p className="visually-hidden">
          {t('facilitator.boardNotReadOut')}
        </p>
        <div
          className="fv-board-focus"
          tabIndex={0}
          role="group"
          aria-roledescription="board"
          aria-label={t('facilitator.boardFocusLabel')}
          onKeyDown={(e) => {
            const announcement = tabThroughNotes(editor, e);
            if (announcement === null) return;
            e.preventDefault();
            setBoardAnnouncement(announcement);
          }}
        >
          <BoardCanvasView editor={editor} voteTotals={control.voting.totals} voteTarget={control.voting.target} />
        </div>
        <p className="visually-hidden" aria-live="polite">
          {boardAnnouncement}
        </p>
        <NewNotesAnnouncer client={client} />
        {asList && <FacilitatorListPanel client={client} editor={editor} onClose={() => setAsList(false)} />}
        <SelectionToolbar editor={editor} onHide={hideNotes} step={{ areaId: control.areaId, mode: control.mode, linkRole: control.steps[control.stepIndex]?.linkRole }} />
        {panel === 'people' && <PresencePanel editor={editor} client={client} onClose={() => setPanel(null)} />}
        {panel === 'join' && (
          <section id="fv-join" className="fv-popover fv-join" aria-label={t('facilitator.howPeopleJoin')}>
            <div className="fv-popover__head">
              <h2 className="fv-popover__title">{t('facilitator.invitePeople')}</h2>
              <button type="button" className="fv-btn fv-btn--icon" onClick={() => setPanel(null)} aria-label={t('facilitator.closeJoinPanel')} title={t('facilitator.close')}>
                <CloseIcon />
              </button>
            </div>
            <JoinPanel joinCode={joinCode} joinLink={joinLink} compact />
          </section>
        )}
      </main>
      {facilitationOpen && (
        <FacilitationPanel
          client={client}
          editor={editor}
          title={roomTitle}
          tab={facilitationTab}
          onTab={setFacilitationTab}
          sheet={narrow}
          onClose={closeFacilitation}
          onShowPeople={() => {
            if (narrow) setFacilitationOpen(false);
            setPanel('people');
          }}
        />
      )}
      </div>
    </div>
    </SessionEndedGate>
  );
}
