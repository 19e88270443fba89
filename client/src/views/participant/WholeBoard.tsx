import { t } from '../../i18n/i18n.ts';
import { Component, Suspense, lazy, useEffect, useRef, useState, type ReactNode } from 'react';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { Button } from '../../ui/Button.tsx';
import { useStore } from '../../hooks/useStore.ts';
import { BoardList } from './BoardList.tsx';
import { NewNotesAnnouncer } from '../list/NewNotesAnnouncer.tsx';
import { DisplaySettingsPanel } from '../../ui/DisplaySettingsPanel.tsx';
import { ReadAllNewNotesToggle } from '../../ui/ReadAloudButton.tsx';
import type { FollowTarget } from './FollowBoard.tsx';

// Konva arrives only now, when the person asks to see the board: never on the first load.
// FollowBoard is the read-only board canvas whose camera can follow the facilitator's view; without
// a target it behaves like the plain board (one component, so stopping following does not jump).
const FollowBoard = lazy(() => import('./FollowBoard.tsx'));
// The accessible list (move, roving focus) also arrives only when asked for.
const AccessibleBoard = lazy(() => import('../list/AccessibleBoard.tsx').then((m) => ({ default: m.AccessibleBoard })));

/** If the board drawing cannot load (old browser, lost signal), the list still works. */
class CanvasBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

/**
 * The whole board on a phone: the drawn board (pan and zoom, nothing to change by accident)
 * or the same notes as a list. Opened on demand; "Back" returns to the note form.
 */
export interface WholeBoardProps {
  client: RoomClient;
  onClose: () => void;
  /** While following the facilitator: where they are looking (null until their view arrives). */
  follow?: { target: FollowTarget | null } | null;
}

export function WholeBoard({ client, onClose, follow = null }: WholeBoardProps) {
  const [asList, setAsList] = useState(false);
  const control = useStore(client.controlStore);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
    globalThis.scrollTo?.(0, 0);
  }, []);

  return (
    <section className="whole-board" aria-labelledby="whole-board-heading">
      <div className="whole-board__bar">
        <h2 id="whole-board-heading" ref={headingRef} tabIndex={-1} className="visually-hidden">
          {t('phone.theWholeBoard')}
        </h2>
        <Button variant="secondary" onClick={onClose}>
          <span aria-hidden="true" className="flip-in-rtl">
            ←
          </span>{' '}
          {t('board.back')}
          <span className="visually-hidden"> {t('board.backToMyNotes')}</span>
        </Button>
        <Button variant="quiet" className="whole-board__toggle" onClick={() => setAsList((v) => !v)} aria-pressed={asList}>
          {asList ? t('board.showDrawing') : t('board.showAsList')}
        </Button>
      </div>
      {asList ? (
        <div className="whole-board__list">
          <Suspense fallback={<BoardList client={client} />}>
            <AccessibleBoard client={client} level={3} canMove={!control.locked} />
          </Suspense>
        </div>
      ) : (
        <>
          <p className="visually-hidden">{t('board.drawingNotReadOut')}</p>
          <div className="whole-board__canvas">
            <div className="canvas-fill">
              <CanvasBoundary
                fallback={
                  <div className="whole-board__fallback">
                    <p>{t('board.drawingCouldNotLoad')}</p>
                    <BoardList client={client} />
                  </div>
                }
              >
                <Suspense fallback={<p className="whole-board__loading">{t('board.loadingBoard')}</p>}>
                  <FollowBoard client={client} target={follow?.target ?? null} />
                </Suspense>
              </CanvasBoundary>
            </div>
          </div>
          <p className="whole-board__hint muted">
            {follow
              ? follow.target
                ? t('board.seeingFacilitatorsView')
                : t('board.waitingForFacilitatorsView')
              : t('board.dragToMove')}
          </p>
        </>
      )}
      <NewNotesAnnouncer client={client} />
      <DisplaySettingsPanel className="whole-board__settings">
        <ReadAllNewNotesToggle />
      </DisplaySettingsPanel>
    </section>
  );
}
