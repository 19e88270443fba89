import { beforeAll, describe, expect, test } from 'vitest';
import { useServer } from '../../helpers/fixture.ts';
import { phoneControl, phonesSee, startSession, type Session } from './session.ts';

// World Cafe (shared/METHODS.md): groups sit at tables with their own questions; each round the
// groups move on one table (tableAt: with 3 groups at 4 tables, group g at table (g + round) mod 4),
// notes stay at their table, later rounds build on earlier notes, every note says which round it
// came from, and "Next round" after the last table asks before starting again.
describe('template: world-cafe', () => {
  const server = useServer();
  let s: Session;
  beforeAll(async () => {
    s = await startSession(server, 'world-cafe', ['Ana', 'Ben', 'Cas', 'Dee', 'Eli', 'Fay', 'Gus']);
  });

  test('four tables in a 2x2 grid, each with its own question; the rotation rule is in control', async () => {
    const areas = s.areas();
    expect(areas).toHaveLength(4);
    expect(areas.map((a) => a.title.slice(0, 7))).toEqual(['Table 1', 'Table 2', 'Table 3', 'Table 4']);
    expect(new Set(areas.map((a) => a.title)).size).toBe(4);
    expect(new Set(areas.map((a) => a.rect.x)).size).toBe(2);
    expect(new Set(areas.map((a) => a.rect.y)).size).toBe(2);
    const control = phoneControl(s.people[0]!);
    expect(control.method).toMatchObject({ rotate: 'groups-across-areas', rotationAreaIds: areas.map((a) => a.id), groupCount: 4, defaultMinGroupSize: 2 });
    expect(control.method.minGroupSize).toBeUndefined();
    expect(control.steps.map((st: any) => st.title)).toEqual(['Find your table', 'Talk at your table', 'Look at all the tables', 'What matters most']);
  });

  test('the whole script: groups, three rounds of rotation, building on notes, harvest, vote, export', async () => {
    const tables = s.areas().map((a) => a.id);
    // 7 people, 4 tables, groups of at least 2: three groups of 3, 2 and 2.
    let control = await s.cmd({ type: 'groups.form', strategy: 'shuffle' });
    expect(control.groups.map((g: any) => g.members.length)).toEqual([3, 2, 2]);
    expect(control.groups.flatMap((g: any) => g.members).sort()).toEqual(s.people.map((p) => p.participantId).sort());
    expect(control.groups.map((g: any) => g.areaId)).toEqual([tables[0], tables[1], tables[2]]);
    expect(control.round).toBe(0);

    const groupIndexOf = (pid: string) => control.groups.findIndex((g: any) => g.members.includes(pid));
    const postedIds: string[][] = [];
    for (let round = 0; round < 3; round++) {
      control = round === 0 ? await s.cmd({ type: 'step.goto', index: 1 }) : await s.cmd({ type: 'round.next', goto: 1 });
      expect(control.round).toBe(round);
      expect(control.steps[control.stepIndex].postTo).toBe('group-area');
      // Every phone can find its table: its group's areaId this round.
      await phonesSee(s.people, (c) => c.round === round, `phones see round ${round}`);
      for (const p of s.people) {
        const g = groupIndexOf(p.participantId);
        expect(phoneControl(p).groups[g].areaId).toBe(tables[(g + round) % 4]);
      }
      const ids: string[] = [];
      for (const p of s.people) {
        const g = groupIndexOf(p.participantId);
        const table = tables[(g + round) % 4]!;
        // From round two, build on a note an earlier group left at this table.
        const earlier = s.notes().find((n) => n.areaId === table);
        const body: Record<string, unknown> = { text: `${p.name} r${round}`, ...(round > 0 && earlier ? { replyTo: earlier.id } : {}) };
        // The area asked for is ignored: notes go to the group's table.
        const res = await s.mustPost(p, { ...body, areaId: tables[3] });
        expect(res.status).toBe('visible');
        ids.push(res.noteId);
      }
      postedIds.push(ids);
    }
    await s.waitNotes(21);
    const notes = s.notes();
    for (const [round, ids] of postedIds.entries()) {
      for (const [i, id] of ids.entries()) {
        const note = notes.find((n) => n.id === id)!;
        const g = groupIndexOf(s.people[i]!.participantId);
        expect(note.round).toBe(round);
        expect(note.areaId).toBe(tables[(g + round) % 4]);
      }
    }
    const replies = notes.filter((n) => n.replyTo);
    expect(replies.length).toBeGreaterThan(0);
    for (const r of replies) expect(notes.find((n) => n.id === r.replyTo)!.areaId).toBe(r.areaId);

    // Harvest: everyone sees all tables; then vote.
    control = await s.cmd({ type: 'step.next' });
    expect(control.steps[control.stepIndex].title).toBe('Look at all the tables');
    expect((await s.post(s.people[0]!, { text: 'late' })).status).toBe(403);
    control = await s.cmd({ type: 'step.next' });
    expect(control.voting.open).toBe(true);
    const favourite = postedIds[2]![0]!;
    for (const p of s.people) expect((await s.vote(p, { noteId: favourite, delta: 1 })).status).toBe(200);
    await s.cmd({ type: 'voting.close', showTotals: true });

    const data = await s.exportJson();
    expect(data.areas.map((a: any) => a.id)).toEqual(tables);
    const all = data.areas.flatMap((a: any) => a.notes);
    expect(all).toHaveLength(21);
    expect(all.filter((n: any) => n.round === 0)).toHaveLength(7);
    expect(all.find((n: any) => n.id === favourite).votes).toBe(7);
    for (const area of data.areas) for (const n of area.notes) expect(notes.find((x) => x.id === n.id)!.areaId).toBe(area.id);
    const md = await s.exportMd();
    expect(md).toContain('(round 3)');
    expect(md).toContain('builds on:');
  });

  test('"Next round" stops at the last table: the facilitator is asked before the groups start again', async () => {
    const tables = s.areas().map((a) => a.id);
    let control = await s.cmd({ type: 'round.set', round: 2 });
    control = await s.cmd({ type: 'round.next', goto: 1 });
    expect(control.round).toBe(3);
    // Round 4 of 4: every group has now been at every table.
    const refused = await s.cmdRaw({ type: 'round.next', goto: 1 });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'TRIB_TURN_COMPLETE', message: 'Every group has visited every table. Start again from the first table?' });
    expect(phoneControl(s.people[0]!).round).toBe(3);
    // Said yes: round 5, back at the tables of round 1.
    control = await s.cmd({ type: 'round.next', goto: 1, startOver: true });
    expect(control.round).toBe(4);
    expect(control.groups.map((g: any) => g.areaId)).toEqual([tables[0], tables[1], tables[2]]);
    expect((await s.cmdRaw({ type: 'round.next', startOver: 'yes' })).status).toBe(400);
  });
});

