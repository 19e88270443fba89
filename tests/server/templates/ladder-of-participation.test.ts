import { beforeAll, describe, expect, test } from 'vitest';
import { useServer } from '../../helpers/fixture.ts';
import { startSession, type Session } from './session.ts';

// Ladder of Participation (shared/METHODS.md): six rungs from "No control" to "Full control";
// four private marker rounds (organisation, team, yourself, where we should be), then notes.
describe('template: ladder-of-participation', () => {
  const server = useServer();
  let s: Session;
  beforeAll(async () => {
    s = await startSession(server, 'ladder-of-participation', ['Ana', 'Ben', 'Cas', 'Dee']);
  });

  test('the whole script: four marker rounds counted per rung, notes on rungs, export', async () => {
    const rungs = s.areas();
    expect(rungs.map((r) => r.title)).toEqual(['1. No control', '2. Information', '3. Consultation', '4. Participation', '5. Sharing power', '6. Full control']);
    // Full control is at the top of the ladder.
    expect(rungs[5]!.rect.y).toBeLessThan(rungs[0]!.rect.y);

    const picks = [
      [1, 1, 2, 0], // organisation
      [2, 3, 2, 2], // team
      [3, 3, 4, 2], // yourself
      [5, 4, 5, 5], // should be
    ];
    let control = await s.cmd({ type: 'step.goto', index: 0 });
    for (const [q, choice] of picks.entries()) {
      control = await s.cmd({ type: 'step.next' });
      expect(control.voting).toMatchObject({ open: true, target: 'areas', budget: 1 });
      for (const [i, rung] of choice.entries()) expect((await s.vote(s.people[i]!, { areaId: rungs[rung]!.id, delta: 1 })).status).toBe(200);
      expect(control.markerRounds).toHaveLength(q + 1);
    }
    control = await s.cmd({ type: 'step.next' });
    expect(control.voting.open).toBe(false);
    for (const p of s.people) await s.mustPost(p, { text: `${p.name}: time and money`, areaId: rungs[3]!.id });
    await s.waitNotes(4);

    const data = await s.exportJson();
    expect(data.markerRounds.map((r: any) => r.title)).toEqual(['Your organisation', 'Your team', 'You in your role', 'Where we should be']);
    const counts = (q: number) => data.areas.map((a: any) => a.markers[q].count);
    expect(counts(0)).toEqual([1, 2, 1, 0, 0, 0]);
    expect(counts(1)).toEqual([0, 0, 3, 1, 0, 0]);
    expect(counts(2)).toEqual([0, 0, 1, 2, 1, 0]);
    expect(counts(3)).toEqual([0, 0, 0, 0, 1, 3]);
    expect(data.areas[3].notes).toHaveLength(4);
  });
});
