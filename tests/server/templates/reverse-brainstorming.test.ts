import { beforeAll, describe, expect, test } from 'vitest';
import { useServer } from '../../helpers/fixture.ts';
import { startSession, type Session } from './session.ts';
import { request } from '../../helpers/server.ts';

// Reverse Brainstorming (shared/METHODS.md): the problem, the reversed question, worst ideas
// (anonymous by default), each flipped into a solution linked to it, then a vote.
describe('template: reverse-brainstorming', () => {
  const server = useServer();
  let s: Session;
  beforeAll(async () => {
    s = await startSession(server, 'reverse-brainstorming', ['Ana', 'Ben', 'Cas', 'Dee', 'Eli']);
  });

  test('the whole script: reversed question, anonymous worst ideas, linked flips, vote, export', async () => {
    const [problem, worst, solutions] = s.areas();
    expect([problem!.title, worst!.title, solutions!.title]).toEqual(['The problem', 'Worst ideas', 'Turned around: solutions']);
    let control = await s.cmd({ type: 'step.goto', index: 0 });
    expect(control.prompt).toContain('how do we support services to do co-production?');
    expect(control.areaId).toBe(problem!.id);
    // The facilitator puts the problem on the board.
    await s.mustPost(s.room.facilitatorToken, { text: 'How do we support services to do co-production?' });

    // Worst ideas: the reversed question, anonymous, released in batches from three people.
    control = await s.cmd({ type: 'step.next' });
    expect(control.prompt).toContain("how do we make sure services don't do co-production?");
    expect(control.mode).toBe('anonymous');
    const ideas = ['Never ask anyone', 'Meet at 8am far away', 'Use lots of jargon', 'Pay nobody for their time', 'Decide first, ask later'];
    const posted: Array<{ status: string; noteId: string; editKey: string }> = [];
    for (const [i, text] of ideas.entries()) posted.push(await s.mustPost(s.people[i]!, { text, anonymous: false }));
    expect(posted.map((p) => p.status)).toEqual(['pending', 'pending', 'visible', 'pending', 'pending']);
    control = await s.cmd({ type: 'step.next' });
    // Going on does not force out the last two: two people's notes wait for a third, or for
    // their writers to agree on their phones.
    expect(control.pendingAnonymous).toBe(2);
    for (const p of posted.slice(3)) {
      const agreed = await request(s.server.url, 'POST', `/api/rooms/${s.room.roomId}/notes/${p.noteId}/release-consent`, { headers: { 'x-edit-key': p.editKey } });
      expect(agreed.body.status).toBe('visible');
    }
    await s.waitNotes(6);
    const worstNotes = s.notes().filter((n) => n.areaId === worst!.id);
    expect(worstNotes).toHaveLength(5);
    expect(worstNotes.every((n) => n.anonymous)).toBe(true);
    for (const n of worstNotes) expect(s.board.doc.getMap<any>('notes').get(n.id).get('authorId')).toBeUndefined();

    // Flip each worst idea into a solution linked to it.
    expect(control.areaId).toBe(solutions!.id);
    const flips = new Map<string, string>();
    for (const [i, w] of worstNotes.entries()) {
      const res = await s.mustPost(s.people[i]!, { text: `Opposite of: ${w.text}`, replyTo: w.id });
      flips.set(res.noteId, w.id);
    }
    await s.waitNotes(11);
    for (const [id, from] of flips) {
      const note = s.notes().find((n) => n.id === id)!;
      expect(note.areaId).toBe(solutions!.id);
      expect(note.replyTo).toBe(from);
    }

    // Vote on the solutions.
    control = await s.cmd({ type: 'step.next' });
    expect(control.voting.open).toBe(true);
    const best = [...flips.keys()][0]!;
    for (const p of s.people.slice(0, 4)) expect((await s.vote(p, { noteId: best, delta: 1 })).status).toBe(200);
    await s.cmd({ type: 'voting.close', showTotals: true });

    const data = await s.exportJson();
    const sol = data.areas.find((a: any) => a.id === solutions!.id);
    expect(sol.notes).toHaveLength(5);
    expect(sol.notes[0]).toMatchObject({ id: best, votes: 4, replyTo: flips.get(best) });
    expect(data.areas.find((a: any) => a.id === worst!.id).notes.every((n: any) => n.anonymous && n.author === null)).toBe(true);
    expect(data.areas.find((a: any) => a.id === problem!.id).notes).toHaveLength(1);
    expect(await s.exportMd()).toContain('builds on: Never ask anyone');
  });
});
