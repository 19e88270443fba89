/**
 * The words on screen, in the person's language. Every user-facing string goes through `t`.
 *
 * - The language: the one this person picked on this device (remembered), else the room's
 *   default once a view knows it (`useRoomLanguage`), else the browser's, else English.
 * - Messages load by namespace (shared/src/i18n/catalog.ts): `common` is in the first load for
 *   English; a view asks for its namespaces with `withMessages` while its code loads, so neither
 *   waits for the other.
 * - `<html lang dir>` follow the active language, so the layout mirrors for Arabic.
 */
import { useSyncExternalStore } from 'react';
import { setupI18n, type Messages } from '@lingui/core';
import { LANGUAGES, loaders } from 'virtual:tributary-languages';
import englishCommon from 'virtual:tributary-messages/en/common';
import { matchLanguage, SOURCE_LANGUAGE, type LanguageMeta, type MessageId, type MessageValues } from '@tributary/shared/i18n/catalog';
import { deviceStorage } from '../sync/deviceStorage.ts';

export type { MessageId, MessageValues, LanguageMeta };

const CHOSEN_KEY = 'tributary:language';

const i18n = setupI18n({ locale: SOURCE_LANGUAGE, messages: { [SOURCE_LANGUAGE]: englishCommon as Messages } });

/** Namespaces loaded per language, so switching language reloads exactly what is on screen. */
const loaded = new Map<string, Set<string>>([[SOURCE_LANGUAGE, new Set(['common'])]]);
const wanted = new Set<string>(['common']);

/** The message `id` in the active language, with its `{placeholders}` filled in. */
export function t(id: MessageId, values?: MessageValues): string {
  return i18n._(id, values);
}

/** Languages a person can pick (the pseudo-locale is left out). */
export const PICKABLE_LANGUAGES: readonly LanguageMeta[] = LANGUAGES.filter((language) => !language.hidden);

export function languageMeta(code: string): LanguageMeta {
  return LANGUAGES.find((language) => language.code === code) ?? LANGUAGES.find((language) => language.code === SOURCE_LANGUAGE)!;
}

export function activeLanguage(): LanguageMeta {
  return languageMeta(i18n.locale);
}

/** The language this person picked on this device, if they did. */
export function chosenLanguage(): string | null {
  const code = deviceStorage()?.getItem(CHOSEN_KEY) ?? null;
  return code && LANGUAGES.some((language) => language.code === code) ? code : null;
}

async function loadNamespaces(code: string, namespaces: Iterable<string>): Promise<void> {
  const have = loaded.get(code) ?? new Set<string>();
  const missing = [...namespaces].filter((ns) => !have.has(ns) && loaders[code]?.[ns]);
  const modules = await Promise.all(missing.map((ns) => loaders[code]![ns]!()));
  modules.forEach((module) => i18n.load(code, module.default as Messages));
  missing.forEach((ns) => have.add(ns));
  loaded.set(code, have);
}

function showLanguage(code: string) {
  const meta = languageMeta(code);
  i18n.activate(meta.code);
  if (typeof document !== 'undefined') {
    document.documentElement.lang = meta.code;
    document.documentElement.dir = meta.dir;
  }
}

/**
 * Switch to `code`: loads the namespaces already in use, then re-renders everything that reads
 * `useLanguage`. `remember` keeps the choice on this device (a person's own pick); a room's
 * default is applied without remembering it.
 */
export async function setLanguage(code: string, { remember = false } = {}): Promise<void> {
  const meta = languageMeta(code);
  if (remember) {
    try {
      deviceStorage()?.setItem(CHOSEN_KEY, meta.code);
    } catch {
      // Storage full or refused: the choice holds for this tab.
    }
  }
  await loadNamespaces(meta.code, wanted);
  showLanguage(meta.code);
}

/**
 * Applies a room's default language, unless this person picked their own on this device.
 * Views call it once they know the room (join info, the board's meta).
 */
export function applyRoomLanguage(code: string | null | undefined): Promise<void> {
  if (!code || chosenLanguage() || code === i18n.locale) return Promise.resolve();
  return setLanguage(code);
}

/**
 * Resolves with `view` once the active language's `namespaces` are loaded too: both are fetched
 * at the same time. Use it in `lazy()`: `lazy(() => withMessages(import('./View.tsx'), 'phone'))`.
 */
export async function withMessages<T>(view: Promise<T>, ...namespaces: string[]): Promise<T> {
  namespaces.forEach((ns) => wanted.add(ns));
  const [module] = await Promise.all([view, loadNamespaces(i18n.locale, namespaces)]);
  return module;
}

function subscribe(onChange: () => void) {
  return i18n.on('change', onChange);
}

/** The active language; components that call it re-render when it changes. */
export function useLanguage(): LanguageMeta {
  const code = useSyncExternalStore(subscribe, () => i18n.locale, () => i18n.locale);
  return languageMeta(code);
}

/**
 * Starts in the person's language before the first paint: their own pick, else the browser's.
 * English needs no fetch; another language waits for its `common` messages (one small file).
 */
export function startLanguage(): Promise<void> {
  const browser = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  const code = chosenLanguage() ?? matchLanguage(browser, PICKABLE_LANGUAGES.map((language) => language.code)) ?? SOURCE_LANGUAGE;
  if (code === SOURCE_LANGUAGE) {
    showLanguage(code);
    return Promise.resolve();
  }
  return setLanguage(code);
}
