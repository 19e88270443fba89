import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { BOARD_REFUSAL_MESSAGES } from '@tributary/shared/board/refusalMessages';
import { TEMPLATES, localizeTemplate, templateMessages } from '@tributary/shared/templates/index';
import type { CatalogFile } from '@tributary/shared/i18n/catalog';

const catalog = (code: string) => JSON.parse(readFileSync(new URL(`../../shared/src/i18n/locales/${code}.json`, import.meta.url), 'utf8')) as CatalogFile;
const english = catalog('en').messages;
const inNamespace = (messages: Record<string, string>, ns: string) => Object.keys(messages).filter((id) => id.startsWith(`${ns}.`)).sort();

describe('method templates as messages (shared/src/templates/messages.ts)', () => {
  test("en.json holds every template's words, exactly as the template files write them", () => {
    const fromTemplates = Object.fromEntries(TEMPLATES.flatMap((t) => Object.entries(templateMessages(t))));
    const inCatalog = Object.fromEntries(inNamespace(english, 'templates').map((id) => [id, english[id]]));
    // When this fails after a template changed: node --import tsx scripts/sync-template-messages.ts
    expect(inCatalog).toEqual(fromTemplates);
  });

  test('every text a person reads goes through a message id; numbers, keys and rules stay as they are', () => {
    const seen: string[] = [];
    for (const template of TEMPLATES) {
      const marked = localizeTemplate(template, (id) => {
        seen.push(id);
        return `⟦${id}⟧`;
      });
      expect(marked.title).toMatch(/^⟦templates\./);
      expect(marked.description).toMatch(/^⟦templates\./);
      for (const area of marked.areas) {
        expect(area.title).toMatch(/^⟦templates\./);
        if (area.description !== undefined) expect(area.description).toMatch(/^⟦templates\./);
        if (area.askDescription !== undefined) expect(area.askDescription).toMatch(/^⟦templates\./);
      }
      for (const step of marked.steps) {
        expect(step.title).toMatch(/^⟦templates\./);
        expect(step.prompt).toMatch(/^⟦templates\./);
        for (const card of step.prompts ?? []) expect(card).toMatch(/^⟦templates\./);
      }
      if (marked.rules?.groups?.label) expect(marked.rules.groups.label).toMatch(/^⟦templates\./);
      expect(marked.areas.map((a) => [a.key, a.rect, a.color, a.role])).toEqual(template.areas.map((a) => [a.key, a.rect, a.color, a.role]));
      expect(marked.steps.map((s) => [s.id, s.mode, s.timerSeconds, s.areaKey])).toEqual(template.steps.map((s) => [s.id, s.mode, s.timerSeconds, s.areaKey]));
    }
    expect(new Set(seen).size).toBe(seen.length);
  });

  test('Welsh, Polish and Arabic translate every template, error, refusal, board and home page message', () => {
    for (const code of ['cy', 'pl', 'ar']) {
      const own = catalog(code);
      expect(own.meta.review, code).toBe('machine-draft');
      for (const ns of ['templates', 'errors', 'refusals', 'board', 'home']) expect(inNamespace(own.messages, ns), `${code} ${ns}`).toEqual(inNamespace(english, ns));
    }
  });

  test("en.json's refusals are the board's refusal messages (shared/src/board/refusalMessages.ts)", () => {
    const camel = (label: string) => label.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
    expect(Object.fromEntries(inNamespace(english, 'refusals').map((id) => [id, english[id]]))).toEqual(
      Object.fromEntries(Object.entries(BOARD_REFUSAL_MESSAGES).map(([label, text]) => [`refusals.${camel(label)}`, text])),
    );
  });
});
