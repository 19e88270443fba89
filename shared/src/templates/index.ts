import { groupAgreement } from './group-agreement.ts';
import { ladderOfParticipation } from './ladder-of-participation.ts';
import { recoveryRiver } from './recovery-river.ts';
import { reverseBrainstorming } from './reverse-brainstorming.ts';
import { troikaConsulting } from './troika-consulting.ts';
import type { TemplateDefinition, TemplateSummary } from './types.ts';
import { userManual } from './user-manual.ts';
import { wordAssociation } from './word-association.ts';
import { worldCafe } from './world-cafe.ts';

export type { TemplateArea, TemplateDefinition, TemplateRules, TemplateStep, TemplateSummary } from './types.ts';
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

/** What `GET /api/templates` answers: `[{ id, title, description, minutes }]`. */
export function templateSummaries(): TemplateSummary[] {
  return TEMPLATES.map(({ id, title, description, minutes }) => ({ id, title, description, minutes }));
}
