import { useCallback, useEffect, useId, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { AREA_DESCRIPTION_MAX, AREA_TITLE_MAX, moveNotes, setAreaDescription, setAreaTitle, type Area, type ControlState, type TemplateSummary } from '@tributary/shared';
import { planMoveToArea } from '../../editor/keyboardBoard.ts';
import { hasWordsArea } from '../../canvas/boardMarks.ts';
import { useStore } from '../../hooks/useStore.ts';
import { api } from '../../sync/api.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { MoveToAreaSelect } from './MoveToArea.tsx';
import { ConfirmBar, Feedback } from './SessionParts.tsx';
import {
  everyoneHadATurn,
  formDefaultsText,
  groupNoun,
  handGroupRows,
  handGroupsCommand,
  handGroupsDraft,
  people,
  type ParticipantRow,
  roleRuleText,
  roundStartStep,
  usesGroups,
  wordsAreaId,
  wordsIn,
} from './methodLogic.ts';
import { useCommand } from './useSession.ts';
import './methods.css';

/**
 * A part of the session panel that can be folded away (methods the room does not use stay out
 * of the way, one tap from being there). A native <details>: keyboard and screen readers for free.
 */
function FoldSection({ title, open, children }: { title: ReactNode; open: boolean; children: ReactNode }) {
  return (
    <details className="fv-sec fv-fold" open={open || undefined}>
      <summary className="fv-fold__summary">
        <h3 className="fv-sec__title fv-fold__title">{title}</h3>
      </summary>
      <div className="fv-fold__body">{children}</div>
    </details>
  );
}

/** "Add a method": a template's areas and steps, added after what the room already has. */
export function AddMethodSection({ client, control }: { client: RoomClient; control: ControlState }) {
  const [templates, setTemplates] = useState<TemplateSummary[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [picked, setPicked] = useState<TemplateSummary | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const cmd = useCommand(client);
  useEffect(() => {
    let alive = true;
    api
      .templates()
      .then((list) => alive && setTemplates(list))
      .catch(() => alive && setFailed(true));
    return () => {
      alive = false;
    };
  }, []);
  const fresh = control.steps.length === 1 && control.steps[0]!.id === 'step-1';
  return (
    <FoldSection title="Add a method" open={false}>
      <p className="fv-hint">A method adds its own areas to the board and its steps to the script. You can change them afterwards.</p>
      {failed && <p className="fv-hint">The methods could not be loaded. Try again in a moment.</p>}
      {!templates && !failed && <p className="fv-hint">Loading…</p>}
      {added && (
        <p className="fv-msg fv-msg--ok" role="status">
          {added} added.
        </p>
      )}
      {picked ? (
        <ConfirmBar
          question={
            fresh
              ? `Add ${picked.title}? Its areas go on the board and its steps replace the starting step.`
              : `Add ${picked.title}? This adds its areas to the right of the board and its steps after the current ones. Nothing already there changes.`
          }
          confirmLabel={`Yes, add ${picked.title}`}
          busy={cmd.busy}
          onConfirm={async () => {
            if (await cmd.run({ type: 'template.add', templateId: picked.id })) {
              setAdded(picked.title);
              setPicked(null);
            }
          }}
          onCancel={() => setPicked(null)}
        />
      ) : (
        templates && (
          <ul className="fv-methods">
            {templates.map((t) => (
              <li key={t.id} className="fv-methods__item">
                <span className="fv-methods__text">
                  <span className="fv-methods__title">{t.title}</span>
                  <span className="fv-methods__meta">About {t.minutes} minutes</span>
                </span>
                <button
                  type="button"
                  className="fv-btn fv-btn--small"
                  aria-label={`Add ${t.title}`}
                  onClick={() => {
                    setAdded(null);
                    cmd.clear();
                    setPicked(t);
                  }}
                >
                  Add
                </button>
              </li>
            ))}
          </ul>
        )
      )}
      <Feedback state={cmd} />
    </FoldSection>
  );
}

/**
 * Groups, rounds and roles. Control holds participant ids only and presence carries none, so
 * groups are shown by label and size, never by who is in them.
 */
export function GroupsSection({ client, control }: { client: RoomClient; control: ControlState }) {
  const form = useCommand(client);
  const keep = useCommand(client);
  const choice = useCommand(client);
  const round = useCommand(client);
  const snapshot = useStore(client.boardStore);
  const [confirmReshuffle, setConfirmReshuffle] = useState(false);
  const choiceId = useId();
  const { method, groups } = control;
  const used = usesGroups(control);
  const noun = groupNoun(method);
  const nounPlural = noun === 'trio' ? 'trios' : `${noun}s`;
  const title = method.groupLabel ? `${method.groupLabel}s and rounds` : 'Groups and rounds';
  const start = roundStartStep(control.steps);
  const startStep = start !== null ? control.steps[start] : undefined;
  const rule = roleRuleText(method, groups, control.round);
  const allTurns = method.roles === 'rotate-client' && groups.length > 0 && everyoneHadATurn(groups, control.round);
  const members = groups.reduce((n, g) => n + g.members.length, 0);

  const formGroups = async () => {
    if (await form.run({ type: 'groups.form', strategy: 'shuffle' })) setConfirmReshuffle(false);
  };

  return (
    <FoldSection title={title} open={used}>
      {groups.length === 0 ? (
        <p className="fv-hint">
          No {nounPlural} yet. “Form {nounPlural}” shares out everyone connected now into {formDefaultsText(method)}.
        </p>
      ) : (
        <>
          <p className="fv-sec__big">
            {groups.length} {groups.length === 1 ? noun : nounPlural}, {people(members)}
          </p>
          <ul className="fv-groups" aria-label={`The ${nounPlural}`}>
            {groups.map((g) => {
              const area = g.areaId ? snapshot.areas.get(g.areaId) : undefined;
              return (
                <li key={g.id} className="fv-groups__item">
                  <span className="fv-groups__label">{g.label}</span>
                  <span className="fv-groups__count">{people(g.members.length)}</span>
                  {area && area.title !== g.label && <span className="fv-groups__where">at {area.title}</span>}
                </li>
              );
            })}
          </ul>
        </>
      )}

      {confirmReshuffle ? (
        <ConfirmBar
          question={`Make new ${nounPlural}? Everyone is shuffled and the round goes back to 1.`}
          confirmLabel={`Yes, new ${nounPlural}`}
          busy={form.busy}
          onConfirm={() => void formGroups()}
          onCancel={() => setConfirmReshuffle(false)}
        />
      ) : (
        <div className="fv-row">
          <button
            type="button"
            className={`fv-btn${groups.length === 0 ? ' fv-btn--primary' : ''}`}
            disabled={form.busy}
            onClick={() => (groups.length > 0 ? setConfirmReshuffle(true) : void formGroups())}
          >
            {groups.length > 0 ? `Form new ${nounPlural}` : `Form ${nounPlural}`}
          </button>
          {groups.length > 0 && (
            <button type="button" className="fv-btn" disabled={keep.busy} onClick={() => void keep.run({ type: 'groups.form', strategy: 'keep' })}>
              Keep {nounPlural} and add newcomers
            </button>
          )}
        </div>
      )}
      <Feedback state={form} />
      <Feedback state={keep} />

      <div className="fv-check">
        <input
          id={choiceId}
          type="checkbox"
          checked={control.groupChoice}
          disabled={choice.busy}
          onChange={(e) => void choice.run({ type: 'groups.allowChoice', enabled: e.currentTarget.checked })}
        />
        <label htmlFor={choiceId}>Let people choose their {noun}</label>
      </div>
      <Feedback state={choice} />

      {(groups.length > 0 || control.round > 0) && (
        <div className="fv-round">
          <p className="fv-sec__big">Round {control.round + 1}</p>
          {rule && <p className="fv-round__rule">{rule}</p>}
          {allTurns && <p className="fv-hint">Everyone has had a turn as the client.</p>}
          {method.rotate === 'groups-across-areas' && <p className="fv-hint">Next round, each group moves on to the next table. Notes stay where they are.</p>}
          <button
            type="button"
            className="fv-btn fv-btn--primary"
            disabled={round.busy}
            onClick={() => void round.run(start !== null ? { type: 'round.next', goto: start } : { type: 'round.next' })}
          >
            Next round
          </button>
          {startStep && <p className="fv-hint">Goes back to step {start! + 1}: {startStep.title}.</p>}
          <Feedback state={round} />
        </div>
      )}
      {groups.length > 0 && <HandGroups client={client} control={control} noun={noun} />}
    </FoldSection>
  );
}

/** Word Association: how often each word came up, most first ("hope ×3"). */
export function WordsSection({ client, control }: { client: RoomClient; control: ControlState }) {
  const snapshot = useStore(client.boardStore);
  const areaId = wordsAreaId(control, snapshot.areas);
  const words = useMemo(() => wordsIn(snapshot.notes.values(), areaId), [snapshot.notes, areaId]);
  const area = areaId ? snapshot.areas.get(areaId) : undefined;
  const wordsBoard = hasWordsArea(snapshot.areas.values());
  const repeated = words.filter((w) => w.count > 1).length;
  const areaList = useMemo(() => [...snapshot.areas.values()], [snapshot.areas]);
  const moveToArea = (ids: readonly string[], target: string | null): number => {
    const current = client.boardStore.get();
    const moves = planMoveToArea(current.notes, [...current.areas.values()].sort((a, b) => a.order - b.order), ids, target);
    if (moves.length > 0) moveNotes(client.board, moves);
    return moves.length;
  };
  return (
    <FoldSection title="Words" open={wordsBoard}>
      <p className="fv-hint">
        {area ? `The notes in “${area.title}”, counted` : 'Every note on the board, counted'}, ignoring capitals and punctuation.
        {repeated > 0 && ` ${repeated === 1 ? '1 word comes' : `${repeated} words come`} up more than once.`}
      </p>
      {words.length === 0 ? (
        <p className="fv-hint">No words yet.</p>
      ) : (
        <ol className={`fv-words${areaList.length > 0 ? ' fv-words--movable' : ''}`}>
          {words.slice(0, 40).map((w) => (
            <li key={w.word} className={`fv-words__item${w.count > 1 ? ' fv-words__item--dup' : ''}`}>
              <span className="fv-words__word">{w.label}</span>
              <span className="fv-words__n" aria-label={`${w.count} times`}>
                ×{w.count}
              </span>
              {areaList.length > 0 && (
                <MoveToAreaSelect
                  areas={areaList}
                  count={w.noteIds.length}
                  label={`Move the notes “${w.label}” to area`}
                  onMove={(target) => moveToArea(w.noteIds, target)}
                />
              )}
            </li>
          ))}
        </ol>
      )}
      {words.length > 40 && <p className="fv-hint">And {words.length - 40} more that came up less often.</p>}
    </FoldSection>
  );
}

/**
 * "Set groups by hand": who is in each group, by name, with a "Move to group" menu per person.
 * Names come from the participants list (facilitator only), fetched again when people come and
 * go or the groups change.
 */
function HandGroups({ client, control, noun }: { client: RoomClient; control: ControlState; noun: string }) {
  const [open, setOpen] = useState(false);
  const [participants, setParticipants] = useState<ParticipantRow[] | null>(null);
  const [failed, setFailed] = useState(false);
  const save = useCommand(client);
  const { groups } = control;
  const groupsKey = JSON.stringify(groups.map((g) => [g.id, g.label, g.members]));
  const [draft, setDraft] = useState<Record<string, string>>(() => handGroupsDraft(groups));
  const presenceCount = useSyncExternalStore(
    client.presence.subscribe,
    useCallback(() => client.presence.get().length, [client]),
  );
  // The groups changed (here or elsewhere): start again from them.
  useEffect(() => {
    setDraft(handGroupsDraft(groups));
  }, [groupsKey]);
  useEffect(() => {
    if (!open) return;
    let alive = true;
    api
      .participants(client.roomId, client.session.token)
      .then((list) => {
        if (!alive) return;
        setParticipants(list);
        setFailed(false);
      })
      .catch(() => alive && setFailed(true));
    return () => {
      alive = false;
    };
  }, [open, client, presenceCount, groupsKey]);

  if (!open) {
    return (
      <div className="fv-row">
        <button type="button" className="fv-btn" aria-expanded={false} onClick={() => setOpen(true)}>
          Set groups by hand
        </button>
      </div>
    );
  }
  const rows = handGroupRows(groups, participants ?? [], draft);
  const changed = JSON.stringify(handGroupsCommand(groups, participants ?? [], draft)) !== JSON.stringify(handGroupsCommand(groups, participants ?? [], handGroupsDraft(groups)));
  return (
    <div className="fv-hand" role="group" aria-label="Set groups by hand">
      <div className="fv-row">
        <button type="button" className="fv-btn" aria-expanded onClick={() => setOpen(false)}>
          Close “Set groups by hand”
        </button>
      </div>
      {control.mode === 'anonymous' && (
        <p className="fv-hint">
          While this step is anonymous, this list stays as it was when you opened it in this step, so nobody can tell who just came back before a note
          appeared.
        </p>
      )}
      {failed && <p className="fv-hint">The list of people could not be loaded. Try again in a moment.</p>}
      {!participants && !failed && <p className="fv-hint">Loading…</p>}
      {rows.map((row) =>
        row.groupId === '' && row.people.length === 0 ? null : (
          <section key={row.groupId || 'none'} className="fv-hand__group" aria-label={row.label}>
            <h4 className="fv-hand__label">
              {row.label} <span className="fv-groups__count">({people(row.people.length)})</span>
            </h4>
            {row.people.length === 0 ? (
              <p className="fv-hint">Nobody yet.</p>
            ) : (
              <ul className="fv-hand__people">
                {row.people.map((p) => (
                  <li key={p.participantId} className="fv-hand__person">
                    <span className="fv-hand__name">
                      {p.name}
                      {!p.connected && <span className="fv-hand__away"> (not connected)</span>}
                    </span>
                    <label className="visually-hidden" htmlFor={`hand-${p.participantId}`}>
                      Move {p.name} to group
                    </label>
                    <select
                      id={`hand-${p.participantId}`}
                      className="fv-input fv-moveto__select"
                      value={row.groupId}
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        setDraft((d) => ({ ...d, [p.participantId]: value }));
                      }}
                    >
                      {groups.map((g) => (
                        <option key={g.id} value={g.id}>
                          {g.label}
                        </option>
                      ))}
                      <option value="">No {noun}</option>
                    </select>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ),
      )}
      <div className="fv-row">
        <button
          type="button"
          className="fv-btn fv-btn--primary"
          disabled={save.busy || !changed}
          onClick={() => void save.run({ type: 'groups.set', groups: handGroupsCommand(groups, participants ?? [], draft) })}
        >
          Save groups
        </button>
        <button type="button" className="fv-btn" disabled={!changed} onClick={() => setDraft(handGroupsDraft(groups))}>
          Undo changes
        </button>
      </div>
      <Feedback state={save} />
    </div>
  );
}

/** One area's title and description, editable (a World Cafe table's question, a river stage's text). */
function AreaEditor({ client, area }: { client: RoomClient; area: Area }) {
  const [title, setTitle] = useState(area.title);
  const [description, setDescription] = useState(area.description ?? '');
  const [saved, setSaved] = useState(false);
  const titleId = useId();
  const descId = useId();
  // Someone else changed it: show theirs.
  useEffect(() => setTitle(area.title), [area.title]);
  useEffect(() => setDescription(area.description ?? ''), [area.description]);
  const dirty = title !== area.title || description !== (area.description ?? '');
  return (
    <li className="fv-areas__item">
      <form
        className="fv-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (title !== area.title) setAreaTitle(client.board, area.id, title);
          if (description !== (area.description ?? '')) setAreaDescription(client.board, area.id, description.trim());
          setSaved(true);
        }}
      >
        <label className="fv-label" htmlFor={titleId}>
          Title
        </label>
        <input
          id={titleId}
          className="fv-input"
          value={title}
          maxLength={AREA_TITLE_MAX}
          onChange={(e) => {
            setTitle(e.currentTarget.value);
            setSaved(false);
          }}
        />
        <label className="fv-label" htmlFor={descId}>
          Description <span className="fv-hint">(a table’s question, what a stage is like)</span>
        </label>
        <textarea
          id={descId}
          className="fv-input"
          rows={2}
          value={description}
          maxLength={AREA_DESCRIPTION_MAX}
          onChange={(e) => {
            setDescription(e.currentTarget.value);
            setSaved(false);
          }}
        />
        <div className="fv-row">
          <button type="submit" className="fv-btn fv-btn--small" disabled={!dirty} aria-label={`Save “${area.title || 'untitled area'}”`}>
            Save
          </button>
          <span role="status" className="fv-hint">
            {saved && !dirty ? 'Saved.' : ''}
          </span>
        </div>
      </form>
    </li>
  );
}

/** The board's areas with their titles and descriptions, editable without the canvas. */
export function AreasSection({ client }: { client: RoomClient }) {
  const snapshot = useStore(client.boardStore);
  const areas = useMemo(() => [...snapshot.areas.values()].sort((a, b) => a.order - b.order), [snapshot.areas]);
  return (
    <FoldSection title="Areas" open={false}>
      {areas.length === 0 ? (
        <p className="fv-hint">No areas on the board yet.</p>
      ) : (
        <ul className="fv-areas">
          {areas.map((area) => (
            <AreaEditor key={area.id} client={client} area={area} />
          ))}
        </ul>
      )}
    </FoldSection>
  );
}