describe('World Cafe with few people: the facilitator decides how many groups', () => {
  const server = useServer();
  let s: Session;
  beforeAll(async () => {
    s = await startSession(server, 'world-cafe', ['Ana', 'Ben', 'Cas']);
  });

  test('three people: one group of three by default, three groups of one when asked, each at its own table', async () => {
    const tables = s.areas().map((a) => a.id);
    let control = await s.cmd({ type: 'groups.form', strategy: 'shuffle' });
    expect(control.groups.map((g: any) => g.members.length)).toEqual([3]);
    control = await s.cmd({ type: 'groups.form', strategy: 'shuffle', count: 3 });
    expect(control.groups.map((g: any) => g.members.length)).toEqual([1, 1, 1]);
    // Three groups, four tables: one table free each round, never two groups at one table.
    for (let round = 0; round < 4; round++) {
      control = round === 0 ? control : await s.cmd({ type: 'round.next' });
      const seats = control.groups.map((g: any) => g.areaId);
      expect(new Set(seats).size, `round ${round + 1}`).toBe(3);
      for (const seat of seats) expect(tables).toContain(seat);
    }
    expect((await s.cmdRaw({ type: 'round.next' })).status).toBe(409);
  });

  test('two groups at four tables: they start apart, so neither walks in the other\'s footsteps while the other meets fresh tables', async () => {
    const tables = s.areas().map((a) => a.id);
    let control = await s.cmd({ type: 'groups.form', strategy: 'shuffle', count: 2 });
    expect(control.groups.map((g: any) => g.members.length)).toEqual([2, 1]);
    const seats: string[][] = [control.groups.map((g: any) => g.areaId)];
    for (let round = 1; round < 4; round++) {
      control = await s.cmd({ type: 'round.next' });
      seats.push(control.groups.map((g: any) => g.areaId));
    }
    expect(seats).toEqual([
      [tables[0], tables[2]],
      [tables[1], tables[3]],
      [tables[2], tables[0]],
      [tables[3], tables[1]],
    ]);
  });
});
