import { Type, type Static, type TUnsafe } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { StepInput } from '../api.ts';
import { AREA_COLORS } from '../board/colors.ts';
import { AREA_DESCRIPTION_MAX, AREA_MIN_SIZE, AREA_ROLES, AREA_TITLE_MAX } from '../board/records.ts';
import { GROUP_LABEL_MAX, MAX_GROUPS, ROLE_RULES, ROTATION_RULES } from '../control/groups.ts';
import { MAX_STEPS } from '../control/steps.ts';
import type { TemplateDefinition } from './types.ts';

/**
 * The one runtime check of a method definition: the shape of a built-in template
 * (types.ts), strict (an unknown field is refused) and bounded, so a method saved by a
 * facilitator or imported from a file can be trusted as far as a built-in one. Built-in
 * templates pass it (tests/shared/template-parse.test.ts).
 */

/** Most areas one method may put on the board. */
export const METHOD_MAX_AREAS = 40;
/** How far (board units) an area may sit from the method's first area, and how big it may be. */
export const METHOD_MAX_OFFSET = 50_000;
export const METHOD_MAX_AREA_SIZE = 20_000;
export const METHOD_TITLE_MAX = 120;
export const METHOD_DESCRIPTION_MAX = 2000;
/** Ids and keys: short, plain, safe in a step id (`<method id>-<step id>`). */
const KEY_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]*$';

const oneOf = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnsafe<T[number]>;
const Key = Type.String({ minLength: 1, maxLength: 48, pattern: KEY_PATTERN });

const MethodArea = Type.Object(
  {
    key: Key,
    title: Type.String({ maxLength: AREA_TITLE_MAX }),
    rect: Type.Object(
      {
        x: Type.Number({ minimum: -METHOD_MAX_OFFSET, maximum: METHOD_MAX_OFFSET }),
        y: Type.Number({ minimum: -METHOD_MAX_OFFSET, maximum: METHOD_MAX_OFFSET }),
        w: Type.Number({ minimum: AREA_MIN_SIZE, maximum: METHOD_MAX_AREA_SIZE }),
        h: Type.Number({ minimum: AREA_MIN_SIZE, maximum: METHOD_MAX_AREA_SIZE }),
      },
      { additionalProperties: false },
    ),
    color: oneOf(Object.keys(AREA_COLORS) as Array<keyof typeof AREA_COLORS>),
    description: Type.Optional(Type.String({ maxLength: AREA_DESCRIPTION_MAX })),
    role: Type.Optional(oneOf(AREA_ROLES)),
    askDescription: Type.Optional(Type.String({ minLength: 1, maxLength: AREA_DESCRIPTION_MAX })),
  },
  { additionalProperties: false },
);

// A template's step is a facilitator's step (api.ts StepInput) with `areaKey` for `areaId`.
const { areaId: _areaId, ...stepFields } = StepInput.properties;
const MethodStep = Type.Object({ ...stepFields, id: Type.Optional(Key), areaKey: Type.Optional(Key) }, { additionalProperties: false });

const GroupCount = Type.Integer({ minimum: 1, maximum: MAX_GROUPS });
const MethodRules = Type.Object(
  {
    groups: Type.Optional(
      Type.Object(
        {
          size: Type.Optional(GroupCount),
          count: Type.Optional(GroupCount),
          minSize: Type.Optional(GroupCount),
          defaultMinSize: Type.Optional(GroupCount),
          label: Type.Optional(Type.String({ minLength: 1, maxLength: GROUP_LABEL_MAX })),
          areaPerGroup: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
    rotate: Type.Optional(Type.Object({ rule: oneOf(ROTATION_RULES), areaKeys: Type.Array(Key, { minItems: 1, maxItems: METHOD_MAX_AREAS }) }, { additionalProperties: false })),
    roles: Type.Optional(oneOf(ROLE_RULES)),
  },
  { additionalProperties: false },
);

/** The schema of a method definition: what `POST /api/library/methods` and `POST /api/rooms` accept. */
export const MethodDefinition = Type.Object(
  {
    id: Key,
    title: Type.String({ minLength: 1, maxLength: METHOD_TITLE_MAX }),
    description: Type.String({ maxLength: METHOD_DESCRIPTION_MAX }),
    minutes: Type.Integer({ minimum: 1, maximum: 24 * 60 }),
    areas: Type.Array(MethodArea, { maxItems: METHOD_MAX_AREAS }),
    steps: Type.Array(MethodStep, { minItems: 1, maxItems: MAX_STEPS }),
    rules: Type.Optional(MethodRules),
  },
  { additionalProperties: false },
);

// One shape: what the schema accepts is a TemplateDefinition (a compile error here if they drift).
const _sameShape = (checked: Static<typeof MethodDefinition>): TemplateDefinition => checked;
void _sameShape;

/** Why a method definition was refused: where (`/steps/3/mode`, `body` for the whole) and what. */
export interface MethodProblem {
  field: string;
  problem: string;
}

export type ParsedTemplate = { ok: true; template: TemplateDefinition } | { ok: false; problem: MethodProblem };

/** The references between parts: keys unique, steps and rotation naming areas the method has. */
function referenceProblem(t: TemplateDefinition): MethodProblem | null {
  const keys = new Set<string>();
  for (const [i, area] of t.areas.entries()) {
    if (keys.has(area.key)) return { field: `/areas/${i}/key`, problem: `area key "${area.key}" is used twice` };
    keys.add(area.key);
  }
  const stepIds = new Set<string>();
  for (const [i, step] of t.steps.entries()) {
    if (step.areaKey !== undefined && !keys.has(step.areaKey)) return { field: `/steps/${i}/areaKey`, problem: `no area has the key "${step.areaKey}"` };
    if (step.postTo === 'pick-area' && !step.pickRole) return { field: `/steps/${i}/pickRole`, problem: 'a step where people pick an area must say which kind (pickRole)' };
    if (step.id !== undefined) {
      if (stepIds.has(step.id)) return { field: `/steps/${i}/id`, problem: `step id "${step.id}" is used twice` };
      stepIds.add(step.id);
    }
  }
  for (const [i, key] of (t.rules?.rotate?.areaKeys ?? []).entries()) {
    if (!keys.has(key)) return { field: `/rules/rotate/areaKeys/${i}`, problem: `no area has the key "${key}"` };
  }
  return null;
}

/**
 * Checks untrusted JSON (already parsed) as a method definition. Answers the definition, or the
 * first problem found, naming its field.
 */
export function parseTemplate(json: unknown): ParsedTemplate {
  const first = Value.Errors(MethodDefinition, json).First();
  if (first) return { ok: false, problem: { field: first.path || 'body', problem: first.message.toLowerCase() } };
  const template = json as TemplateDefinition;
  const problem = referenceProblem(template);
  return problem ? { ok: false, problem } : { ok: true, template };
}
