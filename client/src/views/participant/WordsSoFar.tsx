import { t } from '../../i18n/i18n.ts';
import { useId, useMemo } from 'react';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { useStore } from '../../hooks/useStore.ts';
// Not from methods.ts: word counting loads with this part, only in rooms that collect words.
import { wordFrequencies } from '@tributary/shared/board/words';

/** "Words so far", most frequent first with "hope ×3", so repeated words are easy to see on a phone. */
export function WordsSoFar({ client }: { client: RoomClient }) {
  const board = useStore(client.boardStore);
  const words = useMemo(() => wordFrequencies(board.notes.values()), [board]);
  const headingId = useId();
  if (words.length === 0) return null;
  const repeated = words.filter((w) => w.count > 1).length;
  return (
    <section className="card words" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {t('parts.wordsSoFar')} <span className="count">({words.length})</span>
      </h2>
      <p className="muted">{t('parts.wordsRepeated', { count: repeated })}</p>
      <ul className="words__list">
        {words.map((w) => (
          <li key={w.word} className={`words__item${w.count > 1 ? ' words__item--repeated' : ''}`}>
            <span className="words__label" dir="auto">
              {w.label}
            </span>
            {w.count > 1 && (
              <>
                <span className="words__count" aria-hidden="true">
                  ×{w.count}
                </span>
                <span className="visually-hidden">{t('parts.wordTimes', { count: w.count })}</span>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
