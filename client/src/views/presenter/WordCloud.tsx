import { t } from '../../i18n/i18n.ts';
import { useMemo } from 'react';
import { wordInk, type CloudWord } from '@tributary/shared/board/results';
import { cloudOrder } from './presenterResults.ts';

function timesWord(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

/**
 * Everyone's words, each once, sized by how many people wrote it, with the number beside it in
 * text ("×3"), so size is never the only way to tell. A screen reader hears a list: "support,
 * written 3 times".
 */
export function WordCloud({ words }: { words: CloudWord[] }) {
  const ordered = useMemo(() => cloudOrder(words), [words]);
  return (
    <ul className="word-cloud" aria-label={t('presenter.wordCloudLabel')}>
      {ordered.map((w) => (
        <li
          key={w.word}
          className="word-cloud__word"
          style={{ fontSize: `calc(var(--cloud-min) + (var(--cloud-max) - var(--cloud-min)) * ${w.weight.toFixed(3)})`, color: wordInk(w.word) }}
        >
          <span className="word-cloud__text" dir="auto">
            {w.label}
          </span>
          {w.count > 1 && (
            <span className="word-cloud__count" aria-hidden="true">
              ×{w.count}
            </span>
          )}
          <span className="visually-hidden">, written {timesWord(w.count)}</span>
        </li>
      ))}
    </ul>
  );
}
