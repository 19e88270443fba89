import { t } from '../../i18n/i18n.ts';
import { useId, useMemo, useState } from 'react';
import { AREA_COLORS } from '@tributary/shared/board/colors';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { api } from '../../sync/api.ts';
import { requestProblem } from './requestProblem.ts';
import { useStore } from '../../hooks/useStore.ts';
import { useMyBallot } from './useMyBallot.ts';
import { Button } from '../../ui/Button.tsx';
import { markerAreas, markerRoundTitle, peopleHere } from './methods.ts';

/**
 * Markers on areas (Recovery River stages, ladder rungs): "I'm here" places this person's
 * marker; "Move my marker" takes it back so they can place it elsewhere. Only counts are ever
 * shown, never who.
 */
export function Markers({ client, announce }: { client: RoomClient; announce: (message: string) => void }) {
  const control = useStore(client.controlStore);
  const board = useStore(client.boardStore);
  const { open, budget, totals } = control.voting;
  const { mine, setMine, setRemaining, left } = useMyBallot(client);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState('');
  const headingId = useId();


  const role = control.voting.role;
  const areas = useMemo(() => markerAreas(board.areas, role), [board.areas, role]);
  const placed = Object.entries(mine).filter(([, n]) => n > 0);
  const roundTitle = markerRoundTitle(control);

  const send = async (areaId: string, delta: 1 | -1): Promise<boolean> => {
    const reply = await api.vote(client.roomId, client.session.token, { areaId }, delta);
    setRemaining(reply.remaining);
    setMine(reply.mine);
    return true;
  };

  const place = async (areaId: string, title: string) => {
    if (busy) return;
    setBusy(areaId);
    setProblem('');
    try {
      // With one marker, "I'm here" somewhere else moves it: take back the old one first.
      if (left === 0 && budget === 1) {
        for (const [from] of placed) await send(from, -1);
      }
      await send(areaId, 1);
      announce(t('parts.markerOn', { title }));
    } catch (error) {
      const text = requestProblem(error);
      setProblem(text);
      announce(text);
    } finally {
      setBusy(null);
    }
  };

  const takeBack = async (areaId: string) => {
    if (busy) return;
    setBusy(areaId);
    setProblem('');
    try {
      await send(areaId, -1);
      announce(t('parts.markerTakenBack'));
    } catch (error) {
      const text = requestProblem(error);
      setProblem(text);
      announce(text);
    } finally {
      setBusy(null);
    }
  };

  if (!open && !totals) return null;

  return (
    <section className="card markers" aria-labelledby={headingId}>
      <h2 id={headingId}>{open ? t('parts.placeMarkers', { count: budget }) : t('parts.whereMarkersAre')}</h2>
      {roundTitle && (
        <p className="markers__round" dir="auto">
          {roundTitle}
        </p>
      )}
      {open && (
        <p className="voting__left" aria-live="polite">
          {left === 0 ? t('parts.markersPlaced', { count: budget }) : budget === 1 ? t('parts.markerChoose') : t('parts.markersLeft', { count: left })}
        </p>
      )}
      <p className="muted">{t('parts.markersNeverWho')}</p>
      <ol className="markers__list">
        {areas.map((area) => {
          const given = mine[area.id] ?? 0;
          const total = totals ? (totals[area.id] ?? 0) : null;
          const titleId = `${headingId}-${area.id}`;
          return (
            <li key={area.id} className={`marker-area${given > 0 ? ' marker-area--mine' : ''}`} style={{ borderInlineStartColor: AREA_COLORS[area.color] }}>
              <h3 className="marker-area__title" id={titleId} dir="auto">
                {area.title || t('parts.untitled')}
              </h3>
              {area.description && (
                <p className="marker-area__text" dir="auto">
                  {area.description}
                </p>
              )}
              {(total !== null || given > 0) && (
                <p className="marker-area__meta">
                  {total !== null && <strong>{peopleHere(total)}</strong>}
                  {total !== null && given > 0 && ' · '}
                  {given > 0 && <span className="marker-area__mine">{t('parts.yourMarkersHere', { count: given })}</span>}
                </p>
              )}
              {open && (
                <div className="button-row">
                  {given > 0 ? (
                    <Button variant="secondary" block onClick={() => takeBack(area.id)} busy={busy === area.id} aria-describedby={titleId}>
                      {t('parts.moveMarker')}
                    </Button>
                  ) : (
                    <Button
                      block
                      onClick={() => place(area.id, area.title || t('parts.thisStage'))}
                      busy={busy === area.id}
                      unavailable={left === 0 && budget !== 1}
                      aria-describedby={titleId}
                    >
                      {t('parts.imHere')}
                    </Button>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {problem && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
