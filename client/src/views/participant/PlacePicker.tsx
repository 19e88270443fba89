import { t } from '../../i18n/i18n.ts';
import { forwardRef } from 'react';
import type { StepPick } from './stepPicks.ts';

/**
 * A step's pick, as large radio buttons before the note box: "Which stage is this about?".
 * Native radios, so arrow keys, Tab and screen readers work as for any radio group. The first
 * radio takes the ref, so a missing pick can bring the person straight here.
 */
export const PlacePicker = forwardRef<
  HTMLInputElement,
  { id: string; pick: StepPick; value: string | null; onChange: (id: string) => void; problem?: string; disabled?: boolean }
>(function PlacePicker({ id, pick, value, onChange, problem, disabled }, firstRef) {
  const problemId = `${id}-problem`;
  return (
    <fieldset className="choice place-pick" aria-describedby={problem ? problemId : undefined} disabled={disabled}>
      <legend className="field__label">{pick.question}</legend>
      {pick.options.length === 0 && <p className="field__hint">{t('phone.pickNoneYet', { name: pick.name })}</p>}
      {pick.options.map((option, i) => (
        <label key={option.id} className="choice__option place-pick__option">
          <input ref={i === 0 ? firstRef : undefined} type="radio" name={id} checked={value === option.id} onChange={() => onChange(option.id)} />
          <span dir="auto">{option.label}</span>
        </label>
      ))}
      {problem && (
        <p className="field__error" id={problemId} role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  );
});
