/**
 * Languages and message catalogs: the rules both the client and the server use.
 *
 * Each language is one file, `shared/src/i18n/locales/<code>.json`: `{ meta, messages }`.
 * English (`en.json`) is the source: every message id exists there, and a language that lacks
 * one falls back to the English text. Messages use ICU MessageFormat (`{name}`,
 * `{count, plural, one {# note} other {# notes}}`), compiled by @lingui/message-utils at build
 * time for the browser (vite.config.ts, `tributaryMessages`) and at start-up on the server.
 *
 * A message id is `<namespace>.<name>`. The namespace says which screens need it, so a phone
 * loads only its screens' messages: `common` (every screen, part of the first load), `join`,
 * `phone`, `presenter`, `facilitator`, `home`, `errors`, `templates`…
 */
export type EnglishCatalog = typeof import('./locales/en.json');

/** Every message id the product has: the keys of the English catalog. */
export type MessageId = keyof EnglishCatalog['messages'] & string;

/** Values for a message's `{placeholders}`. */
export type MessageValues = Record<string, string | number>;

export interface LanguageMeta {
  /** BCP 47 code, also the file name: `cy`, `pl`, `ar`. */
  code: string;
  /** The language's name in itself, as a person looking for it would recognise it. */
  name: string;
  /** The language's name in English, for facilitators and docs. */
  englishName: string;
  dir: 'ltr' | 'rtl';
  /**
   * `source`: English, written here. `machine-draft`: drafted by a machine or a non-native
   * speaker and still needing review by a native speaker (the picker says so). `reviewed`: a
   * native speaker has checked it (say who in the file's `meta.reviewedBy`).
   */
  review: 'source' | 'machine-draft' | 'reviewed';
  /**
   * Namespaces this language translates in full (tests/shared/i18n-catalogs.test.ts checks that
   * no English message of them is missing). A language not yet complete falls back to English.
   */
  complete?: string[];
  /** Not offered in pickers (the pseudo-locale used by tests). */
  hidden?: boolean;
}

export interface CatalogFile {
  meta: LanguageMeta;
  messages: Record<string, string>;
}

export const SOURCE_LANGUAGE = 'en';

/**
 * What a participant sees: the join page, the phone (`phone`, and `parts` for the parts only some
 * steps need), the projector, what every room view shows (`room`), and the board as a list, the
 * join panel and "session ended" (`board`), and the sheets printed for people taking part on paper
 * (`print`), and the published "what we said" page (`results`).
 */
export const PARTICIPANT_NAMESPACES = ['common', 'join', 'phone', 'parts', 'pictures', 'presenter', 'room', 'board', 'print', 'results'] as const;

/**
 * A generated language that shows every message with accented letters inside ⟦ ⟧, so a test (or
 * a developer) can spot any English on screen that does not go through a catalog.
 */
export const PSEUDO_LANGUAGE: LanguageMeta = {
  code: 'en-XA',
  name: 'Pseudo',
  englishName: 'Pseudo-locale (for finding untranslated text)',
  dir: 'ltr',
  review: 'source',
  hidden: true,
};

/** The namespace of a message id: the part before the first dot. */
export function namespaceOf(id: string): string {
  const dot = id.indexOf('.');
  return dot > 0 ? id.slice(0, dot) : id;
}

/** A catalog's messages split by namespace. */
export function byNamespace(messages: Record<string, string>): Map<string, Record<string, string>> {
  const split = new Map<string, Record<string, string>>();
  for (const [id, text] of Object.entries(messages)) {
    const ns = namespaceOf(id);
    let part = split.get(ns);
    if (!part) split.set(ns, (part = {}));
    part[id] = text;
  }
  return split;
}

/**
 * The best of `available` for someone who wants `wanted` (most wanted first, as in
 * `navigator.languages` or Accept-Language): an exact match first, then the same language
 * without its region (`pl-PL` → `pl`). Null when nothing fits.
 */
export function matchLanguage(wanted: readonly string[], available: readonly string[]): string | null {
  const lower = new Map(available.map((code) => [code.toLowerCase(), code]));
  for (const want of wanted) {
    const tag = want.trim().toLowerCase();
    if (!tag) continue;
    const exact = lower.get(tag);
    if (exact) return exact;
    const primary = lower.get(tag.split('-')[0]!);
    if (primary) return primary;
  }
  return null;
}

const PSEUDO_LETTERS: Record<string, string> = {
  a: 'å', b: 'ƀ', c: 'ç', d: 'ð', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'î', j: 'ĵ', k: 'ķ', l: 'ļ', m: 'ɱ',
  n: 'ñ', o: 'ö', p: 'þ', q: 'ǫ', r: 'ŕ', s: 'š', t: 'ţ', u: 'û', v: 'ṽ', w: 'ŵ', x: 'ẋ', y: 'ý', z: 'ž',
  A: 'Å', B: 'Ɓ', C: 'Ç', D: 'Ð', E: 'É', F: 'Ƒ', G: 'Ĝ', H: 'Ĥ', I: 'Î', J: 'Ĵ', K: 'Ķ', L: 'Ļ', M: 'Ṁ',
  N: 'Ñ', O: 'Ö', P: 'Þ', Q: 'Ǫ', R: 'Ŕ', S: 'Š', T: 'Ţ', U: 'Û', V: 'Ṽ', W: 'Ŵ', X: 'Ẋ', Y: 'Ý', Z: 'Ž',
};

/** Plain text in pseudo-letters (placeholders are left to the caller: see `pseudoCompiled`). */
export function pseudoText(text: string): string {
  return text.replace(/[A-Za-z]/g, (letter) => PSEUDO_LETTERS[letter] ?? letter);
}

/**
 * A compiled message (as @lingui/message-utils' compileMessage returns it: strings for text,
 * arrays for placeholders and plurals whose branches are compiled messages again) in
 * pseudo-letters, leaving placeholder names and plural keywords alone, and marked ⟦ … ⟧ so
 * a cut-off or concatenated message shows.
 */
export function pseudoCompiled(compiled: unknown, top = true): unknown {
  const walk = (part: unknown): unknown => {
    if (typeof part === 'string') return pseudoText(part);
    if (Array.isArray(part)) {
      // [name] or [name, type, branches | format]
      const [name, type, branches] = part as [unknown, unknown, unknown];
      if (branches && typeof branches === 'object' && !Array.isArray(branches)) {
        const out: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(branches as Record<string, unknown>)) out[key] = pseudoCompiled(value, false);
        return [name, type, out];
      }
      return part;
    }
    return part;
  };
  const body = Array.isArray(compiled) ? compiled.map(walk) : walk(compiled);
  if (!top) return body;
  return ['⟦', ...(Array.isArray(body) ? body : [body]), '⟧'];
}
