import { beforeAll, describe, expect, it } from 'vitest';
import { distinctPeople, presenceSummary } from '../../client/src/editor/presence.ts';
import { withMessages } from '../../client/src/i18n/i18n.ts';

// The editor's words come from the English catalog, loaded as the views load it.
beforeAll(() => withMessages(Promise.resolve(), 'board'));

// "N here" counts people, not tabs (issue 16): tabs with the same server-stamped key are one person.
describe('distinctPeople', () => {
  const tab = (
    name: string,
    person: string | null,
    extra: { isSelf?: boolean; role?: 'facilitator' | 'participant'; badge?: { kind: 'talk' | 'listen' | 'break'; showName: boolean } } = {},
  ) => ({
    name,
    person,
    isSelf: extra.isSelf ?? false,
    role: extra.role ?? (name === 'Dee' ? ('facilitator' as const) : ('participant' as const)),
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

  it('counts the facilitator’s own tab, which has no key of its own, with their other tabs', () => {
    const people = distinctPeople([tab('Dee', null, { isSelf: true }), tab('Dee', 'n.f'), tab('Ana', 'n.a')]);
    expect(people.map((p) => [p.name, p.isSelf])).toEqual([
      ['Dee', true],
      ['Ana', false],
    ]);
  });
});
