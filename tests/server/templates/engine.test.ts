import { beforeAll, describe, expect, test } from 'vitest';
import { arrangeGroups, planGroupSizes } from '@tributary/shared/groupPlanning';
import { TEMPLATES } from '@tributary/shared/templates/index';
import { waitFor } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';
import { createRoom } from '../../helpers/server.ts';
import { startSession, type Session } from './session.ts';

// The engine features the templates need, built once for all of them: template listing and
// adding, groups (form, set, choose), rounds with rotation, roles, and markers on areas.

describe('group sizes: leftovers join existing groups, never below the minimum', () => {
  test('trios (size 3, at least 3)', () => {
    const trios = (n: number) => planGroupSizes(n, { size: 3, minSize: 3 });
    expect(trios(2)).toBeNull();
    expect(trios(3)).toEqual([3]);
    expect(trios(4)).toEqual([4]);
    expect(trios(5)).toEqual([5]);
    expect(trios(6)).toEqual([3, 3]);
    expect(trios(7)).toEqual([4, 3]);
    expect(trios(8)).toEqual([4, 4]);
    expect(trios(9)).toEqual([3, 3, 3]);
    expect(trios(10)).toEqual([4, 3, 3]);
    expect(trios(11)).toEqual([4, 4, 3]);
    for (let n = 3; n <= 40; n++) {
      const sizes = trios(n)!;
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(3);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  test('a number of groups (World Cafe: four tables, at least two a group)', () => {
    const tables = (n: number) => planGroupSizes(n, { count: 4, minSize: 2 });
    expect(tables(1)).toBeNull();
    expect(tables(3)).toEqual([3]);
    expect(tables(7)).toEqual([3, 2, 2]);
    expect(tables(9)).toEqual([3, 2, 2, 2]);
    expect(tables(20)).toEqual([5, 5, 5, 5]);
  });

  test('rotation and roles follow the round', () => {
    const groups = [
      { id: 'a', label: 'A', members: ['p1', 'p2', 'p3'], areaId: null, client: null },
      { id: 'b', label: 'B', members: ['p4', 'p5'], areaId: null, client: null },
    ];
    const method = { rotate: 'groups-across-areas' as const, rotationAreaIds: ['t1', 't2', 't3'], roles: 'rotate-client' as const };
    expect(arrangeGroups(groups, 0, method).map((g) => [g.areaId, g.client])).toEqual([['t1', 'p1'], ['t2', 'p4']]);
    expect(arrangeGroups(groups, 1, method).map((g) => [g.areaId, g.client])).toEqual([['t2', 'p2'], ['t3', 'p5']]);
    expect(arrangeGroups(groups, 2, method).map((g) => [g.areaId, g.client])).toEqual([['t3', 'p3'], ['t1', 'p4']]);
  });
});

describe('templates through the API', () => {
  const server = useServer();

  test('GET /api/templates lists every template with id, title, description and minutes', async () => {
    const res = await server.request('GET', '/api/templates');
    expect(res.status).toBe(200);
    const ids = res.body.map((t: any) => t.id);
    for (const id of ['word-association', 'world-cafe', 'reverse-brainstorming', 'troika-consulting', 'user-manual', 'recovery-river', 'ladder-of-participation', 'group-agreement']) {
      expect(ids).toContain(id);
    }
    for (const t of res.body) {
      // `describe`: what the template leaves for the facilitator to write (only Recovery River's stages).
      expect(Object.keys(t).sort()).toEqual(t.id === 'recovery-river' ? ['describe', 'description', 'id', 'minutes', 'title'] : ['description', 'id', 'minutes', 'title']);
      expect(t.minutes).toBeGreaterThan(0);
    }
    const river = res.body.find((t: any) => t.id === 'recovery-river');
    expect(river.describe.map((d: any) => d.key)).toEqual(['stage-1', 'stage-2', 'stage-3', 'stage-4']);
    expect(river.describe[0]).toMatchObject({ title: '1. The source', question: expect.stringContaining('feeling') });
    expect(ids).toEqual(TEMPLATES.map((t) => t.id));
  });

  test('an unknown template is 400; a known one is stored on the room', async () => {
    const bad = await createRoom(server.url, { template: 'nope' });
    expect(bad.status).toBe(400);
    expect((bad.body as any).code).toBe('TRIB_UNKNOWN_TEMPLATE');
    const good = await createRoom(server.url, { title: 'Tuesday group', template: 'group-agreement' });
    expect(good.status).toBe(201);
    const info = await server.request('GET', `/api/rooms/${good.body.roomId}`, { token: good.body.facilitatorToken });
    expect(info.body).toMatchObject({ title: 'Tuesday group', template: 'group-agreement' });
  });

  test('template.add puts the areas to the right of what is there and appends the steps', async () => {
    const room = (await createRoom(server.url, { template: 'world-cafe' })).body;
    const cmd = (body: Record<string, unknown>) => server.request('POST', `/api/rooms/${room.roomId}/commands`, { token: room.facilitatorToken, body });
    await cmd({ type: 'step.goto', index: 2 });
    const res = await cmd({ type: 'template.add', templateId: 'recovery-river' });
    expect(res.status).toBe(200);
    const control = res.body.control;
    expect(control.stepIndex).toBe(2);
    expect(control.steps).toHaveLength(4 + 6);
    expect(new Set(control.steps.map((s: any) => s.id)).size).toBe(10);
    // World Cafe's rules stay; the river adds none.
    expect(control.method.rotate).toBe('groups-across-areas');
    const board = server.doc(room.roomId, 'board', room.facilitatorToken);
    await board.synced;
    const areas: any[] = [];
    board.doc.getMap<any>('areas').forEach((m, id) => areas.push({ id, title: m.get('title'), rect: m.get('rect') }));
    board.destroy();
    expect(areas).toHaveLength(10);
    const cafeRight = Math.max(...areas.filter((a) => a.title.startsWith('Table')).map((a) => a.rect.x + a.rect.w));
    const river = areas.filter((a) => !a.title.startsWith('Table'));
    expect(Math.min(...river.map((a) => a.rect.x))).toBeGreaterThan(cafeRight);
    expect(await cmd({ type: 'template.add', templateId: 'nope' })).toMatchObject({ status: 400 });
  });
});

describe('groups, choice, rounds and markers', () => {
  const server = useServer();
  let s: Session;
  beforeAll(async () => {
    s = await startSession(server, 'world-cafe', ['Ana', 'Ben', 'Cas', 'Dee']);
  });

  test('only connected participants are grouped; keep adds newcomers to the smallest group', async () => {
    // Someone who joined but never connected is not placed.
    await s.server.join(s.room.joinCode, 'Away');
    let control = await s.cmd({ type: 'groups.form', count: 2, strategy: 'shuffle' });
    expect(control.groups.map((g: any) => g.members.length)).toEqual([2, 2]);
    const late = await s.server.join(s.room.joinCode, 'Late');
    const lateControl = s.server.doc(s.room.roomId, 'control', late);
    await lateControl.synced;
    const before = control.groups;
    control = await s.cmd({ type: 'groups.form', strategy: 'keep' });
    expect(control.groups.map((g: any) => g.members.length)).toEqual([3, 2]);
    expect(control.groups[0].members.slice(0, 2)).toEqual(before[0].members);
    expect(control.groups[1].members).toEqual(before[1].members);
  });

  test('groups.set, groups.allowChoice and POST /groups/choose', async () => {
    const [ana, ben, cas, dee] = s.people;
    const choose = (token: string, groupId: string) => s.server.request('POST', `/api/rooms/${s.room.roomId}/groups/choose`, { token, body: { groupId } });
    const dup = await s.cmdRaw({ type: 'groups.set', groups: [{ members: [ana!.participantId] }, { members: [ana!.participantId] }] });
    expect(dup.status).toBe(400);
    let control = await s.cmd({
      type: 'groups.set',
      groups: [{ label: 'Window table', members: [ana!.participantId, ben!.participantId] }, { members: [] }],
    });
    expect(control.groups.map((g: any) => g.label)).toEqual(['Window table', 'Group 2']);
    const target = control.groups[1].id;
    expect((await choose(cas!.token, target)).status).toBe(403);
    await s.cmd({ type: 'groups.allowChoice', enabled: true });
    const chosen = await choose(cas!.token, target);
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({ groupId: target, label: 'Group 2', areaId: control.groups[1].areaId });
    // Moving to another group leaves the first one.
    expect((await choose(ben!.token, target)).status).toBe(200);
    expect((await choose(dee!.token, 'group-99')).status).toBe(404);
    expect((await choose(s.room.facilitatorToken, target)).status).toBe(403);
    control = await s.cmd({ type: 'round.set', round: 0 });
    expect(control.groups.map((g: any) => g.members)).toEqual([[ana!.participantId], [cas!.participantId, ben!.participantId]]);
    await waitFor(() => (dee!.control.doc.getMap('control').get('groupChoice') as boolean) === true, 5_000, 'phones see that choosing is open');
  });

  test('round.set moves every group; facilitator notes go where they ask', async () => {
    const tables = s.areas().map((a) => a.id);
    let control = await s.cmd({ type: 'round.set', round: 5 });
    // Two groups at four tables start two tables apart (tableAt), and move on one a round.
    expect(control.groups.map((g: any) => g.areaId)).toEqual([tables[1], tables[3]]);
    control = await s.cmd({ type: 'step.goto', index: 1 });
    const f = await s.mustPost(s.room.facilitatorToken, { text: 'host note', areaId: tables[3] });
    await waitFor(() => s.notes().some((n) => n.id === f.noteId), 5_000, 'facilitator note');
    expect(s.notes().find((n) => n.id === f.noteId)).toMatchObject({ areaId: tables[3], round: 5 });
  });

  test('voting.open on areas with live totals: counts only, updated as markers land', async () => {
    const tables = s.areas().map((a) => a.id);
    let control = await s.cmd({ type: 'voting.open', budget: 2, target: 'areas', liveTotals: true, title: 'Which table?' });
    expect(control.voting).toMatchObject({ open: true, target: 'areas', liveTotals: true, totals: {} });
    expect(control.markerRounds.at(-1)).toEqual({ round: control.voting.round, title: 'Which table?' });
    expect((await s.vote(s.people[0]!, { areaId: tables[0], delta: 1 })).status).toBe(200);
    expect((await s.vote(s.people[1]!, { areaId: tables[0], delta: 1 })).status).toBe(200);
    expect((await s.vote(s.people[1]!, { noteId: 'note_missing', delta: 1 })).status).toBe(404);
    await waitFor(
      () => JSON.stringify((s.people[2]!.control.doc.getMap('control').get('voting') as any)?.totals) === JSON.stringify({ [tables[0]!]: 2 }),
      5_000,
      'phones see the live count',
    );
    const totals = (s.people[2]!.control.doc.getMap('control').get('voting') as any).totals;
    expect(JSON.stringify(totals)).not.toContain(s.people[0]!.participantId);
    control = await s.cmd({ type: 'voting.close' });
    expect(control.voting.open).toBe(false);
  });
});
