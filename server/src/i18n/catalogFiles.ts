// Reads the translation catalogs from shared/src/i18n/locales/: one file per language, named
// after its `meta.code` (shared/src/i18n/catalog.ts). Used by the server's translator and by the
// browser build (scripts/viteMessages.ts), so both read the same files the same way.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// A relative import: vite.config.ts loads this file too, before any workspace package resolves.
// eslint-disable-next-line no-restricted-imports -- the one exception to the package-path rule
import { SOURCE_LANGUAGE, type CatalogFile } from '../../../shared/src/i18n/catalog.ts';

export const LOCALES_DIR = fileURLToPath(new URL('../../../shared/src/i18n/locales', import.meta.url));

/** Every catalog by language code; throws when a file is misnamed or English is missing. */
export function readCatalogs(dir: string = LOCALES_DIR): Map<string, CatalogFile> {
  const catalogs = new Map<string, CatalogFile>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json')).sort()) {
    const catalog = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CatalogFile;
    if (`${catalog.meta.code}.json` !== file) throw new Error(`${file}: meta.code is "${catalog.meta.code}"; the file must be named after it`);
    catalogs.set(catalog.meta.code, catalog);
  }
  if (!catalogs.has(SOURCE_LANGUAGE)) throw new Error(`${dir} has no ${SOURCE_LANGUAGE}.json, the source catalog`);
  return catalogs;
}
