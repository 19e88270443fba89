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
import path from 'node:path';
import type { Plugin } from 'vite';
import { byNamespace, PSEUDO_LANGUAGE, SOURCE_LANGUAGE } from '../shared/src/i18n/catalog.ts';
import { LOCALES_DIR, readCatalogs } from '../server/src/i18n/catalogFiles.ts';
import { compileCatalog } from '../shared/src/i18n/compile.ts';

const LANGUAGES_ID = 'virtual:tributary-languages';
const MESSAGES_PREFIX = 'virtual:tributary-messages/';

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
      return `export default ${JSON.stringify(compileCatalog(catalogs, code, ns))};`;
    },
  };
}
