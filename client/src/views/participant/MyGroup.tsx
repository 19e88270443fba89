import { t } from '../../i18n/i18n.ts';
import { useEffect, useId, useRef, useState } from 'react';
import type { ControlState } from '@tributary/shared/control/state';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { api } from '../../sync/api.ts';
import { requestProblem } from './requestProblem.ts';
import { Button } from '../../ui/Button.tsx';
import { areaQuestion, peopleWord, roleLine, tableMoveAnnouncement, type MyPlace } from './methods.ts';

/**
 * "You are in Group 2 · Round 2", the role this round, and (when the facilitator allows it)
 * big buttons to choose a group. Shown only when the room has groups.
 */
export function MyGroup({
  client,
  control,
  place,
  listening = false,
  tableShown = false,
  announce,
}: {
  client: RoomClient;
  control: ControlState;
  place: MyPlace;
  /** The client listens in this part (the note form is replaced by "Listen for now"). */
  listening?: boolean;
  /** This step's notes go to the group's table (its question is the question above). */
  tableShown?: boolean;
  announce: (message: string) => void;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState('');
  const [changing, setChanging] = useState(false);
  const headingId = useId();
  const { group, role, roundLine } = place;
  const choosing = control.groupChoice && (!group || changing);
  const asked = place.table ? Boolean(place.table.description || areaQuestion(place.table)) : false;
  // Where the note goes, while this step writes at the group's table (a table with a question:
  // "Your note goes on Table 2: …"; an area without one is named with the question above), never
  // to a client who only listens now; otherwise the table the group sits at.
  const tableLine = !place.table
    ? null
    : tableShown
      ? asked && !listening
        ? t('parts.noteGoesOn')
        : null
      : asked
        ? t('parts.yourTableLabel')
        : t('parts.yourGroupsAreaLabel');

  // When the round moves the group on, say so at once: the live region must never go on saying
  // "Your note is on Table 1" once the group sits at Table 2.
  const tableId = place.table?.id ?? null;
  const seenTable = useRef(tableId);
  useEffect(() => {
    if (seenTable.current === tableId) return;
    seenTable.current = tableId;
    const moved = tableMoveAnnouncement(place.table, control.round);
    if (moved) announce(moved);
  }, [tableId, control.round, place.table, announce]);

  const choose = async (groupId: string) => {
    if (busy) return;
    setBusy(groupId);
    setProblem('');
    try {
      const reply = await api.chooseGroup(client.roomId, client.session.token, groupId);
      setChanging(false);
      announce(t('parts.youAreInGroupNow', { group: reply.label }));
    } catch (error) {
      const text = requestProblem(error);
      setProblem(text);
      announce(text);
    } finally {
      setBusy(null);
    }
  };

  if (!group && !control.groupChoice) {
    return (
      <section className="card my-group" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('parts.yourGroup')}</h2>
        <p className="muted">{t('parts.notInGroupYet')}</p>
      </section>
    );
  }

  return (
    <section className="card my-group" aria-labelledby={headingId}>
      <h2 id={headingId} className="my-group__heading">
        {group ? t('parts.youAreInGroup', { group: group.label }) : t('parts.chooseGroup')}
        {roundLine && <span className="my-group__round">{roundLine}</span>}
      </h2>
      {tableLine && (
        <p className="my-group__table" aria-live="polite">
          <span className="my-group__table-label">{tableLine} </span>
          <span dir="auto">{place.table!.title || t('parts.untitled')}</span>
        </p>
      )}
      {role && <p className={`my-group__role my-group__role--${role}`}>{roleLine(role, listening)}</p>}
      {group && control.groupChoice && !changing && (
        <Button variant="secondary" block onClick={() => setChanging(true)}>
          {t('parts.changeGroup')}
        </Button>
      )}
      {choosing && (
        <div className="stack stack--tight">
          <p className="muted">{group ? t('parts.pickGroupToMove') : t('parts.pickGroupToJoin')}</p>
          <ul className="group-choice" aria-label={t('parts.groups')}>
            {control.groups.map((g) => {
              const mine = g.id === group?.id;
              const people = g.members.length;
              return (
                <li key={g.id}>
                  <Button
                    variant={mine ? 'secondary' : 'primary'}
                    block
                    big
                    busy={busy === g.id}
                    unavailable={mine}
                    onClick={() => choose(g.id)}
                    aria-label={t(mine ? 'parts.yourGroupChoice' : 'parts.joinGroupChoice', { group: g.label, people: peopleWord(people) })}
                  >
                    <span>{g.label}</span>
                    <span className="group-choice__count">{peopleWord(people)}</span>
                  </Button>
                </li>
              );
            })}
          </ul>
          {group && (
            <Button variant="quiet" block onClick={() => setChanging(false)}>
              {t('parts.stayInGroup', { group: group.label })}
            </Button>
          )}
        </div>
      )}
      {problem && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
