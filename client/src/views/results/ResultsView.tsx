import { useCallback, useEffect, useState } from 'react';
import type { PublishedResultsReply, ResultsNote } from '@tributary/shared/publishedResults';
import { t, useLanguage } from '../../i18n/i18n.ts';
import { ApiError } from '../../sync/api.ts';
import { facilitatorApi } from '../../sync/facilitatorApi.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorScreen } from '../../ui/ErrorScreen.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { setPageTitle } from '../../ui/navigation.ts';
import { votesWord } from '../participant/votingList.ts';
import { MarkerChartTable } from '../presenter/MarkerChartTable.tsx';
import { VoteBars } from '../presenter/VoteBars.tsx';
import { WordCloud } from '../presenter/WordCloud.tsx';
import '../presenter/presenter.css';
import '../print/print.css';
import './results.css';

type PageState =
  | { status: 'loading' }
  | { status: 'ready'; results: PublishedResultsReply }
  | { status: 'gone' }
  | { status: 'missing' }
  | { status: 'failed'; message: string };

/**
 * The published "what we said" page, opened by anyone with its link: no token, no login, no
 * websocket, one request. It reads on a phone and prints like the printed results (charts first,
 * then each area on a page of its own), with the presenter's charts. It names nobody: the server
 * sends no author, and nothing here would show one.
 */
export default function ResultsView({ resultsToken }: { resultsToken: string }) {
  const [state, setState] = useState<PageState>({ status: 'loading' });
  const load = useCallback(() => {
    setState({ status: 'loading' });
    facilitatorApi.publishedResults(resultsToken).then(
      (results) => setState({ status: 'ready', results }),
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 410) setState({ status: 'gone' });
        else if (err instanceof ApiError && err.status === 404) setState({ status: 'missing' });
        else setState({ status: 'failed', message: err instanceof ApiError && err.status !== 0 ? err.message : t('results.couldNotOpen') });
      },
    );
  }, [resultsToken]);
  useEffect(load, [load]);

  if (state.status === 'loading') return <Loading label={t('results.opening')} />;
  if (state.status === 'gone') return <ErrorScreen title={t('results.takenDownTitle')} message={t('errors.TRIB_RESULTS_TAKEN_DOWN')} action={null} />;
  if (state.status === 'missing') return <ErrorScreen title={t('results.notFoundTitle')} message={t('errors.TRIB_RESULTS_NOT_FOUND')} action={null} />;
  if (state.status === 'failed') {
    return (
      <ErrorScreen title={t('results.couldNotOpenTitle')} message={state.message} action={null}>
        <p>
          <Button onClick={load}>{t('results.tryAgain')}</Button>
        </p>
      </ErrorScreen>
    );
  }
  return <ResultsPage results={state.results} />;
}

