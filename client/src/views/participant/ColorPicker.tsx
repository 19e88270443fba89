import { t, type MessageId } from '../../i18n/i18n.ts';
import { useId } from 'react';
import { NOTE_COLOR_NAMES, NOTE_COLORS, type NoteColor } from '@tributary/shared/board/colors';

const LABELS: Record<NoteColor, MessageId> = {
  yellow: 'phone.colorYellow',
  pink: 'phone.colorPink',
  blue: 'phone.colorBlue',
  green: 'phone.colorGreen',
  orange: 'phone.colorOrange',
  purple: 'phone.colorPurple',
};

/**
 * Six note colours as a radio group: named for screen readers, and the chosen one is ticked, not
 * just coloured. In forced colours (Windows high contrast) the swatches keep their own colours and
 * each shows its name, so the six never look the same.
 */
export function ColorPicker({ value, onChange }: { value: NoteColor; onChange: (color: NoteColor) => void }) {
  const name = useId();
  return (
    <fieldset className="colors">
      <legend className="field__label">
        {t('phone.colour')} <span className="colors__current">({t(LABELS[value]).toLocaleLowerCase()})</span>
      </legend>
      <div className="colors__list">
        {NOTE_COLOR_NAMES.map((color) => (
          <label key={color} className="colors__option">
            <input
              type="radio"
              className="input-overlay"
              name={name}
              value={color}
              checked={value === color}
              onChange={() => onChange(color)}
            />
            <span className="colors__swatch" style={{ backgroundColor: NOTE_COLORS[color] }} aria-hidden="true">
              {value === color && (
                <svg viewBox="0 0 24 24" width="22" height="22" focusable="false">
                  <path d="M5 12.5l4.5 4.5L19 7.5" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
                </svg>
              )}
            </span>
            {/* Heard always; seen in forced colours, where the colours themselves may not be. */}
            <span className="colors__name">{t(LABELS[color])}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
