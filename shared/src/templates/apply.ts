import type * as Y from 'yjs';
import type { StepInput } from '../api.ts';
import { createArea } from '../board/mutations.ts';
import { NOTE_WIDTH } from '../board/note.ts';
import { listAreas, listNotes } from '../board/queries.ts';
import type { MethodRules } from '../control/groups.ts';
import type { TemplateDefinition } from './types.ts';

/** Space left between what is on the board and a template added next to it. */
export const TEMPLATE_GAP = 200;

/** The x where new content can start to the right of everything on the board (0 when empty). */
export function boardContentRight(doc: Y.Doc): number {
  let right = Number.NEGATIVE_INFINITY;
  for (const area of listAreas(doc)) right = Math.max(right, area.rect.x + area.rect.w);
  for (const note of listNotes(doc)) right = Math.max(right, note.pos.x + NOTE_WIDTH);
  return Number.isFinite(right) ? right + TEMPLATE_GAP : 0;
}

/**
 * Puts a template's areas on the board, shifted right by `offsetX`, in one transaction with
 * `origin`. Returns the new area ids by template key.
 */
export function createTemplateAreas(
  doc: Y.Doc,
  template: TemplateDefinition,
  offsetX: number,
  origin: unknown,
  /** What the facilitator wrote for the areas the template leaves open, by area key. */
  written: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const ids: Record<string, string> = {};
  doc.transact(() => {
    const start = listAreas(doc).reduce((max, a) => Math.max(max, a.order + 1), 0);
    template.areas.forEach((area, i) => {
      // An open area gets only what the facilitator wrote: nothing written, no description.
      const description = area.askDescription ? written[area.key]?.trim() : area.description;
      ids[area.key] = createArea(
        doc,
        {
          title: area.title,
          rect: { ...area.rect, x: area.rect.x + offsetX },
          color: area.color,
          order: start + i,
          ...(description ? { description } : {}),
          ...(area.role ? { role: area.role } : {}),
        },
        origin,
      );
    });
  }, origin);
  return ids;
}

/** The template's steps with `areaKey` turned into the id of the area created for it. */
export function resolveTemplateSteps(template: TemplateDefinition, areaIds: Readonly<Record<string, string>>): StepInput[] {
  return template.steps.map((step, i) => {
    const { areaKey, ...rest } = step;
    const out: StepInput = { ...rest, id: `${template.id}-${step.id ?? i + 1}` };
    const areaId = areaKey ? areaIds[areaKey] : undefined;
    if (areaId) out.areaId = areaId;
    return out;
  });
}

/** The template's rules as the control document keeps them (`control.method`). */
export function resolveTemplateMethod(template: TemplateDefinition, areaIds: Readonly<Record<string, string>>): MethodRules {
  const rules = template.rules;
  const method: MethodRules = {};
  if (!rules) return method;
  if (rules.groups?.size) method.groupSize = rules.groups.size;
  if (rules.groups?.count) method.groupCount = rules.groups.count;
  if (rules.groups?.minSize) method.minGroupSize = rules.groups.minSize;
  if (rules.groups?.defaultMinSize) method.defaultMinGroupSize = rules.groups.defaultMinSize;
  if (rules.groups?.label) method.groupLabel = rules.groups.label;
  if (rules.groups?.areaPerGroup) method.areaPerGroup = true;
  if (rules.rotate) {
    method.rotate = rules.rotate.rule;
    method.rotationAreaIds = rules.rotate.areaKeys.map((k) => areaIds[k]).filter((id): id is string => typeof id === 'string');
  }
  if (rules.roles) method.roles = rules.roles;
  return method;
}
