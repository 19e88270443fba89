import { keep, readKept } from '../sync/deviceStorage.ts';

/**
 * Display settings kept on this device: larger text and high contrast, applied as classes on
 * <html> (the CSS variables in styles.css do the rest).
 */
export interface DisplaySettings {
  largerText: boolean;
  highContrast: boolean;
}

const KEY = 'tributary.display';
export const LARGER_TEXT_CLASS = 'a11y-larger-text';
export const HIGH_CONTRAST_CLASS = 'a11y-high-contrast';

export function parseDisplaySettings(raw: string | null): DisplaySettings {
  try {
    const value: unknown = raw ? JSON.parse(raw) : null;
    if (value && typeof value === 'object') {
      const v = value as Record<string, unknown>;
      return { largerText: v.largerText === true, highContrast: v.highContrast === true };
    }
  } catch {
    // A damaged value means the defaults.
  }
  return { largerText: false, highContrast: false };
}

export function loadDisplaySettings(): DisplaySettings {
  return parseDisplaySettings(readKept(KEY));
}

export function applyDisplaySettings(settings: DisplaySettings, root: { classList: DOMTokenList } | undefined = globalThis.document?.documentElement): void {
  if (!root) return;
  root.classList.toggle(LARGER_TEXT_CLASS, settings.largerText);
  root.classList.toggle(HIGH_CONTRAST_CLASS, settings.highContrast);
}

export function saveDisplaySettings(settings: DisplaySettings): void {
  // Private mode or full storage: the setting still applies to this page.
  keep(KEY, JSON.stringify(settings));
  applyDisplaySettings(settings);
}

/** Applies what this device chose before, as early as a view that imports this loads. */
applyDisplaySettings(loadDisplaySettings());
