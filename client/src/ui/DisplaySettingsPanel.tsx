import { t } from '../i18n/i18n.ts';
import { useId, useState, type ReactNode } from 'react';
import { loadDisplaySettings, saveDisplaySettings, type DisplaySettings } from './displaySettings.ts';

/**
 * "Larger text" and "High contrast", remembered on this device. A room adds its own settings
 * as `children` ("Read all new notes"), so the join and home pages do not load them.
 */
export function DisplaySettingsPanel({ className = '', children }: { className?: string; children?: ReactNode }) {
  const [settings, setSettings] = useState<DisplaySettings>(loadDisplaySettings);
  const id = useId();
  const change = (patch: Partial<DisplaySettings>) => {
    const next = { ...settings, ...patch };
    setSettings(next);
    saveDisplaySettings(next);
  };
  return (
    <fieldset className={`display-settings ${className}`}>
      <legend className="display-settings__legend">{t('common.display')}</legend>
      <label className="display-settings__option" htmlFor={`${id}-large`}>
        <input id={`${id}-large`} type="checkbox" checked={settings.largerText} onChange={(e) => change({ largerText: e.target.checked })} />
        <span>{t('common.largerText')}</span>
      </label>
      <label className="display-settings__option" htmlFor={`${id}-contrast`}>
        <input id={`${id}-contrast`} type="checkbox" checked={settings.highContrast} onChange={(e) => change({ highContrast: e.target.checked })} />
        <span>{t('common.highContrast')}</span>
      </label>
      {children}
    </fieldset>
  );
}
