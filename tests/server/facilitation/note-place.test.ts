import { describe, expect, test } from 'vitest';
import type { Area } from '@tributary/shared/board/area';
import { areaHeaderHeight } from '@tributary/shared/board/areaHeader';
import { rectsIntersect, type Rect } from '@tributary/shared/board/geometry';
import { NOTE_HEIGHT, NOTE_WIDTH } from '@tributary/shared/board/note';
import type { AreaRole } from '@tributary/shared/board/records';
import { waitFor } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';
import { createRoom } from '../../helpers/server.ts';
import { startSession, type Session } from '../templates/session.ts';

// Where notes go (issue 16): a step says where its notes go, the server holds to it, and a note
// never lands on an area's header or over another note. Driven from outside, through HTTP and
// stock websocket clients, as an integration would.

type BoardArea = Area & { role?: AreaRole };

function boardAreas(s: Session): BoardArea[] {
  const out: BoardArea[] = [];
  s.board.doc.getMap<any>('areas').forEach((m, id) => {
    const description = m.get('description');
    const role = m.get('role');
    out.push({ id, title: m.get('title'), rect: m.get('rect'), color: m.get('color'), order: m.get('order'), ...(description ? { description } : {}), ...(role ? { role } : {}) });
  });
  return out.sort((a, b) => a.order - b.order);
}

function boardNotes(s: Session): Array<{ id: string; text: string; areaId: string | null; rect: Rect; replyTo?: string }> {
  const out: ReturnType<typeof boardNotes> = [];
  s.board.doc.getMap<any>('notes').forEach((m, id) => {
    const pos = m.get('pos');
    out.push({ id, text: m.get('text'), areaId: m.get('areaId') ?? null, rect: { x: pos.x, y: pos.y, w: NOTE_WIDTH, h: NOTE_HEIGHT }, ...(m.get('replyTo') ? { replyTo: m.get('replyTo') } : {}) });
  });
  return out;
}

/** Every way a note could be badly placed, as readable lines (empty when all is well). */
function placementProblems(s: Session): string[] {
  const areas = boardAreas(s);
  const notes = boardNotes(s);
  const problems: string[] = [];
  for (const [i, note] of notes.entries()) {
    for (const area of areas) {
      const header = { x: area.rect.x, y: area.rect.y, w: area.rect.w, h: areaHeaderHeight(area) };
      if (rectsIntersect(note.rect, header)) problems.push(`"${note.text}" is on the header of ${area.title}`);
      if (note.areaId !== area.id && rectsIntersect(note.rect, area.rect)) problems.push(`"${note.text}" is over ${area.title}, not its area`);
    }
    const own = areas.find((a) => a.id === note.areaId);
    if (own) {
      const r = own.rect;
      const inside = note.rect.x >= r.x && note.rect.y >= r.y && note.rect.x + NOTE_WIDTH <= r.x + r.w && note.rect.y + NOTE_HEIGHT <= r.y + r.h;
      if (!inside) problems.push(`"${note.text}" sticks out of ${own.title}`);
    }
    for (const other of notes.slice(i + 1)) if (rectsIntersect(note.rect, other.rect)) problems.push(`"${note.text}" is over "${other.text}"`);
  }
  for (const [i, a] of areas.entries()) for (const b of areas.slice(i + 1)) if (rectsIntersect(a.rect, b.rect)) problems.push(`${a.title} overlaps ${b.title}`);
  return problems;
}

// Each test is a room of its own on this one server.
const server = useServer();

