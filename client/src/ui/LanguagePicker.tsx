import { useId } from 'react';
import { PICKABLE_LANGUAGES, setLanguage, t, useLanguage } from '../i18n/i18n.ts';

/**
 * "Language": every language named in itself, so a person finds theirs whatever is on screen now.
 * A machine-drafted language says so (`common.languageNeedsReview`). The pick is this person's
 * own and is remembered on this device: it beats the room's default from then on.
 */
export function LanguagePicker({ className = '' }: { className?: string }) {
  const active = useLanguage();
  const id = useId();
  return (
    <div className={`language-picker ${className}`}>
      <label className="language-picker__label" htmlFor={id}>
        {t('common.language')}
      </label>
      <select
        id={id}
        className="language-picker__select"
        value={active.code}
        onChange={(event) => void setLanguage(event.currentTarget.value, { remember: true })}
      >
        {PICKABLE_LANGUAGES.map((language) => (
          <option key={language.code} value={language.code} lang={language.code} dir={language.dir}>
            {language.review === 'machine-draft' ? t('common.languageNeedsReview', { language: language.name }) : language.name}
          </option>
        ))}
      </select>
    </div>
  );
}
