import { describe, expect, it } from 'vitest';
import { distinctPeople, presenceSummary } from '../../client/src/editor/presence.ts';

// "N here" counts people, not tabs (issue 16): tabs with the same server-stamped key are one person.
describe('distinctPeople', () => {
  const tab = (name: string, person: string | null, extra: { isSelf?: boolean; badge?: { kind: 'talk' | 'listen' | 'break'; showName: boolean } } = {}) => ({
    name,
    person,
    isSelf: extra.isSelf ?? false,
    badge: extra.badge ?? null,
  });

  it('counts a facilitator with the board open twice and a person on phone and laptop once each', () => {
    const users = [tab('Dee', 'n.f', { isSelf: true }), tab('Dee', 'n.f'), tab('Ana', 'n.a'), tab('Ana', 'n.a'), tab('Ben', 'n.b')];
    const people = distinctPeople(users);
    expect(people.map((p) => p.name)).toEqual(['Dee', 'Ana', 'Ben']);
    expect(presenceSummary(people)).toBe('3 people here: Dee (you), Ana, Ben');
  });

  it('keeps this device’s own entry, else the one showing a badge; a tab without a key counts on its own', () => {
    const talk = { kind: 'talk' as const, showName: true };
    expect(distinctPeople([tab('Dee', 'n.f'), tab('Dee', 'n.f', { isSelf: true })])[0]!.isSelf).toBe(true);
    expect(distinctPeople([tab('Ana', 'n.a'), tab('Ana', 'n.a', { badge: talk })])[0]!.badge).toEqual(talk);
    expect(distinctPeople([tab('', null), tab('', null), tab('Ana', 'n.a')])).toHaveLength(3);
  });
});
