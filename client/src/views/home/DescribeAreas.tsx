import { useId } from 'react';
import type { TemplateAreaToDescribe } from '@tributary/shared/templates/types';
import { AREA_DESCRIPTION_MAX } from '@tributary/shared/board/area';
import { Button } from '../../ui/Button.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { t } from '../../i18n/i18n.ts';

/**
 * What a method leaves for the facilitator to write before it starts (Recovery River's first four
 * stages), asked on the home page with the method. Every box is optional, and "Skip" leaves them
 * all for later: a stage left empty shows only its name, never a placeholder.
 */
export function DescribeAreas({
  method,
  areas,
  values,
  onChange,
  skipped,
  onSkip,
  disabled,
}: {
  /** The method's title ("Recovery River"). */
  method: string;
  areas: readonly TemplateAreaToDescribe[];
  values: Readonly<Record<string, string>>;
  onChange: (key: string, text: string) => void;
  skipped: boolean;
  onSkip: (skipped: boolean) => void;
  disabled?: boolean;
}) {
  const headingId = useId();
  if (skipped) {
    return (
      <section className="describe describe--skipped" aria-labelledby={headingId}>
        <p id={headingId}>
          {t('home.describeSkipped', { count: areas.length, method })}
        </p>
        <Button variant="secondary" onClick={() => onSkip(false)} disabled={disabled}>
          {t('home.describeNow')}
        </Button>
      </section>
    );
  }
  return (
    <fieldset className="describe" disabled={disabled}>
      <legend className="describe__legend">{t('home.describeLegend', { method })}</legend>
      <p className="describe__hint">{t('home.describeHint')}</p>
      {areas.map((area) => (
        <TextField
          key={area.key}
          multiline
          rows={3}
          label={area.title}
          hint={area.question}
          value={values[area.key] ?? ''}
          maxLength={AREA_DESCRIPTION_MAX}
          onChange={(e) => onChange(area.key, e.currentTarget.value)}
        />
      ))}
      <Button variant="secondary" onClick={() => onSkip(true)}>
        {t('home.describeSkip')}
      </Button>
    </fieldset>
  );
}
