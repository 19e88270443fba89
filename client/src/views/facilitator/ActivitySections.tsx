import { useEffect, useId, useMemo, useState } from 'react';
import { DEFAULT_VOTE_BUDGET, type ControlState } from '@tributary/shared/control/state';
import { useStore } from '../../hooks/useStore.ts';
import { ApiError } from '../../sync/api.ts';
import { facilitatorApi } from '../../sync/facilitatorApi.ts';
import { t } from '../../i18n/i18n.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { ConfirmBar, Feedback, PanelSection } from './FacilitationParts.tsx';
import { markerPlace, topNotes, votingWords } from './facilitationLogic.ts';
import { useCommand } from './facilitationHooks.ts';

/** Private writing: how many notes are sealed, and the one-way reveal. */
export function PrivateSection({ client, control }: { client: RoomClient; control: ControlState }) {
  const cmd = useCommand(client);
  const [confirming, setConfirming] = useState(false);
  const n = control.sealedCount;
  return (
    <PanelSection title={t('facilitator.privateWriting')}>
      {control.revealed ? (
        <p className="fv-sec__big">{t('facilitator.notesRevealed')}</p>
      ) : (
        <>
          <p className="fv-sec__big">{t('facilitator.notesSealed', { count: n })}</p>
          <p className="fv-hint">{t('facilitator.sealedHint')}</p>
          {confirming ? (
            <ConfirmBar
              question={t('facilitator.revealQuestion', { count: n })}
              confirmLabel={t('facilitator.revealConfirm')}
              busy={cmd.busy}
              onConfirm={async () => {
                if (await cmd.run({ type: 'reveal' })) setConfirming(false);
              }}
              onCancel={() => setConfirming(false)}
            />
          ) : (
            <button type="button" className="fv-btn fv-btn--primary" aria-busy={cmd.busy || undefined} onClick={() => setConfirming(true)}>
              {t('facilitator.revealAll')}
            </button>
          )}
        </>
      )}
      <Feedback state={cmd} />
    </PanelSection>
  );
}

/** Anonymous notes waiting for a batch, releasing them early, and the room's default. */
export function AnonymousSection({ client, control, showWaiting }: { client: RoomClient; control: ControlState; showWaiting: boolean }) {
  const cmd = useCommand(client);
  const toggle = useCommand(client);
  const [confirming, setConfirming] = useState(false);
  const n = control.pendingAnonymous;
  const checkboxId = useId();
  useEffect(() => {
    if (n === 0) setConfirming(false);
  }, [n]);
  return (
    <PanelSection title={t('facilitator.anonymousNotes')}>
      {showWaiting && (
        <>
          <p className="fv-sec__big">{t('facilitator.anonymousWaiting', { count: n })}</p>
          <p className="fv-hint">{t('facilitator.anonymousHint')}</p>
          {confirming ? (
            <ConfirmBar
              tone={n < 3 ? 'caution' : 'normal'}
              question={
                n < 3
                  ? t('facilitator.releaseFewQuestion', { count: n })
                  : t('facilitator.releaseQuestion', { count: n })
              }
              confirmLabel={t('facilitator.releaseConfirm')}
              busy={cmd.busy}
              onConfirm={async () => {
                if (await cmd.run({ type: 'anonymous.release' })) setConfirming(false);
              }}
              onCancel={() => setConfirming(false)}
            />
          ) : (
            <button
              type="button"
              className="fv-btn"
              aria-disabled={n === 0 || undefined}
              aria-busy={cmd.busy || undefined}
              onClick={() => n > 0 && setConfirming(true)}
            >
              {t('facilitator.releaseNow')}
            </button>
          )}
          <Feedback state={cmd} />
        </>
      )}
      <div className="fv-check">
        <input
          id={checkboxId}
          type="checkbox"
          checked={control.anonymousByDefault}
          aria-busy={toggle.busy || undefined}
          onChange={(e) => void toggle.run({ type: 'room.anonymousByDefault', enabled: e.target.checked })}
        />
        <label htmlFor={checkboxId}>{t('facilitator.anonymousByDefault')}</label>
      </div>
      <Feedback state={toggle} />
    </PanelSection>
  );
}

