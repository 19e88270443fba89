import { useEffect, useId, useMemo, useState } from 'react';
import { DEFAULT_VOTE_BUDGET, type ControlState } from '@tributary/shared';
import { useStore } from '../../hooks/useStore.ts';
import { ApiError, api } from '../../sync/api.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { ConfirmBar, Feedback, PanelSection } from './SessionParts.tsx';
import { markerPlace, plural, topNotes, votingWords } from './sessionLogic.ts';
import { useCommand } from './useSession.ts';

/** Private writing: how many notes are sealed, and the one-way reveal. */
export function PrivateSection({ client, control }: { client: RoomClient; control: ControlState }) {
  const cmd = useCommand(client);
  const [confirming, setConfirming] = useState(false);
  const n = control.sealedCount;
  return (
    <PanelSection title="Private writing">
      {control.revealed ? (
        <p className="fv-sec__big">Notes revealed: they are on the board.</p>
      ) : (
        <>
          <p className="fv-sec__big">{n === 0 ? 'No notes sealed yet' : `${plural(n, 'note', 'notes')} sealed`}</p>
          <p className="fv-hint">Only the person who wrote a note can see it until you reveal them all.</p>
          {confirming ? (
            <ConfirmBar
              question={`Put all ${plural(n, 'note', 'notes')} on the board now, in a shuffled order? You cannot seal them again.`}
              confirmLabel="Yes, reveal all notes"
              busy={cmd.busy}
              onConfirm={async () => {
                if (await cmd.run({ type: 'reveal' })) setConfirming(false);
              }}
              onCancel={() => setConfirming(false)}
            />
          ) : (
            <button type="button" className="fv-btn fv-btn--primary" aria-busy={cmd.busy || undefined} onClick={() => setConfirming(true)}>
              Reveal all notes
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
    <PanelSection title="Anonymous notes">
      {showWaiting && (
        <>
          <p className="fv-sec__big">{n === 0 ? 'No anonymous notes waiting' : `${plural(n, 'anonymous note', 'anonymous notes')} waiting`}</p>
          <p className="fv-hint">They go on the board shuffled, once three different people have written, so nobody can tell who wrote what.</p>
          {confirming ? (
            <ConfirmBar
              tone={n < 3 ? 'caution' : 'normal'}
              question={
                n < 3
                  ? `Only ${plural(n, 'note is', 'notes are')} waiting. Notes from fewer than three people stay hidden; their writers will be asked on their phones whether to show them anyway. Ask now?`
                  : `Put the ${plural(n, 'waiting note', 'waiting notes')} on the board now?`
              }
              confirmLabel="Yes, release now"
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
              Release now
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
        <label htmlFor={checkboxId}>Notes are anonymous unless people sign them</label>
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
    for (const [id, area] of snapshot.areas) map.set(id, { text: area.title || 'Untitled area' });
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
              Close and show totals
            </button>
            <button type="button" className="fv-btn" aria-busy={cmd.busy || undefined} onClick={() => void cmd.run({ type: 'voting.showTotals' })}>
              {voting.totals ? 'Update totals' : 'Show totals'}
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
                  <span className="fv-totals__text">{r.text || '(empty note)'}</span>
                </li>
              ))}
            </ol>
          )}
          {!voting.open && <p className="fv-hint">Everyone sees these totals on the board.</p>}
        </div>
      )}
    </PanelSection>
  );
}

type HiddenNote = Awaited<ReturnType<typeof api.hiddenNotes>>[number];

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
    api
      .hiddenNotes(client.roomId, client.session.token)
      .then((list) => {
        if (cancelled) return;
        setNotes(list);
        setLoadError(null);
      })
      .catch((err: unknown) => {
        if (!cancelled) setLoadError(err instanceof ApiError ? err.message : 'Could not load the hidden notes.');
      });
    return () => {
      cancelled = true;
    };
  }, [client, count]);

  return (
    <PanelSection title={`Hidden notes (${count})`}>
      {count === 0 ? (
        <p className="fv-hint">No notes are hidden. Select a note on the board and choose “Hide” to take it off everyone's screen.</p>
      ) : (
        <>
          <p className="fv-hint">Only you can see these.</p>
          {loadError && (
            <p className="fv-msg fv-msg--error" role="alert">
              {loadError}
            </p>
          )}
          {notes === null && !loadError && <p className="fv-hint">Loading…</p>}
          {notes && notes.length > 0 && (
            <ul className="fv-hidden">
              {notes.map((note) => (
                <li key={note.noteId} className="fv-hidden__item">
                  <p className="fv-hidden__text">{note.text || '(empty note)'}</p>
                  <p className="fv-hidden__by">{note.anonymous ? 'Anonymous' : note.authorName ? `By ${note.authorName}` : 'No name'}</p>
                  <button
                    type="button"
                    className="fv-btn fv-btn--small"
                    aria-busy={cmd.busy || undefined}
                    aria-label={`Put back the note “${note.text.slice(0, 60)}”`}
                    onClick={() => void cmd.run({ type: 'note.unhide', noteId: note.noteId })}
                  >
                    Put back
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
