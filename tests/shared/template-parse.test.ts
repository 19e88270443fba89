import { describe, expect, test } from 'vitest';
import { TEMPLATES } from '@tributary/shared/templates/index';
import { parseTemplate } from '@tributary/shared/templates/parse';
import { groupAgreement } from '@tributary/shared/templates/group-agreement';

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('parseTemplate: one strict check for built-in, saved and imported methods', () => {
  test.each(TEMPLATES.map((t) => [t.id, t] as const))('the built-in template %s passes', (_id, template) => {
    expect(parseTemplate(copy(template))).toEqual({ ok: true, template });
  });

  test('an unknown field is refused, naming it', () => {
    const bad = { ...copy(groupAgreement), script: [] };
    expect(parseTemplate(bad)).toMatchObject({ ok: false, problem: { field: '/script' } });
    const badStep = copy(groupAgreement) as unknown as { steps: Array<Record<string, unknown>> };
    badStep.steps[0]!.areaId = 'area-1';
    expect(parseTemplate(badStep)).toMatchObject({ ok: false, problem: { field: '/steps/0/areaId' } });
  });

  test('limits: too many steps, an area too small or too far, a step naming no area', () => {
    const many = copy(groupAgreement);
    many.steps = Array.from({ length: 51 }, () => copy(groupAgreement.steps[1]!));
    expect(parseTemplate(many)).toMatchObject({ ok: false, problem: { field: '/steps' } });
    const small = copy(groupAgreement);
    small.areas[0]!.rect.w = 10;
    expect(parseTemplate(small)).toMatchObject({ ok: false, problem: { field: '/areas/0/rect/w' } });
    const far = copy(groupAgreement);
    far.areas[0]!.rect.x = 1e9;
    expect(parseTemplate(far)).toMatchObject({ ok: false, problem: { field: '/areas/0/rect/x' } });
    const dangling = copy(groupAgreement);
    dangling.steps[0]!.areaKey = 'nowhere';
    expect(parseTemplate(dangling)).toMatchObject({ ok: false, problem: { field: '/steps/0/areaKey' } });
    const twice = copy(groupAgreement);
    twice.areas.push(copy(twice.areas[0]!));
    expect(parseTemplate(twice)).toMatchObject({ ok: false, problem: { field: '/areas/1/key' } });
  });

  test('not an object at all', () => {
    expect(parseTemplate('hello')).toMatchObject({ ok: false, problem: { field: 'body' } });
    expect(parseTemplate(null).ok).toBe(false);
  });
});