/** Voting: open a round with a number of votes each, close it, and show the totals. */
export function VotingSection({ client, control }: { client: RoomClient; control: ControlState }) {
  const cmd = useCommand(client);
  const step = control.steps[control.stepIndex];
  const [budget, setBudget] = useState(String(step?.voteBudget ?? DEFAULT_VOTE_BUDGET));
  const budgetId = useId();
  const snapshot = useStore(client.boardStore);
  const { voting } = control;
  const budgetNumber = Number(budget);
  const budgetOk = Number.isInteger(budgetNumber) && budgetNumber >= 1 && budgetNumber <= 100;
  // Totals are by note, or by area when people placed markers on areas.
  const targets = useMemo(() => {
    const map = new Map<string, { text: string }>(snapshot.notes);
    for (const [id, area] of snapshot.areas) map.set(id, { text: area.title || t('facilitator.untitledArea') });
    return map;
  }, [snapshot]);
  const ranked = topNotes(voting.totals, targets, 5);
  // A marker round (votes on areas) is not dots on notes: its own words, and it opens as one.
  const markers = voting.open || voting.totals ? voting.target === 'areas' : step?.voteTarget === 'areas';
  const words = votingWords(markers, markerPlace(snapshot.areas.values()));

  return (
    <PanelSection title={words.title}>
      {voting.open ? (
        <>
          <p className="fv-sec__big">{words.openLine(voting.budget)}</p>
          <div className="fv-row">
            <button
              type="button"
              className="fv-btn fv-btn--primary"
              data-focus-key="voting-primary"
              aria-busy={cmd.busy || undefined}
              onClick={() => void cmd.run({ type: 'voting.close', showTotals: true })}
            >
              {t('facilitator.closeAndShowTotals')}
            </button>
            <button type="button" className="fv-btn" aria-busy={cmd.busy || undefined} onClick={() => void cmd.run({ type: 'voting.showTotals' })}>
              {voting.totals ? t('facilitator.updateTotals') : t('facilitator.showTotals')}
            </button>
            <button type="button" className="fv-btn" aria-busy={cmd.busy || undefined} onClick={() => void cmd.run({ type: 'voting.close' })}>
              {words.close}
            </button>
          </div>
        </>
      ) : (
        <>
        {voting.round > 0 && <p className="fv-sec__big">{words.closed}</p>}
        <form
          className="fv-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (budgetOk) void cmd.run({ type: 'voting.open', budget: budgetNumber, target: markers ? 'areas' : 'notes' });
          }}
        >
          <label className="fv-label fv-label--inline" htmlFor={budgetId}>
            {words.perPerson}
          </label>
          <input
            id={budgetId}
            className="fv-input fv-input--num"
            type="number"
            min={1}
            max={100}
            step={1}
            value={budget}
            aria-invalid={!budgetOk}
            onChange={(e) => setBudget(e.target.value)}
          />
          <button type="submit" className="fv-btn fv-btn--primary" data-focus-key="voting-primary" disabled={!budgetOk} aria-busy={cmd.busy || undefined}>
            {voting.round > 0 ? words.reopen : words.open}
          </button>
        </form>
        {voting.round > 0 && voting.totals && <p className="fv-hint">{words.fresh}</p>}
        </>
      )}
      <Feedback state={cmd} />
      {voting.totals && (
        <div className="fv-totals">
          <h4 className="fv-form__title">{words.most}</h4>
          {ranked.length === 0 ? (
            <p className="fv-hint">{words.none}</p>
          ) : (
            <ol className="fv-totals__list">
              {ranked.map((r) => (
                <li key={r.noteId} className="fv-totals__item">
                  <span className="fv-totals__count">{words.count(r.votes)}</span>
                  <span className="fv-totals__text">{r.text || t('facilitator.emptyNote')}</span>
                </li>
              ))}
            </ol>
          )}
          {!voting.open && <p className="fv-hint">{t('facilitator.totalsSeenByAll')}</p>}
        </div>
      )}
    </PanelSection>
  );
}

type HiddenNote = Awaited<ReturnType<typeof facilitatorApi.hiddenNotes>>[number];

/** Notes taken off the board by moderation; only the facilitator sees them, and can put them back. */
export function HiddenSection({ client, control }: { client: RoomClient; control: ControlState }) {
  const cmd = useCommand(client);
  const [notes, setNotes] = useState<HiddenNote[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const count = control.hiddenCount;

  useEffect(() => {
    let cancelled = false;
    if (count === 0) {
      setNotes([]);
      return;
    }
    facilitatorApi
      .hiddenNotes(client.roomId, client.session.token)
      .then((list) => {
        if (cancelled) return;
        setNotes(list);
        setLoadError(null);
      })
      .catch((err: unknown) => {
        if (!cancelled) setLoadError(err instanceof ApiError ? err.message : t('facilitator.hiddenLoadFailed'));
      });
    return () => {
      cancelled = true;
    };
  }, [client, count]);

  return (
    <PanelSection title={t('facilitator.hiddenNotesTitle', { count })}>
      {count === 0 ? (
        <p className="fv-hint">{t('facilitator.noHiddenNotes')}</p>
      ) : (
        <>
          <p className="fv-hint">{t('facilitator.onlyYouSeeThese')}</p>
          {loadError && (
            <p className="fv-msg fv-msg--error" role="alert">
              {loadError}
            </p>
          )}
          {notes === null && !loadError && <p className="fv-hint">{t('facilitator.loading')}</p>}
          {notes && notes.length > 0 && (
            <ul className="fv-hidden">
              {notes.map((note) => (
                <li key={note.noteId} className="fv-hidden__item">
                  <p className="fv-hidden__text">{note.text || t('facilitator.emptyNote')}</p>
                  <p className="fv-hidden__by">{note.anonymous ? t('facilitator.anonymous') : note.authorName ? t('facilitator.byName', { name: note.authorName }) : t('facilitator.noName')}</p>
                  <button
                    type="button"
                    className="fv-btn fv-btn--small"
                    aria-busy={cmd.busy || undefined}
                    aria-label={t('facilitator.putBackLabel', { text: note.text.slice(0, 60) })}
                    onClick={() => void cmd.run({ type: 'note.unhide', noteId: note.noteId })}
                  >
                    {t('facilitator.putBack')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <Feedback state={cmd} />
    </PanelSection>
  );
}
