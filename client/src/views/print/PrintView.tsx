import { Fragment, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { RoomInfoReply } from '@tributary/shared/api';
import { cardSections } from '@tributary/shared/board/cards';
import { formatJoinCode } from '@tributary/shared/joinCode';
import { useRoomClient } from '../../hooks/useRoomClient.ts';
import { languageMeta, setLanguage, t, useLanguage } from '../../i18n/i18n.ts';
import { useStore } from '../../hooks/useStore.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorScreen } from '../../ui/ErrorScreen.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { useFacilitatorSession } from '../../ui/facilitatorSession.ts';
import { setPageTitle } from '../../ui/navigation.ts';
import { useQrCode } from '../../ui/JoinPanel.tsx';
import { votesWord } from '../participant/votingList.ts';
import { MarkerChartTable } from '../presenter/MarkerChartTable.tsx';
import { VoteBars } from '../presenter/VoteBars.tsx';
import { WordCloud } from '../presenter/WordCloud.tsx';
import type { PrintSheet } from './printPath.ts';
import { handoutBoxes, handoutQuestion, resultsSheet, type PrintedArea, type PrintedNote } from './sheets.ts';
import { noteWords } from '../../pictures/noteWords.ts';
import '../presenter/presenter.css';
import './print.css';

/**
 * A page to print for people who are not online: the handout to write on, or the results to
 * post or hand out. Opened from the facilitator's panel in a tab of its own; it reads the room
 * with the screen's read-only token (as the projector does), and prints only when asked. Both are
 * in the room's language, the one its phones use, whatever this facilitator reads the panel in.
 */
export default function PrintView({ roomId, sheet }: { roomId: string; sheet: PrintSheet }) {
  const state = useFacilitatorSession(roomId, true);
  const client = useRoomClient(state.status === 'ready' ? state.session : null);
  if (state.status === 'error') {
    return <ErrorScreen title={state.title} message={state.message} action={{ label: t('errors.makeNewRoom'), href: '/' }} />;
  }
  if (state.status !== 'ready' || !client) return <Loading label={t('print.openingRoom')} />;
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
  const inRoomLanguage = useRoomLanguageOnPaper(ready ? control.language : null);
  const title = control.title || info?.title || client.session.title || t('print.defaultTitle');
  const pageTitle = t(sheet === 'handout' ? 'print.handoutPageTitle' : 'print.resultsPageTitle', { title });
  useEffect(() => setPageTitle(pageTitle), [pageTitle]);

  if (!ready && connection.status === 'closed') {
    return <ErrorScreen title={t('errors.roomEndedOrLinkInvalid')} message={t('print.nothingToPrint')} action={{ label: t('errors.makeNewRoom'), href: '/' }} />;
  }
  // Wait for the room's language too: a sheet printed at once must not come out in another one.
  if (!ready || !inRoomLanguage) return <Loading label={t('print.openingRoom')} />;
  return (
    <div className="print">
      <div className="print-bar">
        <p className="print-bar__text">
          {t(sheet === 'handout' ? 'print.barHandout' : 'print.barResults')} {t('print.barPdf')}
          {control.language && <> {t('print.inRoomLanguage', { language: languageMeta(control.language).name })}</>}
        </p>
        <div className="print-bar__actions">
          <Button onClick={() => globalThis.print()}>{t(sheet === 'handout' ? 'print.printHandout' : 'print.printResults')}</Button>
          <a className="btn btn--quiet" href={`/room/${encodeURIComponent(client.roomId)}/facilitate`}>
            {t('print.backToSession')}
          </a>
        </div>
      </div>
      <main id="main" className={`print-sheet print-sheet--${sheet}`}>
        {sheet === 'handout' ? <Handout client={client} info={info} title={title} /> : <Results client={client} title={title} />}
      </main>
    </div>
  );
}

/**
 * Shows this tab in the room's language (the phones' default), without remembering it as this
 * person's own pick; a room without one prints in the language the tab is already in. True once
 * the page is in it, or if that language could not be loaded (then the page stays as it was).
 */
function useRoomLanguageOnPaper(room: string | null): boolean {
  const active = useLanguage();
  const wanted = room ? languageMeta(room).code : active.code;
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    if (wanted !== active.code && failed !== wanted) setLanguage(wanted).catch(() => setFailed(wanted));
  }, [wanted, active.code, failed]);
  return wanted === active.code || failed === wanted;
}