describe('a step where people pick the area', () => {
  test('Recovery River: a note needs a stage; a picked area of another role, or one not on the board, is refused with a plain 400', async () => {
    const s = await startSession(server, 'recovery-river', ['Ana', 'Ben']);
    // Another method on the same board brings areas of other roles (the problem, worst ideas, solutions).
    await s.cmd({ type: 'template.add', templateId: 'reverse-brainstorming' });
    await s.cmd({ type: 'step.goto', index: 2 });
    const areas = boardAreas(s);
    const stages = areas.filter((a) => a.role === 'stage');
    const worst = areas.find((a) => a.role === 'worst')!;
    expect(stages).toHaveLength(6);

    const none = await s.post(s.people[0]!, { text: 'Too many forms' });
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ code: 'TRIB_NOTE_PLACE', message: 'Pick the stage your note is about first.' });
    const wrongRole = await s.post(s.people[0]!, { text: 'Too many forms', areaId: worst.id });
    expect(wrongRole.status).toBe(400);
    expect(wrongRole.body.message).toBe('Notes in this step go on a stage. Pick one of the stages.');
    const gone = await s.post(s.people[0]!, { text: 'Too many forms', areaId: 'area_not_here' });
    expect(gone.status).toBe(400);
    expect(gone.body.message).toBe('That stage is not on the board any more. Pick another one.');
    expect(boardNotes(s)).toHaveLength(0);

    await s.mustPost(s.people[0]!, { text: 'Too many forms', areaId: stages[2]!.id });
    await s.waitNotes(1);
    expect(boardNotes(s)[0]!.areaId).toBe(stages[2]!.id);
  });

  test('a script cannot ask people to pick an area without saying which kind', async () => {
    const s = await startSession(server, 'recovery-river', []);
    const res = await s.cmdRaw({ type: 'steps.set', steps: [{ title: 'Pick', prompt: 'Pick one', mode: 'open', postTo: 'pick-area' }] });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('pickRole');
  });
});

describe('a note never lands on a header or over another note', () => {
  test('Ladder of Participation step 6: forty notes on one rung grow it, push the rungs below down, and overlap nothing', async () => {
    const s = await startSession(server, 'ladder-of-participation', ['Ana', 'Ben', 'Cas']);
    await s.cmd({ type: 'step.goto', index: 5 });
    const rungs = boardAreas(s).filter((a) => a.role === 'rung');
    expect(rungs).toHaveLength(6);
    const third = rungs[2]!;
    const before = third.rect.h;
    // One rung takes most notes; the others take a few, so areas pushed down carry notes with them.
    for (let i = 0; i < 40; i++) {
      const rung = i % 4 === 3 ? rungs[i % 6]! : third;
      await s.mustPost(s.people[i % 3]!, { text: `Note ${i + 1}`, areaId: rung.id });
    }
    await s.waitNotes(40);
    await waitFor(() => placementProblems(s).length === 0, 3_000, 'no note on a header, over another note or out of its rung').catch(() => undefined);
    expect(placementProblems(s)).toEqual([]);
    expect(boardAreas(s).find((a) => a.id === third.id)!.rect.h).toBeGreaterThan(before);
  });

  test('Word Association: words posted in the grouping step join the Words area, under its title', async () => {
    const s = await startSession(server, 'word-association', ['Ana', 'Ben', 'Cas']);
    await s.cmd({ type: 'step.goto', index: 3 });
    for (let i = 0; i < 12; i++) await s.mustPost(s.people[i % 3]!, { text: `word ${i}` });
    await s.waitNotes(12);
    const words = boardAreas(s).find((a) => a.role === 'words')!;
    expect(new Set(boardNotes(s).map((n) => n.areaId))).toEqual(new Set([words.id]));
    expect(placementProblems(s)).toEqual([]);
  });

  test('a free step puts notes beside the areas, never over one, and only there are notes in no area', async () => {
    const s = await startSession(server, 'recovery-river', ['Ana', 'Ben']);
    await s.cmd({ type: 'steps.set', steps: [{ title: 'Anything', prompt: 'Anything else?', mode: 'open' }] });
    for (let i = 0; i < 8; i++) await s.mustPost(s.people[i % 2]!, { text: `loose ${i}` });
    await s.waitNotes(8);
    expect(boardNotes(s).every((n) => n.areaId === null)).toBe(true);
    expect(placementProblems(s)).toEqual([]);
  });
});

