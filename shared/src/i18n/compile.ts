/**
 * Catalogs compiled for @lingui/core, the one rule both the browser build (scripts/viteMessages.ts)
 * and the server (server/src/i18n/translator.ts) use: every English message, overlaid by the
 * language's own, each compiled by @lingui/message-utils so nothing parses ICU at run time.
 * Reading the files is left to the caller (the browser never reads files).
 */
import { compileMessage } from '@lingui/message-utils/compileMessage';
import { byNamespace, pseudoCompiled, PSEUDO_LANGUAGE, SOURCE_LANGUAGE, type CatalogFile } from './catalog.ts';

/**
 * The messages of language `code` (all, or one namespace), compiled, falling back to English
 * message by message. The pseudo-locale is English in pseudo-letters. Throws, naming the message,
 * when a text is not valid ICU MessageFormat, so a broken translation fails the build or the start.
 */
export function compileCatalog(catalogs: ReadonlyMap<string, CatalogFile>, code: string, namespace?: string): Record<string, unknown> {
  const pick = (messages: Record<string, string>) => (namespace === undefined ? messages : (byNamespace(messages).get(namespace) ?? {}));
  const english = pick(catalogs.get(SOURCE_LANGUAGE)?.messages ?? {});
  const pseudo = code === PSEUDO_LANGUAGE.code;
  const own = pseudo ? {} : pick(catalogs.get(code)?.messages ?? {});
  const compiled: Record<string, unknown> = {};
  for (const [id, text] of Object.entries({ ...english, ...own })) {
    try {
      const message = compileMessage(text);
      compiled[id] = pseudo ? pseudoCompiled(message) : message;
    } catch (error) {
      throw new Error(`${code}.json: message "${id}" is not valid ICU MessageFormat: ${(error as Error).message}`);
    }
  }
  return compiled;
}
