import { useCallback, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { MAX_GROUPS } from '@tributary/shared/control/groups';
import type { ControlState } from '@tributary/shared/control/state';
import { nextRoundStartsOver, planGroups, roundText, roundsInTurn, type GroupAsk } from '@tributary/shared/groupPlanning';
import { useStore } from '../../hooks/useStore.ts';
import { facilitatorApi } from '../../sync/facilitatorApi.ts';
import { t } from '../../i18n/i18n.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { ConfirmBar, Feedback } from './FacilitationParts.tsx';
import {
  everyoneHadATurn,
  groupNoun,
  groupPlanText,
  handGroupRows,
  handGroupsCommand,
  handGroupsDraft,
  nounFor,
  people,
  type ParticipantRow,
  roleRuleText,
  roundStartStep,
  tablesText,
} from './methodLogic.ts';
import { useCommand } from './facilitationHooks.ts';
import './methods.css';

/**
 * Groups, tables, rounds and roles (World Cafe, Troika, any template with the same rules), as one
 * self-contained part of the facilitation panel: how many groups or how big, with a preview of what
 * forming would make; the groups and where they sit; "Next round", which asks before a full turn
 * starts again; and moving people between groups by hand.
 *
 * Control holds participant ids only and presence carries none, so the groups are shown by label
 * and size; names come only from the facilitator's participants list, when moving people by hand.
 * The part has no frame of its own, so the facilitation panel can put it wherever it likes.
 */
export function GroupsPanel({ client, control }: { client: RoomClient; control: ControlState }) {
  const { method, groups } = control;
  const noun = groupNoun(method);
  const participants = useParticipants(client, groups);
  return (
    <>
      <GroupList client={client} control={control} noun={noun} />
      <FormGroups client={client} control={control} noun={noun} present={participants.list?.filter((p) => p.connected).length ?? null} />
      <ChoiceToggle client={client} control={control} noun={noun} />
      {(groups.length > 0 || control.round > 0) && <Rounds client={client} control={control} />}
      {groups.length > 0 && <HandGroups client={client} control={control} noun={noun} participants={participants} />}
    </>
  );
}

/** The section's title: "Groups and rounds", "Trios and rounds". */
export function groupsTitle(method: ControlState['method']): string {
  return method.groupLabel ? t('facilitator.groupsAndRounds', { nouns: nounFor(method.groupLabel, 2) }) : t('facilitator.groupsAndRoundsDefault');
}

/** The groups now: label, size, and the table each sits at this round. */
function GroupList({ client, control, noun }: { client: RoomClient; control: ControlState; noun: string }) {
  const snapshot = useStore(client.boardStore);
  const { groups } = control;
  if (groups.length === 0) return null;
  const members = groups.reduce((n, g) => n + g.members.length, 0);
  return (
    <>
      <p className="fv-sec__big">
        {t('facilitator.groupsNow', { count: groups.length, nouns: nounFor(noun, groups.length), people: people(members) })}
      </p>
      <ul className="fv-groups" aria-label={t('facilitator.theGroups', { nouns: nounFor(noun, 2) })}>
        {groups.map((g) => {
          const area = g.areaId ? snapshot.areas.get(g.areaId) : undefined;
          return (
            <li key={g.id} className="fv-groups__item">
              <span className="fv-groups__label">{g.label}</span>
              <span className="fv-groups__count">{people(g.members.length)}</span>
              {area && area.title !== g.label && <span className="fv-groups__where">{t('facilitator.groupAt', { area: area.title })}</span>}
            </li>
          );
        })}
      </ul>
    </>
  );
}

/**
 * "How many groups" or "People in each group", with − and + big enough for a finger, and the
 * preview of what forming would make now, from the same rule the server forms them with
 * (`planGroups`). Until the facilitator changes the number, the method's default is shown and sent.
 */
function FormGroups({ client, control, noun, present }: { client: RoomClient; control: ControlState; noun: string; present: number | null }) {
  const form = useCommand(client);
  const keep = useCommand(client);
  const { method, groups } = control;
  // The method's own way of making groups (Troika: by size); its default is shown until changed.
  const defaultBy = method.groupSize !== undefined ? 'size' : 'count';
  const [by, setBy] = useState<'count' | 'size'>(defaultBy);
  const [chosen, setChosen] = useState<number | null>(null);
  const [confirm, setConfirm] = useState(false);
  const formButton = useRef<HTMLButtonElement>(null);
  const byName = useId();
  const numberId = useId();
  const previewId = useId();

  const here = present ?? 0;
  const defaults = planGroups(here, method);
  const floor = method.minGroupSize ?? 1;
  const startValue = (mode: 'count' | 'size') =>
    mode === 'size' ? (method.groupSize ?? Math.max(floor, 2)) : Math.max(1, defaults.sizes?.length ?? method.groupCount ?? 1);
  const shown = chosen ?? startValue(by);
  const min = by === 'size' ? floor : 1;
  const max = by === 'size' ? 100 : MAX_GROUPS;
  const ask: GroupAsk = chosen === null ? {} : by === 'size' ? { size: shown } : { count: shown };
  const plan = chosen === null ? defaults : planGroups(here, method, ask);
  const tables = method.rotate === 'groups-across-areas' ? (method.rotationAreaIds?.length ?? 0) : 0;
  const tableLine = plan.sizes ? tablesText(plan.sizes.length, tables) : null;
  const plural = nounFor(noun, 2);

  const set = (value: number) => setChosen(Math.min(max, Math.max(min, Math.round(value))));
  // The other way than the method's own is asked for as shown, so the preview matches the number.
  const choose = (mode: 'count' | 'size') => {
    setBy(mode);
    setChosen(mode === defaultBy ? null : startValue(mode));
  };
  const formNow = async () => {
    if (await form.run({ type: 'groups.form', strategy: 'shuffle', ...ask })) setConfirm(false);
    formButton.current?.focus();
  };

  return (
    <div className="fv-form-groups" role="group" aria-label={t('facilitator.makeGroups', { nouns: plural })}>
      <fieldset className="fv-form-groups__by">
        <legend className="fv-label">{t('facilitator.makeGroupsBy', { nouns: plural })}</legend>
        <label className="fv-form-groups__choice">
          <input
            type="radio"
            name={byName}
            checked={by === 'count'}
            onChange={() => choose('count')}
          />
          {t('facilitator.howManyGroups', { nouns: plural })}
        </label>
        <label className="fv-form-groups__choice">
          <input
            type="radio"
            name={byName}
            checked={by === 'size'}
            onChange={() => choose('size')}
          />
          {t('facilitator.peopleInEach', { noun })}
        </label>
      </fieldset>
      <div className="fv-stepper">
        <label className="fv-label" htmlFor={numberId}>
          {by === 'count' ? t('facilitator.numberOfGroups', { nouns: plural }) : t('facilitator.peopleInEach', { noun })}
        </label>
        <div className="fv-stepper__row">
          <button type="button" className="fv-btn fv-stepper__btn" aria-label={by === 'count' ? t('facilitator.oneGroupFewer', { noun }) : t('facilitator.onePersonFewer')} disabled={shown <= min} onClick={() => set(shown - 1)}>
            −
          </button>
          <input
            id={numberId}
            className="fv-input fv-stepper__input"
            type="number"
            inputMode="numeric"
            min={min}
            max={max}
            value={shown}
            aria-describedby={previewId}
            onChange={(e) => {
              const value = Number(e.currentTarget.value);
              if (Number.isFinite(value) && e.currentTarget.value !== '') set(value);
            }}
          />
          <button type="button" className="fv-btn fv-stepper__btn" aria-label={by === 'count' ? t('facilitator.oneGroupMore', { noun }) : t('facilitator.onePersonMore')} disabled={shown >= max} onClick={() => set(shown + 1)}>
            +
          </button>
        </div>
      </div>
      <div id={previewId} className="fv-form-groups__preview" role="status">
        {present === null ? (
          <p className="fv-hint fv-hint--tight">{t('facilitator.countingWhoIsHere')}</p>
        ) : (
          <>
            <p className="fv-form-groups__plan">{groupPlanText(here, plan.sizes, plan.minSize, noun)}</p>
            {tableLine && <p className="fv-hint fv-hint--tight">{tableLine}</p>}
          </>
        )}
      </div>
      {confirm ? (
        <ConfirmBar
          question={t('facilitator.makeNewGroupsQuestion', { nouns: plural })}
          confirmLabel={t('facilitator.makeNewGroupsConfirm', { nouns: plural })}
          busy={form.busy}
          onConfirm={() => void formNow()}
          onCancel={() => {
            setConfirm(false);
            requestAnimationFrame(() => formButton.current?.focus());
          }}
        />
      ) : (
        <div className="fv-row">
          <button
            ref={formButton}
            type="button"
            className={`fv-btn${groups.length === 0 ? ' fv-btn--primary' : ''}`}
            disabled={form.busy || !plan.sizes}
            onClick={() => (groups.length > 0 ? setConfirm(true) : void formNow())}
          >
            {groups.length > 0 ? t('facilitator.formNewGroups', { nouns: plural }) : t('facilitator.formGroups', { nouns: plural })}
          </button>
          {groups.length > 0 && (
            <button type="button" className="fv-btn" disabled={keep.busy} onClick={() => void keep.run({ type: 'groups.form', strategy: 'keep' })}>
              {t('facilitator.keepGroups', { nouns: plural })}
            </button>
          )}
        </div>
      )}
      <Feedback state={form} />
      <Feedback state={keep} />
    </div>
  );
}

function ChoiceToggle({ client, control, noun }: { client: RoomClient; control: ControlState; noun: string }) {
  const choice = useCommand(client);
  const choiceId = useId();
  return (
    <>
      <div className="fv-check">
        <input
          id={choiceId}
          type="checkbox"
          checked={control.groupChoice}
          disabled={choice.busy}
          onChange={(e) => void choice.run({ type: 'groups.allowChoice', enabled: e.currentTarget.checked })}
        />
        <label htmlFor={choiceId}>{t('facilitator.letPeopleChoose', { noun })}</label>
      </div>
      <Feedback state={choice} />
    </>
  );
}

/**
 * The round, what it decides (who is the client), and "Next round". After the last round of a
 * turn (every group at every table, everyone the client once) it asks before starting again; the
 * server asks the same of anyone who skips this screen.
 */
function Rounds({ client, control }: { client: RoomClient; control: ControlState }) {
  const round = useCommand(client);
  const [asking, setAsking] = useState(false);
  const nextButton = useRef<HTMLButtonElement>(null);
  const { method, groups } = control;
  const start = roundStartStep(control.steps);
  const startStep = start !== null ? control.steps[start] : undefined;
  const turn = roundsInTurn(groups, method);
  const last = nextRoundStartsOver(groups, method, control.round);
  const tables = method.rotate === 'groups-across-areas';
  const rule = roleRuleText(method, groups, control.round);
  const allTurns = method.roles === 'rotate-client' && groups.length > 0 && everyoneHadATurn(groups, control.round);
  const question = tables ? t('facilitator.startAgainTables') : t('facilitator.startAgainPeople');

  const next = async (startOver: boolean) => {
    const goto = start !== null ? { goto: start } : {};
    await round.run({ type: 'round.next', ...goto, ...(startOver ? { startOver: true } : {}) });
    setAsking(false);
    requestAnimationFrame(() => nextButton.current?.focus());
  };

  return (
    <div className="fv-round">
      <p className="fv-sec__big">{roundText(control.round, turn)}</p>
      {rule && <p className="fv-round__rule">{rule}</p>}
      {allTurns && <p className="fv-hint">{t('facilitator.everyoneHadTurn')}</p>}
      {tables && (
        <p className="fv-hint">
          {last ? t('facilitator.lastRoundTables') : t('facilitator.nextRoundTables')}
        </p>
      )}
      {asking ? (
        <ConfirmBar
          question={question}
          confirmLabel={t('facilitator.yesStartAgain')}
          busy={round.busy}
          onConfirm={() => void next(true)}
          onCancel={() => {
            setAsking(false);
            requestAnimationFrame(() => nextButton.current?.focus());
          }}
        />
      ) : (
        <button ref={nextButton} type="button" className="fv-btn fv-btn--primary" disabled={round.busy} onClick={() => (last ? setAsking(true) : void next(false))}>
          {t('facilitator.nextRound')}
        </button>
      )}
      {startStep && !asking && <p className="fv-hint">{t('facilitator.goesBackToStep', { number: start! + 1, title: startStep.title })}</p>}
      <Feedback state={round} />
    </div>
  );
}

interface Participants {
  list: ParticipantRow[] | null;
  failed: boolean;
}

/**
 * The facilitator's participants list (names, who is connected): what groups are formed from.
 * Fetched again when people come and go (presence) or the groups change.
 */
function useParticipants(client: RoomClient, groups: ControlState['groups']): Participants {
  const [state, setState] = useState<Participants>({ list: null, failed: false });
  const groupsKey = JSON.stringify(groups.map((g) => [g.id, g.members]));
  const presenceKey = useSyncExternalStore(
    client.presence.subscribe,
    useCallback(
      () =>
        client.presence
          .get()
          .map((u) => u.person ?? u.clientId)
          .join('|'),
      [client],
    ),
  );
  useEffect(() => {
    let alive = true;
    // A moment's wait, so a crowd arriving together is one request, not one each.
    const timer = setTimeout(() => {
      facilitatorApi
        .participants(client.roomId, client.session.token)
        .then((list) => alive && setState({ list, failed: false }))
        .catch(() => alive && setState((s) => ({ ...s, failed: true })));
    }, 250);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [client, presenceKey, groupsKey]);
  return state;
}

/**
 * "Move people between groups": everyone by name, each with a menu of the groups. Choosing a
 * group moves the person at once (one `groups.set`), so it takes one tap on a phone, and says so.
 */
function HandGroups({ client, control, noun, participants }: { client: RoomClient; control: ControlState; noun: string; participants: Participants }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState('');
  const save = useCommand(client);
  const { groups } = control;
  const list = participants.list ?? [];
  const draft = handGroupsDraft(groups);
  const toggle = useRef<HTMLButtonElement>(null);
  const plural = nounFor(noun, 2);

  const move = async (participantId: string, name: string, groupId: string) => {
    const next = { ...draft, [participantId]: groupId };
    setDone('');
    if (await save.run({ type: 'groups.set', groups: handGroupsCommand(groups, list, next) })) {
      const target = groups.find((g) => g.id === groupId);
      setDone(target ? t('facilitator.movedInto', { name, group: target.label }) : t('facilitator.movedOut', { name, noun }));
    }
  };

  if (!open) {
    return (
      <div className="fv-row">
        <button ref={toggle} type="button" className="fv-btn" aria-expanded={false} onClick={() => setOpen(true)}>
          {t('facilitator.movePeopleBetween', { nouns: plural })}
        </button>
      </div>
    );
  }
  const rows = handGroupRows(groups, list, draft);
  return (
    <div className="fv-hand" role="group" aria-label={t('facilitator.movePeopleBetween', { nouns: plural })}>
      <div className="fv-row">
        <button type="button" className="fv-btn" aria-expanded onClick={() => setOpen(false)}>
          {t('facilitator.closeMovePeople')}
        </button>
      </div>
      <p className="fv-hint fv-hint--tight">{t('facilitator.pickGroupHint', { noun })}</p>
      {/* Above the list, where the eye is: the list can be longer than the screen. */}
      <p className="fv-msg fv-msg--ok" role="status" hidden={!done}>
        {done}
      </p>
      <Feedback state={save} />
      {control.mode === 'anonymous' && (
        <p className="fv-hint">{t('facilitator.anonymousListFrozen')}</p>
      )}
      {participants.failed && <p className="fv-hint">{t('facilitator.participantsFailed')}</p>}
      {!participants.list && !participants.failed && <p className="fv-hint">{t('facilitator.loading')}</p>}
      {rows.map((row) =>
        row.groupId === '' && row.people.length === 0 ? null : (
          <section key={row.groupId || 'none'} className="fv-hand__group" aria-label={row.label}>
            <h4 className="fv-hand__label">
              {row.label} <span className="fv-groups__count">{t('facilitator.groupPeopleCount', { people: people(row.people.length) })}</span>
            </h4>
            {row.people.length === 0 ? (
              <p className="fv-hint">{t('facilitator.nobodyYet')}</p>
            ) : (
              <ul className="fv-hand__people">
                {row.people.map((p) => (
                  <li key={p.participantId} className="fv-hand__person">
                    <label className="fv-hand__name" htmlFor={`hand-${p.participantId}`}>
                      {p.name}
                      {!p.connected && <span className="fv-hand__away">{t('facilitator.notConnected')}</span>}
                      <span className="visually-hidden">{t('facilitator.colonMoveTo')}</span>
                    </label>
                    <select
                      id={`hand-${p.participantId}`}
                      className="fv-input fv-hand__select"
                      value={row.groupId}
                      disabled={save.busy}
                      onChange={(e) => void move(p.participantId, p.name, e.currentTarget.value)}
                    >
                      {groups.map((g) => (
                        <option key={g.id} value={g.id}>
                          {g.label}
                        </option>
                      ))}
                      <option value="">{t('facilitator.noGroup', { noun })}</option>
                    </select>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ),
      )}
    </div>
  );
}