describe('Reverse Brainstorming: flips are linked to the worst idea they turn around', () => {
  test('the flip needs a worst idea, lands in the solutions, and only the solutions are voted on', async () => {
    const s = await startSession(server, 'reverse-brainstorming', ['Ana', 'Ben', 'Cas']);
    await s.cmd({ type: 'step.goto', index: 1 });
    for (const p of s.people) await s.mustPost(p, { text: `Worst: ${p.name}` });
    await s.waitNotes(3);
    const areas = boardAreas(s);
    const worstArea = areas.find((a) => a.role === 'worst')!;
    const solutionsArea = areas.find((a) => a.role === 'solution')!;
    const worst = boardNotes(s);
    expect(worst.every((n) => n.areaId === worstArea.id)).toBe(true);

    await s.cmd({ type: 'step.next' });
    const unlinked = await s.post(s.people[0]!, { text: 'Ask people first' });
    expect(unlinked.status).toBe(400);
    expect(unlinked.body.message).toBe('Pick the worst idea your note turns around first.');
    const flip = await s.mustPost(s.people[0]!, { text: 'Ask people first', replyTo: worst[0]!.id });
    await s.waitNotes(4);
    // A solution is not a worst idea: nothing can be "turned around" from it.
    const fromSolution = await s.post(s.people[1]!, { text: 'Flip of a flip', replyTo: flip.noteId });
    expect(fromSolution.status).toBe(400);
    expect(fromSolution.body.message).toBe('Your note can only turn around one of the worst ideas. Pick one of them.');
    await s.mustPost(s.people[1]!, { text: 'Pay people for their time', replyTo: worst[1]!.id });
    await s.waitNotes(5);
    const solutions = boardNotes(s).filter((n) => n.areaId === solutionsArea.id);
    expect(solutions.map((n) => n.replyTo).sort()).toEqual([worst[0]!.id, worst[1]!.id].sort());
    expect(placementProblems(s)).toEqual([]);

    const control = await s.cmd({ type: 'step.next' });
    expect(control.voting).toMatchObject({ open: true, role: 'solution' });
    const onWorst = await s.vote(s.people[0]!, { noteId: worst[0]!.id, delta: 1 });
    expect(onWorst.status).toBe(400);
    expect(onWorst.body.message).toBe('This vote is only for the solutions.');
    expect((await s.vote(s.people[0]!, { noteId: solutions[0]!.id, delta: 1 })).status).toBe(200);
    const shown = await s.cmd({ type: 'voting.close', showTotals: true });
    expect(shown.voting.totals).toEqual({ [solutions[0]!.id]: 1 });
  });
});

describe('what a template leaves open is asked when the room is made, never filled with a placeholder', () => {
  test('stage descriptions written, skipped or left blank; a wrong key is refused before any room is made', async () => {
    const wrong = await createRoom(server.url, { template: 'recovery-river', areaDescriptions: { 'stage-5': 'Already described' } });
    expect(wrong.status).toBe(400);
    expect((wrong.body as unknown as { message: string }).message).toContain('not one of the areas Recovery River asks you to describe');
    const noTemplate = await createRoom(server.url, { areaDescriptions: { 'stage-1': 'x' } });
    expect(noTemplate.status).toBe(400);

    const created = await createRoom(server.url, {
      template: 'recovery-river',
      areaDescriptions: { 'stage-1': 'Things are hard and nobody is listening yet.', 'stage-2': '   ' },
    });
    expect(created.status, created.text).toBe(201);
    const room = created.body;
    const board = server.doc(room.roomId, 'board', room.facilitatorToken);
    await board.synced;
    const stages: Array<{ title: string; description?: string }> = [];
    board.doc.getMap<any>('areas').forEach((m) => stages.push({ title: m.get('title'), description: m.get('description'), order: m.get('order') } as never));
    stages.sort((a: any, b: any) => a.order - b.order);
    expect(stages.map((a) => a.description ?? null).slice(0, 4)).toEqual(['Things are hard and nobody is listening yet.', null, null, null]);
    expect(JSON.stringify(board.doc.getMap('areas').toJSON())).not.toMatch(/name and describe|placeholder/i);
    const exported = await server.request('GET', `/api/rooms/${room.roomId}/export?format=md`, { token: room.facilitatorToken });
    expect(exported.text).not.toMatch(/name and describe/i);
    board.destroy();
  });
});
