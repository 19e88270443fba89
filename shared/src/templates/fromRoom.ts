import type * as Y from 'yjs';
import { listAreas } from '../board/queries.ts';
import type { MethodRules } from '../control/groups.ts';
import { readControl } from '../control/state.ts';
import type { Step } from '../control/steps.ts';
import { METHOD_DESCRIPTION_MAX, METHOD_MAX_AREAS, METHOD_TITLE_MAX } from './parse.ts';
import type { TemplateArea, TemplateDefinition, TemplateRules, TemplateStep } from './types.ts';

/** Fields a room's step carries over into a method as they are (everything but its id and area). */
function methodStep(step: Step, keyOf: ReadonlyMap<string, string>): TemplateStep {
  // The room's step id is left out: it already carries the prefix of the method it came from, and
  // each use of the method gives the step a new one (apply.ts resolveTemplateSteps).
  const { id: _id, areaId, timerSeconds, ...rest } = step;
  const out: TemplateStep = { ...rest, ...(timerSeconds !== null ? { timerSeconds } : {}) };
  const areaKey = areaId ? keyOf.get(areaId) : undefined;
  if (areaKey) out.areaKey = areaKey;
  return out;
}

function methodRules(method: MethodRules, keyOf: ReadonlyMap<string, string>): TemplateRules | undefined {
  const groups: NonNullable<TemplateRules['groups']> = {};
  if (method.groupSize) groups.size = method.groupSize;
  if (method.groupCount) groups.count = method.groupCount;
  if (method.minGroupSize) groups.minSize = method.minGroupSize;
  if (method.defaultMinGroupSize) groups.defaultMinSize = method.defaultMinGroupSize;
  if (method.groupLabel) groups.label = method.groupLabel;
  if (method.areaPerGroup) groups.areaPerGroup = true;
  const rules: TemplateRules = {};
  if (Object.keys(groups).length > 0) rules.groups = groups;
  const areaKeys = (method.rotationAreaIds ?? []).flatMap((id) => keyOf.get(id) ?? []);
  if (method.rotate && areaKeys.length > 0) rules.rotate = { rule: method.rotate, areaKeys };
  if (method.roles) rules.roles = method.roles;
  return Object.keys(rules).length > 0 ? rules : undefined;
}

/**
 * A room as a method of the same shape as a built-in template: its areas (rects relative to the
 * first area, in board order), its script (area ids turned into area keys) and its method rules.
 * The areas that forming groups made (role `group`) are left out: the rule that made them
 * (`areaPerGroup`) is kept and makes them again. Answers a definition that `parseTemplate`
 * accepts for any room the server wrote.
 */
export function methodFromRoom(board: Y.Doc, control: Y.Doc, title: string): TemplateDefinition {
  const areas = listAreas(board)
    .filter((a) => a.role !== 'group')
    .slice(0, METHOD_MAX_AREAS);
  const origin = areas[0]?.rect ?? { x: 0, y: 0 };
  const keyOf = new Map(areas.map((a, i) => [a.id, `area-${i + 1}`]));
  const state = readControl(control);
  const methodAreas: TemplateArea[] = areas.map((a) => ({
    key: keyOf.get(a.id)!,
    title: a.title,
    rect: { x: Math.round(a.rect.x - origin.x), y: Math.round(a.rect.y - origin.y), w: Math.round(a.rect.w), h: Math.round(a.rect.h) },
    color: a.color,
    ...(a.description ? { description: a.description } : {}),
    ...(a.role ? { role: a.role } : {}),
  }));
  const steps = state.steps.map((s) => methodStep(s, keyOf));
  const minutes = Math.max(1, Math.round(state.steps.reduce((sum, s) => sum + (s.timerSeconds ?? 300), 0) / 60));
  const rules = methodRules(state.method, keyOf);
  const name = title.trim().slice(0, METHOD_TITLE_MAX) || state.title.slice(0, METHOD_TITLE_MAX) || 'My method';
  return {
    id: 'my-method',
    title: name,
    description: steps.map((s) => s.title).join(', ').slice(0, METHOD_DESCRIPTION_MAX),
    minutes: Math.min(minutes, 24 * 60),
    areas: methodAreas,
    steps,
    ...(rules ? { rules } : {}),
  };
}
