import { groupAgreement } from './group-agreement.ts';
import { ladderOfParticipation } from './ladder-of-participation.ts';
import { recoveryRiver } from './recovery-river.ts';
import { reverseBrainstorming } from './reverse-brainstorming.ts';
import { troikaConsulting } from './troika-consulting.ts';
import { localizeTemplate, type TemplateWords } from './messages.ts';
import type { TemplateAreaToDescribe, TemplateDefinition, TemplateSummary } from './types.ts';
import { userManual } from './user-manual.ts';
import { wordAssociation } from './word-association.ts';
import { worldCafe } from './world-cafe.ts';

export type { TemplateArea, TemplateAreaToDescribe, TemplateDefinition, TemplateRules, TemplateStep, TemplateSummary } from './types.ts';
export { USER_MANUAL_PROMPTS } from './user-manual.ts';
export { localizeTemplate, templateMessageId, templateMessages, type TemplateWords } from './messages.ts';
export { TEMPLATE_GAP, boardContentRight, createTemplateAreas, resolveTemplateMethod, resolveTemplateSteps } from './apply.ts';

/** Every method template Tributary ships, in the order a picker lists them. */
export const TEMPLATES: readonly TemplateDefinition[] = [
  wordAssociation,
  worldCafe,
  reverseBrainstorming,
  troikaConsulting,
  userManual,
  recoveryRiver,
  ladderOfParticipation,
  groupAgreement,
];

/** The template with this id, or null. */
export function getTemplate(id: string): TemplateDefinition | null {
  return TEMPLATES.find((t) => t.id === id) ?? null;
}

/** The areas a template leaves for the facilitator to describe, in board order. */
export function areasToDescribe(template: TemplateDefinition): TemplateAreaToDescribe[] {
  return template.areas.flatMap((a) => (a.askDescription ? [{ key: a.key, title: a.title, question: a.askDescription }] : []));
}

/** Why descriptions do not fit a template: the values of the server's TRIB_AREA_DESCRIPTIONS error. */
export interface AreaDescriptionsProblem {
  reason: 'nothingToDescribe' | 'notAnArea';
  template: string;
  /** The key that is not an open area. */
  area: string;
  /** The keys of the areas it leaves open. */
  areas: string;
}

/**
 * Why these descriptions do not fit the template, or null when they do: each key must be an area
 * the template leaves open.
 */
export function areaDescriptionsProblem(template: TemplateDefinition, descriptions: Readonly<Record<string, string>>): AreaDescriptionsProblem | null {
  const open = new Set(areasToDescribe(template).map((a) => a.key));
  const stray = Object.keys(descriptions).find((key) => !open.has(key));
  if (stray === undefined) return null;
  return { reason: open.size === 0 ? 'nothingToDescribe' : 'notAnArea', template: template.title, area: stray, areas: [...open].join(', ') };
}

/**
 * What `GET /api/templates` answers: `[{ id, title, description, minutes, describe? }]`, in the
 * words `words` gives (messages.ts; English without it).
 */
export function templateSummaries(words?: TemplateWords): TemplateSummary[] {
  return TEMPLATES.map((english) => {
    const t = words ? localizeTemplate(english, words) : english;
    const describe = areasToDescribe(t);
    return { id: t.id, title: t.title, description: t.description, minutes: t.minutes, ...(describe.length ? { describe } : {}) };
  });
}
