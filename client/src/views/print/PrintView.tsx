import { useEffect, useMemo, useState } from 'react';
import type { RoomInfoReply } from '@tributary/shared';
import { cardSections } from '@tributary/shared/board/cards';
import { formatJoinCode } from '@tributary/shared/joinCode';
import { useRoomClient } from '../../hooks/useRoomClient.ts';
import { useStore } from '../../hooks/useStore.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorScreen } from '../../ui/ErrorScreen.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { useFacilitatorSession } from '../../ui/facilitatorSession.ts';
import { setPageTitle } from '../../ui/navigation.ts';
import { useQrCode } from '../../ui/JoinPanel.tsx';
import { votesWord } from '../participant/votingList.ts';
import { peopleWord } from '../participant/methods.ts';
import { MarkerChartTable } from '../presenter/MarkerChartTable.tsx';
import { VoteBars } from '../presenter/VoteBars.tsx';
import { WordCloud } from '../presenter/WordCloud.tsx';
import type { PrintSheet } from './printPath.ts';
import { handoutBoxes, handoutQuestion, resultsSheet, type PrintedArea, type PrintedNote } from './sheets.ts';
import '../presenter/presenter.css';
import './print.css';

/**
 * A page to print for people who are not online: the handout to write on, or the results to
 * post or hand out. Opened from the facilitator's panel in a tab of its own; it reads the room
 * with the screen's read-only token (as the projector does), and prints only when asked.
 */
export default function PrintView({ roomId, sheet }: { roomId: string; sheet: PrintSheet }) {
  const state = useFacilitatorSession(roomId, true);
  const client = useRoomClient(state.status === 'ready' ? state.session : null);
  if (state.status === 'error') {
    return <ErrorScreen title={state.title} message={state.message} action={{ label: 'Make a new room', href: '/' }} />;
  }
  if (state.status !== 'ready' || !client) return <Loading label="Opening the room…" />;
  return <Printable client={client} info={state.info} sheet={sheet} />;
}

function Printable({ client, info, sheet }: { client: RoomClient; info: RoomInfoReply | null; sheet: PrintSheet }) {
  const connection = useStore(client.connection);
  // Once the board has arrived, keep showing it: a dropped connection must not blank the page.
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (connection.synced) setReady(true);
  }, [connection.synced]);
  const control = useStore(client.controlStore);
  const title = control.title || info?.title || client.session.title || 'Workshop';
  const what = sheet === 'handout' ? 'Handout' : 'Results';
  useEffect(() => setPageTitle(`${title} · ${what}`), [title, what]);

  if (!ready && connection.status === 'closed') {
    return <ErrorScreen title="This room has ended or your link is no longer valid" message="There is nothing to print from it." action={{ label: 'Make a new room', href: '/' }} />;
  }
  if (!ready) return <Loading label="Opening the room…" />;
  return (
    <div className="print">
      <div className="print-bar">
        <p className="print-bar__text">
          {sheet === 'handout'
            ? 'A sheet for people taking part on paper, for A4 or US Letter: print as many as you need.'
            : 'The results on paper: charts first, then each area on a page of its own.'}{' '}
          Your browser’s print window can also save it as a PDF.
        </p>
        <div className="print-bar__actions">
          <Button onClick={() => globalThis.print()}>{sheet === 'handout' ? 'Print the handout' : 'Print the results'}</Button>
          <a className="btn btn--quiet" href={`/room/${encodeURIComponent(client.roomId)}/facilitate`}>
            Back to the session
          </a>
        </div>
      </div>
      <main id="main" className={`print-sheet print-sheet--${sheet}`}>
        {sheet === 'handout' ? <Handout client={client} info={info} title={title} /> : <Results client={client} title={title} />}
      </main>
    </div>
  );
}

