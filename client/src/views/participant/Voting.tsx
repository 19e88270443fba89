import { t } from '../../i18n/i18n.ts';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { NOTE_COLORS } from '@tributary/shared/board/colors';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { api } from '../../sync/api.ts';
import { requestProblem } from './requestProblem.ts';
import { useStore } from '../../hooks/useStore.ts';
import { useMyBallot } from './useMyBallot.ts';
import { Button } from '../../ui/Button.tsx';
import { isWordsBoard } from '@tributary/shared/board/words';
import { oneRowPerWord, voteRows, type VoteRow } from './votingList.ts';
import { quote } from './methods.ts';
import { noteWords } from '../../pictures/noteWords.ts';

/**
 * Voting on a phone: every note on the board as a list with "+ Vote" and "− Take back", how many
 * votes are left, and where this person's votes are (only they see that). Once the facilitator
 * shows the totals, they appear next to each note, most votes first.
 */
export function Voting({ client, announce }: { client: RoomClient; announce: (message: string) => void }) {
  const control = useStore(client.controlStore);
  const board = useStore(client.boardStore);
  const { open, totals } = control.voting;
  const { mine, setMine, setRemaining, left } = useMyBallot(client);
  const [busyNote, setBusyNote] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ noteId: string; text: string } | null>(null);
  const headingId = useId();


  const role = control.voting.role;
  const rows = useMemo(() => {
    if (isWordsBoard(board.areas.values())) return oneRowPerWord(voteRows(board.notes.values(), board.areas, null, role), totals);
    return voteRows(board.notes.values(), board.areas, totals, role);
  }, [board, totals, role]);

  // The moment the totals are shown, say so (and what leads): the list reorders without a word.
  const totalsShown = totals !== null && control.voting.target !== 'areas';
  const heardTotals = useRef(false);
  useEffect(() => {
    if (totalsShown && !heardTotals.current) announce(totalsAnnouncement(rows));
    heardTotals.current = totalsShown;
  }, [totalsShown, rows, announce]);

  // `row`: the note whose row asked (a word's first note), when the vote goes to one of its copies.
  const vote = async (noteId: string, delta: 1 | -1, row = noteId) => {
    if (busyNote) return;
    setBusyNote(row);
    setProblem(null);
    try {
      const reply = await api.vote(client.roomId, client.session.token, noteId, delta);
      setRemaining(reply.remaining);
      setMine(reply.mine);
      announce(t(delta === 1 ? 'parts.voteGiven' : 'parts.voteTakenBack', { left: reply.remaining }));
    } catch (error) {
      const text = requestProblem(error);
      setProblem({ noteId: row, text });
      announce(text);
    } finally {
      setBusyNote(null);
    }
  };

  if (!open && !totals) return null;
  // Marker voting on areas (Recovery River…) needs api.vote to send an areaId: not built on the phone yet.
  if (control.voting.target === 'areas') {
    return (
      <section className="card voting" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('parts.votingOnAreas')}</h2>
        <p>{t('parts.votingOnAreasHelp')}</p>
      </section>
    );
  }

  return (
    <section className="card voting" aria-labelledby={headingId}>
      <h2 id={headingId}>{open ? t('parts.voteHeading') : t('parts.theVotes')}</h2>
      {open ? (
        <>
          <p className="voting__left" aria-live="polite">
            {t('parts.votesLeft', { left })} <span className="muted">{t('parts.moreThanOneVote')}</span>
          </p>
          <p className="muted">{t('parts.votingAnonymous')}</p>
        </>
      ) : (
        <p className="muted">{t('parts.votingClosed')}</p>
      )}
      {rows.length === 0 ? (
        <p className="muted">{t('parts.noNotesYet')}</p>
      ) : (
        <ul className="note-list voting__list">
          {rows.map(({ note, areaTitle, total, buildsOn, copies = [note.id] }) => {
            const given = copies.reduce((sum, id) => sum + (mine[id] ?? 0), 0);
            return (
              <li key={note.id} className="vote-note" style={{ backgroundColor: NOTE_COLORS[note.color] }}>
                <p className="my-note__text" dir="auto">
                  {noteWords(note)}
                </p>
                {buildsOn && (
                  <p className="my-note__meta" dir="auto">
                    {t('parts.turnsAround', { quote: quote(noteWords(buildsOn), 80) })}
                  </p>
                )}
                <p className="my-note__meta">
                  {areaTitle && <span dir="auto">{areaTitle} · </span>}
                  {total !== null && <strong className="vote-note__total">{t('parts.votesInAll', { count: total })}</strong>}
                  {total !== null && open && given > 0 && ' · '}
                  {open && given > 0 && <span>{t('parts.yourVotes', { count: given })}</span>}
                  {open && given === 0 && total === null && <span>{t('parts.noVotesFromYou')}</span>}
                </p>
                {open && (
                  <div className="button-row">
                    <Button
                      variant="primary"
                      onClick={() => vote(note.id, 1)}
                      unavailable={left === 0}
                      busy={busyNote === note.id}
                      aria-label={t('parts.giveVoteLabel', { text: quote(noteWords(note), 80) })}
                    >
                      {t('parts.vote')}
                    </Button>
                    <Button
                      variant="quiet"
                      onClick={() => vote(copies.find((id) => (mine[id] ?? 0) > 0) ?? note.id, -1, note.id)}
                      unavailable={given === 0}
                      busy={busyNote === note.id}
                      aria-label={t('parts.takeBackVoteLabel', { text: quote(noteWords(note), 80) })}
                    >
                      {t('parts.unvote')}
                    </Button>
                  </div>
                )}
                {problem?.noteId === note.id && (
                  <p className="field__error vote-note__problem">{problem.text}</p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/**
 * What a screen reader hears when the facilitator shows the totals (rows most votes first):
 * that they are in, and which note leads, so nobody has to hunt through the list to find out.
 */
function totalsAnnouncement(rows: readonly VoteRow[]): string {
  const top = rows[0];
  if (!top || !top.total) return t('parts.votesInNone');
  return t('parts.votesInTop', { text: quote(noteWords(top.note), 80), count: top.total });
}