/** Fills a message's `{slot}`s with elements: `values` names each slot's element. */
function withSlots(id: 'print.joinByPhone', values: Record<string, ReactNode>): ReactNode[] {
  const marks = Object.fromEntries(Object.keys(values).map((name, i) => [name, `\uE000${i}\uE000`]));
  const names = Object.keys(values);
  return t(id, marks)
    .split(/\uE000(\d+)\uE000/)
    .map((part, i) => (i % 2 === 1 ? <Fragment key={i}>{values[names[Number(part)]!]}</Fragment> : part));
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
          <h1 className="handout__title" dir="auto">{title}</h1>
          {/* What the facilitator wrote may be in another script than the page: each line finds its own direction. */}
          {question && <p className="handout__question" dir="auto">{question}</p>}
          <p className="handout__how">
            {t(plain ? 'print.writeOneIdea' : 'print.writeInEachPart')} {t('print.giveTheSheet')}
          </p>
        </div>
        {info && (
          <aside className="handout__join" aria-label={t('print.howToJoin')}>
            {qr && <div className="handout__qr" role="img" aria-label={t('print.qrLabel')} dangerouslySetInnerHTML={{ __html: qr }} />}
            <p className="handout__join-text">
              {withSlots('print.joinByPhone', {
                link: (
                  <strong className="handout__link" dir="ltr">
                    {host}
                    <wbr />
                    /join
                  </strong>
                ),
                code: (
                  <strong className="handout__code" dir="ltr">
                    {formatJoinCode(info.joinCode)}
                  </strong>
                ),
              })}
            </p>
          </aside>
        )}
      </header>
      <ol className={`handout__boxes${plain ? ' handout__boxes--plain' : ''}`} aria-label={t('print.boxesLabel')}>
        {boxes.map((box) => (
          <li key={box.key} className="handout__box">
            {box.label && <h2 className="handout__box-title" dir="auto">{box.label}</h2>}
            {box.hint && <p className="handout__box-hint" dir="auto">{box.hint}</p>}
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
  const language = useLanguage();
  const totals = [t('print.notes', { count: sheet.noteCount })];
  if (sheet.votes !== null) totals.push(votesWord(sheet.votes));
  if (rounds.length > 0) totals.push(t('print.markerRounds', { count: rounds.length }));
  const printed = new Date().toLocaleDateString(language.code, { day: 'numeric', month: 'long', year: 'numeric' });
  return (
    <article className="results-print">
      <header className="results-print__head">
        <h1>{title}</h1>
        <p className="results-print__totals">
          {[...totals, t('print.printedOn', { date: printed })].join(' · ')}
        </p>
        <p className="results-print__privacy">{t('print.privacy')}</p>
      </header>
      {sheet.cloud.length > 0 && (
        <section className="results-print__chart" aria-labelledby="print-words">
          <h2 id="print-words">{t('print.everyonesWords')}</h2>
          <WordCloud words={sheet.cloud} />
        </section>
      )}
      {sheet.bars.length > 0 && (
        <section className="results-print__chart" aria-labelledby="print-votes">
          <h2 id="print-votes">{t('print.mostVotes')}</h2>
          <VoteBars bars={sheet.bars} headingId="print-votes" />
        </section>
      )}
      {rounds.length > 0 && (
        <section className="results-print__chart" aria-labelledby="print-markers">
          <h2 id="print-markers">{t('print.markersHeading')}</h2>
          <MarkerChartTable chart={sheet.markers} caption={t('print.markersCaption')} />
        </section>
      )}
      {sheet.areas.length === 0 && <p className="result-empty">{t('print.noNotes')}</p>}
      {sheet.areas.map((area) => (
        <AreaPage key={area.key} area={area} rounds={rounds} prompts={sheet.prompts} />
      ))}
    </article>
  );
}

function areaTotals(area: PrintedArea, rounds: ReadonlyArray<{ title: string }>): string {
  const parts = [t('print.notes', { count: area.notes.length })];
  if (area.votes !== null) parts.push(votesWord(area.votes));
  area.markers.forEach((count, i) => parts.push(t('print.markersIn', { round: rounds[i]?.title ?? t('print.aRound'), count })));
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
          {noteWords(note)}
        </p>
      )}
      {votes !== null && <p className="results-print__votes">{votesWord(votes)}</p>}
    </li>
  );
}
