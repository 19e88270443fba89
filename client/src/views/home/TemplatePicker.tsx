import { useEffect, useState } from 'react';
import type { TemplateSummary } from '@tributary/shared/templates/types';
import { facilitatorApi } from '../../sync/facilitatorApi.ts';
import { t, useLanguage } from '../../i18n/i18n.ts';

/** The value of the "Blank board" choice. */
export const BLANK = '';

type Load = { status: 'loading' } | { status: 'ready'; templates: TemplateSummary[] } | { status: 'failed' };

/** "About 45 minutes", "About 1 hour 15 minutes". */
export function aboutMinutes(minutes: number): string {
  if (minutes < 60) return t('home.aboutMinutes', { minutes });
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? t('home.aboutHours', { hours }) : t('home.aboutHoursMinutes', { hours, minutes: rest });
}

function Card({
  value,
  title,
  description,
  minutes,
  checked,
  onPick,
}: {
  value: string;
  title: string;
  description: string;
  minutes?: number;
  checked: boolean;
  onPick: (value: string) => void;
}) {
  const id = `tp-${value || 'blank'}`;
  return (
    <label className={`tp-card${checked ? ' tp-card--on' : ''}`} htmlFor={id}>
      <input
        id={id}
        className="tp-card__radio"
        type="radio"
        name="template"
        value={value}
        checked={checked}
        onChange={() => onPick(value)}
        aria-describedby={`${id}-about`}
      />
      <span className="tp-card__body">
        <span className="tp-card__title">{title}</span>
        <span className="tp-card__about" id={`${id}-about`}>
          {minutes !== undefined && <span className="tp-card__minutes">{aboutMinutes(minutes)}. </span>}
          {description}
        </span>
      </span>
    </label>
  );
}

/**
 * "Choose a method (optional)": one big card per template, plus a blank board. Native radio
 * buttons underneath, so arrow keys, Tab and screen readers work as for any radio group.
 */
export function TemplatePicker({
  value,
  onChange,
  disabled,
}: {
  value: string;
  /** With the picked method's summary (null for the blank board), so the page can ask what it leaves open. */
  onChange: (id: string, summary: TemplateSummary | null) => void;
  disabled?: boolean;
}) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  // The method cards in this person's language (the server translates them: GET /api/templates?language=).
  const language = useLanguage().code;
  useEffect(() => {
    let alive = true;
    facilitatorApi
      .templates(language)
      .then((templates) => alive && setLoad({ status: 'ready', templates }))
      .catch(() => alive && setLoad({ status: 'failed' }));
    return () => {
      alive = false;
    };
  }, [language]);
  return (
    <fieldset className="tp" disabled={disabled}>
      <legend className="tp__legend">{t('home.chooseMethod')}</legend>
      <p className="tp__hint">{t('home.chooseMethodHint')}</p>
      <div className="tp__list">
        <Card
          value={BLANK}
          title={t('home.blankBoard')}
          description={t('home.blankBoardAbout')}
          checked={value === BLANK}
          onPick={() => onChange(BLANK, null)}
        />
        {load.status === 'ready' &&
          load.templates.map((method) => (
            <Card
              key={method.id}
              value={method.id}
              title={method.title}
              description={method.description}
              minutes={method.minutes}
              checked={value === method.id}
              onPick={() => onChange(method.id, method)}
            />
          ))}
      </div>
      {load.status === 'loading' && (
        <p className="tp__hint" role="status">
          {t('home.loadingMethods')}
        </p>
      )}
      {load.status === 'failed' && (
        <p className="tp__hint" role="status">
          {t('home.methodsFailed')}
        </p>
      )}
    </fieldset>
  );
}
