import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { setupI18n, type Messages } from '@lingui/core';
import { compileMessage } from '@lingui/message-utils/compileMessage';
import { PARTICIPANT_NAMESPACES, PSEUDO_LANGUAGE, SOURCE_LANGUAGE, matchLanguage, namespaceOf, pseudoCompiled, type CatalogFile } from '@tributary/shared/i18n/catalog';
import { ROOT_DIR } from '../helpers/paths.ts';

// The catalogs of shared/src/i18n/locales, as docs/TRANSLATING.md asks translators to keep them.

const LOCALES_DIR = path.join(ROOT_DIR, 'shared/src/i18n/locales');
const catalogs: CatalogFile[] = readdirSync(LOCALES_DIR)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(path.join(LOCALES_DIR, file), 'utf8')) as CatalogFile);
const english = catalogs.find((catalog) => catalog.meta.code === SOURCE_LANGUAGE)!;
const translations = catalogs.filter((catalog) => catalog !== english);

/**
 * Every argument a compiled message uses, with how: `name` (a value put in) or `name:plural`,
 * `name:select`… A compiled message is a list of parts: text, or `[name, type?, branches?]`
 * whose branches are compiled messages again.
 */
function argumentsOf(compiled: unknown, out = new Set<string>()): Set<string> {
  if (!Array.isArray(compiled)) return out;
  for (const part of compiled) {
    if (!Array.isArray(part)) continue;
    const [name, type, branches] = part as [string, string | undefined, Record<string, unknown> | undefined];
    out.add(type ? `${name}:${type}` : name);
    if (branches && typeof branches === 'object') for (const branch of Object.values(branches)) argumentsOf(branch, out);
  }
  return out;
}

/**
 * Messages whose translations may use other values than the English words do. The server sends
 * place names (`place`, `places`) in English beside the area's `role` (server/src/errors.ts,
 * `PlaceValues`): a translation picks its own noun by role and may leave the English names out.
 */
const VALUE_SWAPS: Record<string, { extra: string[]; mayDrop: string[] }> = {
  'errors.TRIB_NOTE_PLACE': { extra: ['role'], mayDrop: ['place', 'places'] },
  'errors.TRIB_NOT_VOTED_ON': { extra: ['role'], mayDrop: ['places'] },
};

/** The plural categories a message's plural arguments use (`=0`-style exact keys left out). */
function pluralKeys(compiled: unknown, out = new Set<string>()): Set<string> {
  if (!Array.isArray(compiled)) return out;
  for (const part of compiled) {
    if (!Array.isArray(part)) continue;
    const [, type, branches] = part as [string, string | undefined, Record<string, unknown> | undefined];
    if (!branches || typeof branches !== 'object') continue;
    for (const [key, branch] of Object.entries(branches)) {
      if (type === 'plural' && key !== 'offset' && !/^\d+$/.test(key)) out.add(key);
      pluralKeys(branch, out);
    }
  }
  return out;
}

