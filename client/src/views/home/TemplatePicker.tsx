import { useEffect, useState } from 'react';
import type { TemplateSummary } from '@tributary/shared';
import { api } from '../../sync/api.ts';

/** The value of the "Blank board" choice. */
export const BLANK = '';

type Load = { status: 'loading' } | { status: 'ready'; templates: TemplateSummary[] } | { status: 'failed' };

/** "About 45 minutes", "About 1 hour 15 minutes". */
export function aboutMinutes(minutes: number): string {
  if (minutes < 60) return `About ${minutes} minutes`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const hours = h === 1 ? '1 hour' : `${h} hours`;
  return m === 0 ? `About ${hours}` : `About ${hours} ${m} minutes`;
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
  useEffect(() => {
    let alive = true;
    api
      .templates()
      .then((templates) => alive && setLoad({ status: 'ready', templates }))
      .catch(() => alive && setLoad({ status: 'failed' }));
    return () => {
      alive = false;
    };
  }, []);
  return (
    <fieldset className="tp" disabled={disabled}>
      <legend className="tp__legend">Choose a method (optional)</legend>
      <p className="tp__hint">A method sets out the board and the steps for you. You can change everything later.</p>
      <div className="tp__list">
        <Card
          value={BLANK}
          title="Blank board"
          description="An empty board with one open step. Add areas, steps or a method as you go."
          checked={value === BLANK}
          onPick={() => onChange(BLANK, null)}
        />
        {load.status === 'ready' &&
          load.templates.map((t) => (
            <Card key={t.id} value={t.id} title={t.title} description={t.description} minutes={t.minutes} checked={value === t.id} onPick={() => onChange(t.id, t)} />
          ))}
      </div>
      {load.status === 'loading' && (
        <p className="tp__hint" role="status">
          Loading the methods…
        </p>
      )}
      {load.status === 'failed' && (
        <p className="tp__hint" role="status">
          The methods could not be loaded just now. You can still start with a blank board, and add a method from the board later.
        </p>
      )}
    </fieldset>
  );
}