/** "7 December 2026", in the reader's language: the day only, never a time. */
function sessionDay(date: string, language: string): string {
  const day = new Date(`${date}T12:00:00Z`);
  return Number.isNaN(day.getTime()) ? date : day.toLocaleDateString(language, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function ResultsPage({ results }: { results: PublishedResultsReply }) {
  const language = useLanguage();
  const title = results.title || t('print.defaultTitle');
  useEffect(() => setPageTitle(t('results.pageTitle', { title })), [title]);
  const rounds = results.markers.rounds;
  const totals = [t('results.sessionOn', { date: sessionDay(results.date, language.code) }), t('print.notes', { count: results.noteCount })];
  if (results.votes !== null) totals.push(votesWord(results.votes));
  const agreed = results.agreed.length > 0;
  const next = results.next.trim();
  return (
    <div className="print results-page">
      <nav className="print-bar results-page__bar" aria-label={t('results.onThisPage')}>
        <ul className="results-page__toc">
          {next && (
            <li>
              <a href="#next">{t('results.whatHappenedNext')}</a>
            </li>
          )}
          {agreed && (
            <li>
              <a href="#agreed">{t('results.whatWeAgreed')}</a>
            </li>
          )}
          <li>
            <a href="#said">{t('results.whatWeSaid')}</a>
          </li>
        </ul>
        <Button onClick={() => globalThis.print()}>{t('results.print')}</Button>
      </nav>
      <main id="main" className="print-sheet print-sheet--results">
        <article className="results-print">
          <header className="results-print__head">
            <h1 dir="auto">{title}</h1>
            <p className="results-print__totals">{totals.join(' · ')}</p>
            <p className="results-print__privacy">{t('results.privacy')}</p>
          </header>
          {next && (
            <section id="next" className="results-page__next" aria-labelledby="results-next">
              <h2 id="results-next">{t('results.whatHappenedNext')}</h2>
              <p className="results-page__next-text" dir="auto">
                {next}
              </p>
            </section>
          )}
          {agreed && (
            <section id="agreed" className="results-print__chart" aria-labelledby="results-agreed">
              <h2 id="results-agreed">{t('results.whatWeAgreed')}</h2>
              <p>{t('results.agreedHow')}</p>
              <VoteBars bars={results.agreed} headingId="results-agreed" />
            </section>
          )}
          <section id="said" aria-labelledby="results-said">
            <h2 id="results-said" className="results-page__said">
              {t('results.whatWeSaid')}
            </h2>
            {results.cloud.length > 0 && (
              <section className="results-print__chart" aria-labelledby="results-words">
                <h3 id="results-words">{t('print.everyonesWords')}</h3>
                <WordCloud words={results.cloud} />
              </section>
            )}
            {!agreed && results.bars.length > 0 && (
              <section className="results-print__chart" aria-labelledby="results-votes">
                <h3 id="results-votes">{t('print.mostVotes')}</h3>
                <VoteBars bars={results.bars} headingId="results-votes" />
              </section>
            )}
            {rounds.length > 0 && (
              <section className="results-print__chart" aria-labelledby="results-markers">
                <h3 id="results-markers">{t('print.markersHeading')}</h3>
                <MarkerChartTable chart={results.markers} caption={t('print.markersCaption')} />
              </section>
            )}
            {results.areas.length === 0 && <p className="result-empty">{t('print.noNotes')}</p>}
            {results.areas.map((area, i) => (
              <ResultsArea key={i} area={area} rounds={rounds} />
            ))}
          </section>
        </article>
      </main>
    </div>
  );
}

type PageArea = PublishedResultsReply['areas'][number];

function areaTotals(area: PageArea, rounds: ReadonlyArray<{ title: string }>): string {
  const parts = [t('print.notes', { count: area.notes.length })];
  if (area.votes !== null) parts.push(votesWord(area.votes));
  area.markers.forEach((count, i) => parts.push(t('print.markersIn', { round: rounds[i]?.title ?? t('print.aRound'), count })));
  return parts.join(' · ');
}

/** One area: its notes, each on a page of its own when printed (print.css). */
function ResultsArea({ area, rounds }: { area: PageArea; rounds: ReadonlyArray<{ title: string }> }) {
  const title = area.title || t('presenter.notInArea');
  return (
    <section className="results-print__area" aria-label={title}>
      <h3 dir="auto">{title}</h3>
      {area.description && (
        <p className="results-print__desc" dir="auto">
          {area.description}
        </p>
      )}
      <p className="results-print__area-totals">{areaTotals(area, rounds)}</p>
      <ul className="results-print__notes">
        {area.notes.map((note, i) => (
          <ResultsNoteItem key={i} note={note} />
        ))}
      </ul>
    </section>
  );
}

/** A note: all its text (a card's every question and answer), its votes, never a name. */
function ResultsNoteItem({ note }: { note: ResultsNote }) {
  return (
    <li className="results-print__note">
      {note.picture && <p className="results-page__picture">{t('results.picture')}</p>}
      {note.card ? (
        <dl className="result-card">
          {note.card.map((s, i) => (
            <div key={i} className="result-card__part">
              {s.prompt && <dt dir="auto">{s.prompt}</dt>}
              <dd dir="auto">{s.answer}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="results-print__text" dir="auto">
          {note.text}
        </p>
      )}
      {note.votes !== null && <p className="results-print__votes">{votesWord(note.votes)}</p>}
    </li>
  );
}