/** The handout: the question, how to join, and big boxes to write in. */
function Handout({ client, info, title }: { client: RoomClient; info: RoomInfoReply | null; title: string }) {
  const control = useStore(client.controlStore);
  const board = useStore(client.boardStore);
  const question = handoutQuestion(control, board.areas);
  const boxes = useMemo(() => handoutBoxes(control, board.areas.values()), [control, board.areas]);
  const joinLink = info?.links.join ?? '';
  const qr = useQrCode(joinLink);
  const plain = boxes.every((b) => !b.label);
  // "tributary.example.org" then "/join": the line may break only between the two.
  const host = joinLink.replace(/^https?:\/\//, '').replace(/\/join\/.*$/, '');
  return (
    <article className="handout">
      <header className="handout__head">
        <div>
          <h1 className="handout__title">{title}</h1>
          {question && <p className="handout__question">{question}</p>}
          <p className="handout__how">
            {plain ? 'Write one idea in each box.' : 'Write in the box for each part you want to say something about.'} You do not need to write your
            name. Give the sheet to the facilitator, who will put your words on the board.
          </p>
        </div>
        {info && (
          <aside className="handout__join" aria-label="How to join on a phone">
            {qr && <div className="handout__qr" role="img" aria-label="QR code of the join link" dangerouslySetInnerHTML={{ __html: qr }} />}
            <p className="handout__join-text">
              Have a phone? Scan the code, or go to{' '}
              <strong className="handout__link">
                {host}
                <wbr />
                /join
              </strong>{' '}
              and type{' '}
              <strong className="handout__code">{formatJoinCode(info.joinCode)}</strong>
            </p>
          </aside>
        )}
      </header>
      <ol className={`handout__boxes${plain ? ' handout__boxes--plain' : ''}`} aria-label="Boxes to write in">
        {boxes.map((box) => (
          <li key={box.key} className="handout__box">
            {box.label && <h2 className="handout__box-title">{box.label}</h2>}
            {box.hint && <p className="handout__box-hint">{box.hint}</p>}
            <div className="handout__space" />
          </li>
        ))}
      </ol>
    </article>
  );
}

/** The results: totals and charts on the first page, then each area on its own page. */
function Results({ client, title }: { client: RoomClient; title: string }) {
  const control = useStore(client.controlStore);
  const board = useStore(client.boardStore);
  const sheet = useMemo(() => resultsSheet(control, board), [control, board]);
  const rounds = sheet.markers.rounds;
  const totals = [`${sheet.noteCount} ${sheet.noteCount === 1 ? 'note' : 'notes'}`];
  if (sheet.votes !== null) totals.push(votesWord(sheet.votes));
  if (rounds.length > 0) totals.push(`${rounds.length} ${rounds.length === 1 ? 'round' : 'rounds'} of markers`);
  const printed = new Date().toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
  return (
    <article className="results-print">
      <header className="results-print__head">
        <h1>{title}</h1>
        <p className="results-print__totals">
          {totals.join(' · ')} · printed {printed}
        </p>
        <p className="results-print__privacy">Notes are shown without names. Votes and markers are counts only, never who.</p>
      </header>
      {sheet.cloud.length > 0 && (
        <section className="results-print__chart" aria-labelledby="print-words">
          <h2 id="print-words">Everyone’s words</h2>
          <WordCloud words={sheet.cloud} />
        </section>
      )}
      {sheet.bars.length > 0 && (
        <section className="results-print__chart" aria-labelledby="print-votes">
          <h2 id="print-votes">Most votes</h2>
          <VoteBars bars={sheet.bars} headingId="print-votes" />
        </section>
      )}
      {rounds.length > 0 && (
        <section className="results-print__chart" aria-labelledby="print-markers">
          <h2 id="print-markers">Where people placed their markers</h2>
          <MarkerChartTable chart={sheet.markers} caption="How many people placed a marker at each place, round by round" />
        </section>
      )}
      {sheet.areas.length === 0 && <p className="result-empty">No notes on the board.</p>}
      {sheet.areas.map((area) => (
        <AreaPage key={area.key} area={area} rounds={rounds} prompts={sheet.prompts} />
      ))}
    </article>
  );
}

function areaTotals(area: PrintedArea, rounds: ReadonlyArray<{ title: string }>): string {
  const parts = [`${area.notes.length} ${area.notes.length === 1 ? 'note' : 'notes'}`];
  if (area.votes !== null) parts.push(votesWord(area.votes));
  area.markers.forEach((count, i) => parts.push(`markers in “${rounds[i]?.title ?? 'a round'}”: ${peopleWord(count).toLowerCase()}`));
  return parts.join(' · ');
}

function AreaPage({ area, rounds, prompts }: { area: PrintedArea; rounds: ReadonlyArray<{ title: string }>; prompts: readonly string[] }) {
  return (
    <section className="results-print__area" aria-label={area.title}>
      <h2>{area.title}</h2>
      {area.description && <p className="results-print__desc">{area.description}</p>}
      <p className="results-print__area-totals">{areaTotals(area, rounds)}</p>
      <ul className="results-print__notes">
        {area.notes.map((item) => (
          <PrintedNoteItem key={item.note.id} item={item} prompts={prompts} />
        ))}
      </ul>
    </section>
  );
}

/**
 * A note on paper: all its text, and its votes. As on the projector, no note carries a name, but
 * a User Manual card its writer signed (never an anonymous one): it is about them.
 */
function PrintedNoteItem({ item: { note, votes }, prompts }: { item: PrintedNote; prompts: readonly string[] }) {
  const sections = prompts.length > 0 ? cardSections(note.text, prompts) : [];
  const card = sections.some((s) => s.prompt !== null);
  return (
    <li className="results-print__note">
      {card ? (
        <>
          <dl className="result-card">
            {sections.map((s, i) => (
              <div key={i} className="result-card__part">
                {s.prompt && <dt>{s.prompt}</dt>}
                <dd dir="auto">{s.answer}</dd>
              </div>
            ))}
          </dl>
          {!note.anonymous && note.authorName && <p className="result-card__by">{note.authorName}</p>}
        </>
      ) : (
        <p className="results-print__text" dir="auto">
          {note.text}
        </p>
      )}
      {votes !== null && <p className="results-print__votes">{votesWord(votes)}</p>}
    </li>
  );
}
