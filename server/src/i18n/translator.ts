/**
 * The server's words in a room's language: method templates put on a board, and anything else the
 * server writes for people to read. The catalogs (shared/src/i18n/locales/*.json) are read and
 * compiled once, on first use, with the same rule as the browser build (shared/src/i18n/compile.ts):
 * a message a language lacks is English.
 */
import { setupI18n, type I18n, type Messages } from '@lingui/core';
import { SOURCE_LANGUAGE, type CatalogFile, type MessageValues } from '@tributary/shared/i18n/catalog';
import { compileCatalog } from '@tributary/shared/i18n/compile';
import type { TemplateWords } from '@tributary/shared/templates/index';
import { readCatalogs } from './catalogFiles.ts';

/** A message id and its values → the text in one language. */
export type Translate = (id: string, values?: MessageValues) => string;

let catalogs: Map<string, CatalogFile> | null = null;
const instances = new Map<string, I18n>();

function loaded(): Map<string, CatalogFile> {
  catalogs ??= readCatalogs();
  return catalogs;
}

/** The codes of every language with a catalog (the pseudo-locale is not one). */
export function catalogLanguages(): string[] {
  return [...loaded().keys()];
}

/** The language a room or request asked for, if there is a catalog for it; else English. */
export function supportedLanguage(code: string | null | undefined): string {
  return code && loaded().has(code) ? code : SOURCE_LANGUAGE;
}

/** Translates into `code` (English when there is no catalog for it). */
export function translator(code?: string | null): Translate {
  const language = supportedLanguage(code);
  let i18n = instances.get(language);
  if (!i18n) {
    i18n = setupI18n({ locale: language, messages: { [language]: compileCatalog(loaded(), language) as Messages } });
    instances.set(language, i18n);
  }
  const active = i18n;
  return (id, values) => active._(id, values);
}

/** A template's words in `code` (shared/src/templates/messages.ts): its English where a message is missing. */
export function templateWords(code?: string | null): TemplateWords {
  const translate = translator(code);
  return (id, english) => {
    const text = translate(id);
    return text === id ? english : text;
  };
}
