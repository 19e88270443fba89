// The translation catalogs as the browser loads them (shared/src/i18n/catalog.ts says how
// catalogs are written). Adding a language is adding one file to shared/src/i18n/locales/.
//
//   virtual:tributary-languages            every language's meta, and a loader per language and
//                                          namespace (a lazy chunk each)
//   virtual:tributary-messages/<code>/<ns>  one namespace of one language, compiled, with the
//                                          English text for any message the language lacks
//
// Messages are compiled here, at build time, so the browser never ships a MessageFormat parser:
// @lingui/core then only interpolates.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { compileMessage } from '@lingui/message-utils/compileMessage';
import { byNamespace, pseudoCompiled, PSEUDO_LANGUAGE, SOURCE_LANGUAGE, type CatalogFile } from '../shared/src/i18n/catalog.ts';

const LOCALES_DIR = fileURLToPath(new URL('../shared/src/i18n/locales', import.meta.url));
const LANGUAGES_ID = 'virtual:tributary-languages';
const MESSAGES_PREFIX = 'virtual:tributary-messages/';

function readCatalogs(): Map<string, CatalogFile> {
  const catalogs = new Map<string, CatalogFile>();
  for (const file of readdirSync(LOCALES_DIR).filter((name) => name.endsWith('.json')).sort()) {
    const catalog = JSON.parse(readFileSync(path.join(LOCALES_DIR, file), 'utf8')) as CatalogFile;
    if (`${catalog.meta.code}.json` !== file) throw new Error(`${file}: meta.code is "${catalog.meta.code}"; the file must be named after it`);
    catalogs.set(catalog.meta.code, catalog);
  }
  if (!catalogs.has(SOURCE_LANGUAGE)) throw new Error(`${LOCALES_DIR} has no ${SOURCE_LANGUAGE}.json, the source catalog`);
  return catalogs;
}

/** One namespace of one language, compiled, falling back to English message by message. */
function compiledNamespace(catalogs: Map<string, CatalogFile>, code: string, ns: string): Record<string, unknown> {
  const english = byNamespace(catalogs.get(SOURCE_LANGUAGE)!.messages).get(ns) ?? {};
  const pseudo = code === PSEUDO_LANGUAGE.code;
  const own = pseudo ? {} : (byNamespace(catalogs.get(code)?.messages ?? {}).get(ns) ?? {});
  const compiled: Record<string, unknown> = {};
  for (const [id, text] of Object.entries({ ...english, ...own })) {
    // compileMessage throws on broken ICU syntax: a bad translation fails the build, naming it.
    try {
      const message = compileMessage(text);
      compiled[id] = pseudo ? pseudoCompiled(message) : message;
    } catch (error) {
      throw new Error(`${code}.json: message "${id}" is not valid ICU MessageFormat: ${(error as Error).message}`);
    }
  }
  return compiled;
}

export function tributaryMessages(): Plugin {
  return {
    name: 'tributary:messages',
    enforce: 'pre',
    resolveId(source) {
      if (source === LANGUAGES_ID || source.startsWith(MESSAGES_PREFIX)) return `\0${source}`;
      return null;
    },
    load(id) {
      if (!id.startsWith('\0virtual:tributary-')) return null;
      const catalogs = readCatalogs();
      for (const file of catalogs.keys()) this.addWatchFile(path.join(LOCALES_DIR, `${file}.json`));
      const namespaces = [...byNamespace(catalogs.get(SOURCE_LANGUAGE)!.messages).keys()];
      if (id === `\0${LANGUAGES_ID}`) {
        const metas = [...[...catalogs.values()].map((catalog) => catalog.meta), PSEUDO_LANGUAGE];
        const loaders = metas.map(
          (meta) =>
            `${JSON.stringify(meta.code)}: {${namespaces
              .map((ns) => `${JSON.stringify(ns)}: () => import(${JSON.stringify(`${MESSAGES_PREFIX}${meta.code}/${ns}`)})`)
              .join(', ')}}`,
        );
        return [`export const LANGUAGES = ${JSON.stringify(metas)};`, `export const loaders = {${loaders.join(',\n')}};`].join('\n');
      }
      const [code, ns] = id.slice(`\0${MESSAGES_PREFIX}`.length).split('/') as [string, string];
      if (!namespaces.includes(ns) || (!catalogs.has(code) && code !== PSEUDO_LANGUAGE.code)) {
        throw new Error(`No messages for language "${code}", namespace "${ns}"`);
      }
      return `export default ${JSON.stringify(compiledNamespace(catalogs, code, ns))};`;
    },
  };
}
