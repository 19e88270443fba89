import { beforeAll, describe, expect, test } from 'vitest';
import { useServer } from '../../helpers/fixture.ts';
import { startSession, type Session } from './session.ts';

// Group agreement (shared/METHODS.md): suggestions, talk, dot vote.
describe('template: group-agreement', () => {
  const server = useServer();
  let s: Session;
  beforeAll(async () => {
    s = await startSession(server, 'group-agreement', ['Ana', 'Ben', 'Cas']);
  });

  test('the whole script: suggestions in their area, dot vote, export sorted by votes', async () => {
    const [suggestions] = s.areas();
    expect(suggestions!.title).toBe('Suggestions');
    let control = await s.cmd({ type: 'step.goto', index: 0 });
    expect(control.areaId).toBe(suggestions!.id);
    const ids = [];
    for (const [i, text] of ['One person talks at a time', 'It is OK to step out', 'No jargon'].entries()) {
      ids.push((await s.mustPost(s.people[i]!, { text })).noteId);
    }
    control = await s.cmd({ type: 'step.next' });
    expect((await s.post(s.people[0]!, { text: 'late' })).status).toBe(403);
    control = await s.cmd({ type: 'step.next' });
    expect(control.voting).toMatchObject({ open: true, budget: 3, target: 'notes' });
    for (const p of s.people) {
      expect((await s.vote(p, { noteId: ids[1], delta: 1 })).status).toBe(200);
      expect((await s.vote(p, { noteId: ids[2], delta: 1 })).status).toBe(200);
    }
    expect((await s.vote(s.people[0]!, { noteId: ids[1], delta: 1 })).status).toBe(200);
    // Voting on notes needs a note.
    expect((await s.vote(s.people[1]!, { areaId: suggestions!.id, delta: 1 })).status).toBe(400);
    await s.cmd({ type: 'voting.close', showTotals: true });
    const data = await s.exportJson();
    expect(data.areas[0].notes.map((n: any) => [n.text, n.votes])).toEqual([
      ['It is OK to step out', 4],
      ['No jargon', 3],
      ['One person talks at a time', 0],
    ]);
  });
});
