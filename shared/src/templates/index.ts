import { groupAgreement } from './group-agreement.ts';
import { ladderOfParticipation } from './ladder-of-participation.ts';
import { recoveryRiver } from './recovery-river.ts';
import { reverseBrainstorming } from './reverse-brainstorming.ts';
import { troikaConsulting } from './troika-consulting.ts';
import type { TemplateAreaToDescribe, TemplateDefinition, TemplateSummary } from './types.ts';
import { userManual } from './user-manual.ts';
import { wordAssociation } from './word-association.ts';
import { worldCafe } from './world-cafe.ts';

export type { TemplateArea, TemplateAreaToDescribe, TemplateDefinition, TemplateRules, TemplateStep, TemplateSummary } from './types.ts';
export { USER_MANUAL_PROMPTS } from './user-manual.ts';
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

/**
 * Why these descriptions do not fit the template, in plain words, or null when they do: each key
 * must be an area the template leaves open.
 */
export function areaDescriptionsProblem(template: TemplateDefinition, descriptions: Readonly<Record<string, string>>): string | null {
  const open = new Set(areasToDescribe(template).map((a) => a.key));
  const stray = Object.keys(descriptions).find((key) => !open.has(key));
  if (stray === undefined) return null;
  return open.size === 0
    ? `${template.title} has nothing to describe before it starts.`
    : `"${stray}" is not one of the areas ${template.title} asks you to describe (${[...open].join(', ')}).`;
}

/** What `GET /api/templates` answers: `[{ id, title, description, minutes, describe? }]`. */
export function templateSummaries(): TemplateSummary[] {
  return TEMPLATES.map((t) => {
    const describe = areasToDescribe(t);
    return { id: t.id, title: t.title, description: t.description, minutes: t.minutes, ...(describe.length ? { describe } : {}) };
  });
}