describe('message catalogs', () => {
  test('there is English, and every language file is named after its code', () => {
    expect(english).toBeDefined();
    for (const catalog of catalogs) expect(readdirSync(LOCALES_DIR)).toContain(`${catalog.meta.code}.json`);
  });

  test.each(catalogs.map((c) => [c.meta.code, c] as const))('%s: every message compiles as ICU MessageFormat', (_code, catalog) => {
    for (const [id, text] of Object.entries(catalog.messages)) {
      expect(() => compileMessage(text), `${catalog.meta.code} ${id}`).not.toThrow();
    }
  });

  test.each(translations.map((c) => [c.meta.code, c] as const))('%s: every message id exists in English', (_code, catalog) => {
    const unknown = Object.keys(catalog.messages).filter((id) => !(id in english.messages));
    expect(unknown).toEqual([]);
  });

  test.each(translations.map((c) => [c.meta.code, c] as const))('%s: nothing English is missing from the namespaces it says are complete', (_code, catalog) => {
    const missing = Object.keys(english.messages).filter((id) => catalog.meta.complete?.includes(namespaceOf(id)) && !(id in catalog.messages));
    expect(missing).toEqual([]);
  });

  test('Welsh, Polish and Arabic are complete for everything a participant sees, and marked as drafts', () => {
    for (const code of ['cy', 'pl', 'ar']) {
      const catalog = catalogs.find((c) => c.meta.code === code);
      expect(catalog, code).toBeDefined();
      expect([...(catalog!.meta.complete ?? [])].sort()).toEqual([...PARTICIPANT_NAMESPACES].sort());
      expect(catalog!.meta.review).toBe('machine-draft');
    }
    expect(catalogs.find((c) => c.meta.code === 'ar')!.meta.dir).toBe('rtl');
  });

  test.each(translations.map((c) => [c.meta.code, c] as const))('%s: placeholders and plural arguments match the English message', (_code, catalog) => {
    const mismatched: string[] = [];
    for (const [id, text] of Object.entries(catalog.messages)) {
      const source = english.messages[id];
      if (source === undefined) continue;
      const swap = VALUE_SWAPS[id];
      const want = [...argumentsOf(compileMessage(source))].filter((arg) => !swap?.mayDrop.includes(arg.split(':')[0]!)).sort();
      // A translation may repeat a plural's number as a plain value ("{max}" beside "{max, plural, …}"),
      // count a plain English number with a plural, and use the values a swap allows.
      const got = [...argumentsOf(compileMessage(text))]
        .filter((arg) => !swap?.extra.includes(arg.split(':')[0]!) && !swap?.mayDrop.includes(arg.split(':')[0]!))
        .map((arg) => (arg.endsWith(':plural') && want.includes(arg.split(':')[0]!) ? arg.split(':')[0]! : arg))
        .filter((arg) => arg.includes(':') || !want.some((w) => w.startsWith(`${arg}:`)) || want.includes(arg));
      const unique = [...new Set(got)].sort();
      if (JSON.stringify(unique) !== JSON.stringify(want)) mismatched.push(`${id}: ${unique.join(', ')} ≠ ${want.join(', ')}`);
    }
    expect(mismatched).toEqual([]);
  });

  test.each(catalogs.map((c) => [c.meta.code, c] as const))('%s: plural branches are categories the language has', (_code, catalog) => {
    const categories = new Set(new Intl.PluralRules(catalog.meta.code).resolvedOptions().pluralCategories);
    const wrong: string[] = [];
    for (const [id, text] of Object.entries(catalog.messages)) {
      for (const key of pluralKeys(compileMessage(text))) if (!categories.has(key as Intl.LDMLPluralRule)) wrong.push(`${id}: ${key}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('matchLanguage', () => {
  const available = ['en', 'cy', 'pl', 'ar'];
  test.each([
    [['pl-PL', 'en'], 'pl'],
    [['CY'], 'cy'],
    [['fr-FR', 'ar-EG'], 'ar'],
    [['en-GB'], 'en'],
    [['fr', 'de'], null],
    [['', ' pl '], 'pl'],
    [[], null],
  ] as const)('%j → %s', (wanted, expected) => {
    expect(matchLanguage(wanted, available)).toBe(expected);
  });

  test('an exact tag beats its language alone', () => {
    expect(matchLanguage(['pt-BR'], ['pt', 'pt-BR'])).toBe('pt-BR');
    expect(matchLanguage(['pt-PT'], ['pt', 'pt-BR'])).toBe('pt');
  });
});

describe('the pseudo-locale', () => {
  test('shows every letter changed inside ⟦ ⟧, and leaves placeholders and plurals working', () => {
    const i18n = setupI18n({ locale: PSEUDO_LANGUAGE.code });
    const source = 'Hello {name}: {count, plural, one {# note} other {# notes}} in {area}.';
    i18n.load(PSEUDO_LANGUAGE.code, { greeting: pseudoCompiled(compileMessage(source)) } as Messages);
    i18n.activate(PSEUDO_LANGUAGE.code);
    const one = i18n._('greeting', { name: 'Sam', count: 1, area: 'Table 2' });
    const many = i18n._('greeting', { name: 'Sam', count: 3, area: 'Table 2' });
    expect(one).toMatch(/^⟦.*⟧$/);
    expect(one).toContain('Sam');
    expect(one).toContain('Table 2');
    expect(one).toContain('1 ñöţé');
    expect(many).toContain('3 ñöţéš');
    expect(one).not.toMatch(/Hello|note/);
  });
});
