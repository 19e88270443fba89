import type { TemplateArea, TemplateDefinition, TemplateStep } from './types.ts';

/**
 * A template's words as message ids in the `templates` namespace, so a room is made in its own
 * language. The template files stay in English (readable, and the source of en.json's
 * `templates.*` messages: tests/shared/template-messages.test.ts checks the two agree); the ids
 * come from the template's structure:
 *
 *   templates.<template>Title, …Description, …GroupLabel
 *   templates.<template>Area<Key>Title, …Description, …Question   (askDescription)
 *   templates.<template>Step<Id>Title, …Prompt, …Card<n>           (a card's questions)
 *
 * e.g. `templates.recoveryRiverStage1Title` would be ambiguous, so areas and steps say which they are:
 * `templates.recoveryRiverAreaStage1Title`, `templates.worldCafeStepRoundPrompt`.
 */

/** `word-association` → `WordAssociation`, `stage-1` → `Stage1`. */
function pascal(key: string): string {
  return key
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** The id of one of a template's texts: `part` is e.g. `Title`, `AreaTable1Title`. */
export function templateMessageId(templateId: string, part: string): string {
  const name = pascal(templateId);
  return `templates.${name[0]!.toLowerCase()}${name.slice(1)}${part}`;
}

/** Gives the text for a message id, `english` being the template's own words. */
export type TemplateWords = (id: string, english: string) => string;

/** The template with every text a person reads replaced by `words(id, english)`. */
export function localizeTemplate(template: TemplateDefinition, words: TemplateWords): TemplateDefinition {
  const say = (part: string, english: string) => words(templateMessageId(template.id, part), english);
  const area = (a: TemplateArea): TemplateArea => {
    const key = `Area${pascal(a.key)}`;
    return {
      ...a,
      title: say(`${key}Title`, a.title),
      ...(a.description !== undefined ? { description: say(`${key}Description`, a.description) } : {}),
      ...(a.askDescription !== undefined ? { askDescription: say(`${key}Question`, a.askDescription) } : {}),
    };
  };
  const step = (s: TemplateStep, i: number): TemplateStep => {
    const key = `Step${pascal(s.id ?? String(i + 1))}`;
    return {
      ...s,
      title: say(`${key}Title`, s.title),
      ...(s.prompt !== undefined ? { prompt: say(`${key}Prompt`, s.prompt) } : {}),
      ...(s.prompts !== undefined ? { prompts: s.prompts.map((text, n) => say(`${key}Card${n + 1}`, text)) } : {}),
    };
  };
  const groups = template.rules?.groups;
  return {
    ...template,
    title: say('Title', template.title),
    description: say('Description', template.description),
    areas: template.areas.map(area),
    steps: template.steps.map(step),
    ...(template.rules
      ? { rules: { ...template.rules, ...(groups ? { groups: { ...groups, ...(groups.label !== undefined ? { label: say('GroupLabel', groups.label) } : {}) } } : {}) } }
      : {}),
  };
}

/** Every text of a template by message id, in English: what en.json must hold. */
export function templateMessages(template: TemplateDefinition): Record<string, string> {
  const messages: Record<string, string> = {};
  localizeTemplate(template, (id, english) => {
    messages[id] = english;
    return english;
  });
  return messages;
}
