import { useId } from 'react';
import type { TemplateAreaToDescribe } from '@tributary/shared';
import { AREA_DESCRIPTION_MAX } from '@tributary/shared/board/area';
import { Button } from '../../ui/Button.tsx';
import { TextField } from '../../ui/TextField.tsx';

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
          You skipped describing {areas.length === 1 ? 'one part' : `${areas.length} parts`} of {method}. They will show only their names. You can describe them later on the board.
        </p>
        <Button variant="secondary" onClick={() => onSkip(false)} disabled={disabled}>
          Describe them now
        </Button>
      </section>
    );
  }
  return (
    <fieldset className="describe" disabled={disabled}>
      <legend className="describe__legend">Describe what {method} leaves open (optional)</legend>
      <p className="describe__hint">
        People will read your words under each name on the board. Leave a box empty to show only the name. You can change them later.
      </p>
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
        Skip this for now
      </Button>
    </fieldset>
  );
}
