import { beforeAll, describe, expect, test } from 'vitest';
import { useServer } from '../../helpers/fixture.ts';
import { startSession, type Session } from './session.ts';

// Recovery River (shared/METHODS.md): six stages from source to ocean; people privately place
// a marker where they feel they are (only counts per stage are shown, never who), then add
// notes to stages about barriers, support, and safe activities.
describe('template: recovery-river', () => {
  const server = useServer();
  let s: Session;
  beforeAll(async () => {
    s = await startSession(server, 'recovery-river', ['Ana', 'Ben', 'Cas', 'Dee', 'Eli']);
  });

  test('the whole script: stages left to right, private markers with counts only, notes per stage, export', async () => {
    const stages = s.areas();
    expect(stages).toHaveLength(6);
    expect(stages.map((a) => a.rect.x)).toEqual([...stages.map((a) => a.rect.x)].sort((a, b) => a - b));
    expect(new Set(stages.map((a) => a.rect.y)).size).toBe(1);
    expect(stages[4]!.title).toBe('5. The river');
    expect(stages[4]!.description).toContain('nervous and excited');
    expect(stages[5]!.title).toBe('6. The ocean');
    expect(stages[5]!.description).toContain('support network');
    // The stages the toolkit leaves open have no words until the facilitator writes them: never a placeholder.
    for (const open of stages.slice(0, 4)) expect(open.description).toBeUndefined();

    let control = await s.cmd({ type: 'step.next' });
    expect(control.voting).toMatchObject({ open: true, budget: 1, target: 'areas', totals: null });
    expect(control.markerRounds).toEqual([{ round: control.voting.round, title: 'Where are you?' }]);
    // Markers: Ana and Ben at the river, Cas at the ocean, Dee at stage 2; Eli chooses not to.
    const where = [4, 4, 5, 1];
    for (const [i, stage] of where.entries()) {
      const res = await s.vote(s.people[i]!, { areaId: stages[stage]!.id, delta: 1 });
      expect(res.status).toBe(200);
      expect(res.body.remaining).toBe(0);
    }
    // One marker each; a note id is not a place; nobody sees totals until the facilitator shows them.
    expect((await s.vote(s.people[0]!, { areaId: stages[0]!.id, delta: 1 })).status).toBe(409);
    expect((await s.vote(s.people[4]!, { areaId: 'area_nope', delta: 1 })).status).toBe(404);
    // Ana moves her marker.
    expect((await s.vote(s.people[0]!, { areaId: stages[4]!.id, delta: -1 })).status).toBe(200);
    expect((await s.vote(s.people[0]!, { areaId: stages[3]!.id, delta: 1 })).status).toBe(200);
    control = await s.cmd({ type: 'voting.close', showTotals: true });
    const expected = { [stages[4]!.id]: 1, [stages[5]!.id]: 1, [stages[1]!.id]: 1, [stages[3]!.id]: 1 };
    expect(control.voting.totals).toEqual(expected);

    // Notes per stage, three open steps.
    for (const step of ['What gets in the way', 'Support and changes', 'Safe activities and resources']) {
      control = await s.cmd({ type: 'step.next' });
      expect(control.steps[control.stepIndex].title).toBe(step);
      expect(control.mode).toBe('open');
      // Each person picks the stage their note is about; without a pick the note is refused.
      const unpicked = await s.post(s.people[0]!, { text: 'no stage' });
      expect(unpicked.status).toBe(400);
      expect(unpicked.body.message).toBe('Pick the stage your note is about first.');
      for (const [i, p] of s.people.entries()) await s.mustPost(p, { text: `${step}: ${p.name}`, areaId: stages[i % 6]!.id });
    }
    control = await s.cmd({ type: 'step.next' });
    expect(control.mode).toBe('discussion');
    await s.waitNotes(15);

    const data = await s.exportJson();
    expect(data.markerRounds).toEqual([{ round: 1, title: 'Where are you?' }]);
    expect(data.areas.map((a: any) => a.markers[0].count)).toEqual([0, 1, 0, 1, 1, 1]);
    expect(data.areas.map((a: any) => a.notes.length)).toEqual([3, 3, 3, 3, 3, 0]);
    expect(data.areas[4].description).toContain('nervous and excited');
    // Area markers are not note votes.
    expect(data.voted).toBe(false);
    expect(await s.exportMd()).toContain('Markers, Where are you?: 1');
  });
});
