import { t } from '../../i18n/i18n.ts';
import type { Bar } from '@tributary/shared/board/results';
import { votesWord } from '../participant/votingList.ts';
import { barWords } from '../../pictures/noteWords.ts';

/**
 * The vote totals as a bar chart, most votes first: each bar's length is its share of the top
 * total, and its number is written beside it, so the chart reads without colour or length.
 */
export function VoteBars({ bars, headingId }: { bars: Bar[]; headingId: string }) {
  const top = Math.max(1, ...bars.map((b) => b.value));
  if (bars.length === 0) return <p className="result-empty">{t('presenter.noVotes')}</p>;
  return (
    <ol className="vote-bars" aria-labelledby={headingId}>
      {bars.map((bar) => (
        <li key={bar.id} className="vote-bars__row">
          <span className="vote-bars__label" dir="auto">
            {barWords(bar)}
          </span>
          <span className="vote-bars__track" aria-hidden="true">
            <span className="vote-bars__bar" style={{ width: `${(bar.value / top) * 100}%` }} />
          </span>
          <strong className="vote-bars__value">{votesWord(bar.value)}</strong>
        </li>
      ))}
    </ol>
  );
}
