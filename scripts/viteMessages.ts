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

/**
 * The server's error messages that only the facilitator's, home and results pages can receive
 * (a method library, saved methods and plans, the results page, making a room, the facilitator's
 * commands, which no phone sends: client/src/sync/facilitatorApi.ts): shipped as a
 * namespace of their own, `facilitatorErrors`, so the phone's `errors` chunk does not carry them
 * (scripts/measure-bundle.mjs). Their ids stay `errors.<code>` (the server and serverWording.ts use
 * those); only the chunk they load in differs. The pages that can get them load both namespaces
 * (client/src/main.tsx). A code added here must be one no phone or join page can receive.
 */
const FACILITATOR_ERRORS = 'facilitatorErrors';
const FACILITATOR_ERROR_CODES = new Set([
  'TRIB_AREA_DESCRIPTIONS',
  'TRIB_BAD_METHOD',
  'TRIB_LIBRARY_FULL',
  'TRIB_METHOD_NOT_FOUND',
  'TRIB_METHOD_TOO_BIG',
  'TRIB_NO_FREE_CODE',
  'TRIB_NO_SUCH_STEP',
  'TRIB_NOT_HIDDEN',
  'TRIB_NOT_IN_QUEUE',
  'TRIB_PLAN_RULES',
  'TRIB_RESULTS_NOT_FOUND',
  'TRIB_RESULTS_NOT_PUBLISHED',
  'TRIB_RESULTS_PUBLISHED_ELSEWHERE',
  'TRIB_RESULTS_TAKEN_DOWN',
  'TRIB_TOO_MANY_STEPS',
  'TRIB_UNKNOWN_COMMAND',
  'TRIB_UNKNOWN_LIBRARY',
  'TRIB_UNKNOWN_TEMPLATE',
]);
const facilitatorOnly = (id: string) => FACILITATOR_ERROR_CODES.has(id.slice('errors.'.length));

/** One browser namespace's messages: `errors` without the facilitator's, or those alone. */
function compileBrowserNamespace(catalogs: Parameters<typeof compileCatalog>[0], code: string, ns: string): Record<string, unknown> {
  if (ns !== 'errors' && ns !== FACILITATOR_ERRORS) return compileCatalog(catalogs, code, ns);
  const wanted = ns === FACILITATOR_ERRORS;
  return Object.fromEntries(Object.entries(compileCatalog(catalogs, code, 'errors')).filter(([id]) => facilitatorOnly(id) === wanted));
}

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
      const namespaces = [...byNamespace(catalogs.get(SOURCE_LANGUAGE)!.messages).keys(), FACILITATOR_ERRORS];
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
      return `export default ${JSON.stringify(compileBrowserNamespace(catalogs, code, ns))};`;
    },
  };
}
