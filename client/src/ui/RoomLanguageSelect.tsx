import { useId, type ReactNode } from 'react';
import { PICKABLE_LANGUAGES } from '../i18n/i18n.ts';

/**
 * The room's default language, for the facilitator (home page's create form, the panel): each
 * language by its own name and its English one. The caller gives the words around it, from its
 * own messages. `''` is "none": each phone keeps its person's language.
 */
export function RoomLanguageSelect({
  label,
  hint,
  noneLabel,
  value,
  onChange,
  busy = false,
  className = '',
}: {
  label: ReactNode;
  hint?: ReactNode;
  noneLabel: string;
  value: string;
  onChange: (code: string) => void;
  busy?: boolean;
  className?: string;
}) {
  const id = useId();
  return (
    <div className={`field room-language ${className}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <select
        id={id}
        className="language-picker__select"
        value={value}
        aria-describedby={hint ? `${id}-hint` : undefined}
        aria-busy={busy || undefined}
        onChange={(event) => onChange(event.currentTarget.value)}
      >
        <option value="">{noneLabel}</option>
        {PICKABLE_LANGUAGES.map((language) => (
          <option key={language.code} value={language.code} lang={language.code}>
            {language.name === language.englishName ? language.name : `${language.name} (${language.englishName})`}
          </option>
        ))}
      </select>
    </div>
  );
}
