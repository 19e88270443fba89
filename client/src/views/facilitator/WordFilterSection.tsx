import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { WordFilterReply } from '@tributary/shared/api';
import { filterWordProblem } from '@tributary/shared/control/wordFilter';
import { ApiError } from '../../sync/api.ts';
import { facilitatorApi } from '../../sync/facilitatorApi.ts';
import { t } from '../../i18n/i18n.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { Feedback, PanelSection } from './FacilitationParts.tsx';
import { useCommand } from './facilitationHooks.ts';

type FilterLanguage = WordFilterReply['languages'][number];

/** A language's name in English (the facilitator's screens are English), or its code. */
function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * The word filter's settings: on or off, and each language's words, to add to or remove from.
 * The lists come from the server on demand: they are never in a document participants receive.
 */
export function WordFilterSection({ client }: { client: RoomClient }) {
  const cmd = useCommand(client);
  const [filter, setFilter] = useState<WordFilterReply | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const checkboxId = useId();

  const load = useCallback(() => {
    facilitatorApi
      .wordFilter(client.roomId, client.session.token)
      .then((reply) => {
        setFilter(reply);
        setLoadError(null);
      })
      .catch((err: unknown) => setLoadError(err instanceof ApiError ? err.message : t('facilitator.filterLoadFailed')));
  }, [client]);
  useEffect(load, [load]);

  const setWords = async (language: string, words: string[]) => {
    if (await cmd.run({ type: 'filter.set', language, words })) load();
  };

  return (
    <PanelSection title={t('facilitator.filterTitle')} className="fv-filter">
      <p className="fv-hint">{t('facilitator.filterIntro')}</p>
      {loadError && (
        <p className="fv-msg fv-msg--error" role="alert">
          {loadError}
        </p>
      )}
      {filter && (
        <>
          <div className="fv-check">
            <input
              id={checkboxId}
              type="checkbox"
              checked={filter.enabled}
              aria-busy={cmd.busy || undefined}
              onChange={(e) => void cmd.run({ type: 'filter.enabled', enabled: e.target.checked }).then((ok) => ok && load())}
            />
            <label htmlFor={checkboxId}>{t('facilitator.filterOn')}</label>
          </div>
          {filter.languages.map((list) => (
            <FilterList key={list.language} list={list} busy={cmd.busy} onChange={(words) => void setWords(list.language, words)} />
          ))}
        </>
      )}
      <Feedback state={cmd} />
    </PanelSection>
  );
}

function FilterList({ list, busy, onChange }: { list: FilterLanguage; busy: boolean; onChange: (words: string[]) => void }) {
  const [word, setWord] = useState('');
  const [problem, setProblem] = useState('');
  const inputId = useId();
  const name = languageName(list.language);

  const add = (e: FormEvent) => {
    e.preventDefault();
    const clean = word.trim();
    if (filterWordProblem(clean)) {
      setProblem(t('facilitator.filterBadWord'));
      return;
    }
    setProblem('');
    setWord('');
    if (!list.words.some((w) => w.toLowerCase() === clean.toLowerCase())) onChange([...list.words, clean]);
  };

  return (
    <div className="fv-filter__lang" lang={list.language}>
      <h4 className="fv-filter__name">{t('facilitator.filterLanguage', { language: name })}</h4>
      {list.draft && <p className="fv-hint fv-hint--tight">{t('facilitator.filterDraft')}</p>}
      <ul className="fv-filter__words">
        {list.words.map((w) => (
          <li key={w} className="fv-filter__word">
            <span>{w}</span>
            <button
              type="button"
              className="fv-btn fv-btn--small"
              aria-busy={busy || undefined}
              aria-label={t('facilitator.filterRemove', { word: w })}
              onClick={() => onChange(list.words.filter((x) => x !== w))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form className="fv-row" onSubmit={add}>
        <label className="visually-hidden" htmlFor={inputId}>
          {t('facilitator.filterAddLabel', { language: name })}
        </label>
        <input id={inputId} className="fv-input" value={word} maxLength={40} onChange={(e) => setWord(e.target.value)} aria-invalid={problem ? true : undefined} />
        <button type="submit" className="fv-btn" aria-busy={busy || undefined}>
          {t('facilitator.filterAdd')}
        </button>
      </form>
      {problem && (
        <p className="fv-msg fv-msg--error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
