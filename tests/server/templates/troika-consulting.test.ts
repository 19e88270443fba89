import { beforeAll, describe, expect, test } from 'vitest';
import { useServer } from '../../helpers/fixture.ts';
import { phoneControl, phonesSee, startSession, type Session } from './session.ts';

// Troika Consulting (shared/METHODS.md): trios (never fewer than three), one client per round,
// timed phases; while the consultants talk the client only listens and cannot post.
describe('template: troika-consulting', () => {
  const server = useServer();
  let s: Session;
  beforeAll(async () => {
    s = await startSession(server, 'troika-consulting', ['Ana', 'Ben', 'Cas', 'Dee', 'Eli', 'Fay', 'Gus']);
  });

  test('the whole script: trios with their own areas, rotating client, listen-only phase, export', async () => {
    expect(s.areas()).toHaveLength(0);
    let control = await s.cmd({ type: 'timer.reset' });
    expect(control.method).toMatchObject({ groupSize: 3, minGroupSize: 3, roles: 'rotate-client', areaPerGroup: true, groupLabel: 'Trio' });
    expect(control.steps.map((st: any) => [st.title, st.timerSeconds])).toEqual([
      ['Get into threes', null],
      ['Client shares a challenge', 180],
      ['Consultants talk', 300],
      ['Client feedback', 180],
      ['Close', null],
    ]);
    expect(control.steps[2]).toMatchObject({ clientMayPost: false, postTo: 'group-area', mode: 'open' });

    // 7 people: a trio and a group of four, each with its own area.
    control = await s.cmd({ type: 'groups.form', strategy: 'shuffle' });
    expect(control.groups.map((g: any) => g.members.length)).toEqual([4, 3]);
    expect(control.groups.map((g: any) => g.label)).toEqual(['Trio 1', 'Trio 2']);
    const areas = s.areas();
    expect(areas.map((a) => a.title)).toEqual(['Trio 1', 'Trio 2']);
    expect(control.groups.map((g: any) => g.areaId)).toEqual(areas.map((a) => a.id));

    const byId = new Map(s.people.map((p) => [p.participantId, p]));
    const rounds = Math.max(...control.groups.map((g: any) => g.members.length));
    const posted: Array<{ id: string; round: number; areaId: string }> = [];
    for (let round = 0; round < rounds; round++) {
      if (round > 0) control = await s.cmd({ type: 'round.next', goto: 1 });
      else control = await s.cmd({ type: 'step.goto', index: 1 });
      expect(control.round).toBe(round);
      // Member (round mod size) is the client; phones can say "You are the client: listen".
      for (const g of control.groups) expect(g.client).toBe(g.members[round % g.members.length]);
      await phonesSee(s.people, (c) => c.round === round, 'phones see the round');
      const clients = new Set<string>(control.groups.map((g: any) => g.client));
      const sample = phoneControl(s.people[0]!).groups.find((g: any) => g.members.includes(s.people[0]!.participantId));
      expect(sample.client === s.people[0]!.participantId).toBe(clients.has(s.people[0]!.participantId));

      // Share: talk only.
      expect(control.timer.durationMs).toBe(180_000);
      expect((await s.post(s.people[0]!, { text: 'x' })).status).toBe(403);

      // Consultants talk: consultants post into their trio's area; the client is told to listen.
      control = await s.cmd({ type: 'step.next' });
      await s.cmd({ type: 'timer.start' });
      for (const g of control.groups) {
        for (const pid of g.members) {
          const res = await s.post(byId.get(pid)!, { text: `idea from ${byId.get(pid)!.name} in round ${round}` });
          if (pid === g.client) {
            expect(res.status).toBe(403);
            expect(res.body.message).toBe('Listen for now: your consultants are talking about your challenge.');
          } else {
            expect(res.status).toBe(201);
            posted.push({ id: res.body.noteId, round, areaId: g.areaId });
          }
        }
      }
      // Feedback: the client may post now.
      control = await s.cmd({ type: 'step.next' });
      for (const g of control.groups) {
        const res = await s.post(byId.get(g.client)!, { text: `what changed for me, round ${round}` });
        expect(res.status).toBe(201);
        posted.push({ id: res.body.noteId, round, areaId: g.areaId });
      }
    }
    // Everyone was the client once (the trio's members over its first three rounds).
    await s.waitNotes(posted.length);
    for (const p of posted) expect(s.notes().find((n) => n.id === p.id)).toMatchObject({ round: p.round, areaId: p.areaId });
    control = await s.cmd({ type: 'step.goto', index: 4 });

    const data = await s.exportJson();
    expect(data.areas.map((a: any) => a.title)).toEqual(['Trio 1', 'Trio 2']);
    // Trio 1 (4 people): 4 rounds x (3 consultants + 1 client). Trio 2 (3 people): 4 rounds x 3.
    expect(data.areas[0].notes).toHaveLength(16);
    expect(data.areas[1].notes).toHaveLength(12);
    expect(data.areas[0].notes.every((n: any) => typeof n.round === 'number')).toBe(true);
  });

  test('fewer than three people: 409 with a plain message', async () => {
    const small = await startSession(server, 'troika-consulting', ['Ana', 'Ben']);
    const res = await small.cmdRaw({ type: 'groups.form', strategy: 'shuffle' });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('Groups here need at least 3 people each, and only 2 people are connected right now.');
  });
});
