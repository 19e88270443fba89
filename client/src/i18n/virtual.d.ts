// The modules scripts/viteMessages.ts generates from shared/src/i18n/locales/.
declare module 'virtual:tributary-languages' {
  import type { LanguageMeta } from '@tributary/shared/i18n/catalog';
  /** Every language with a catalog, then the hidden pseudo-locale. */
  export const LANGUAGES: LanguageMeta[];
  /** language code → namespace → its compiled messages (a lazy chunk). */
  export const loaders: Record<string, Record<string, () => Promise<{ default: Record<string, unknown> }>>>;
}
declare module 'virtual:tributary-messages/*' {
  const messages: Record<string, unknown>;
  export default messages;
}
