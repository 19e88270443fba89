import { beforeAll, describe, expect, test } from 'vitest';
import { moveNotes, setAreaTitle } from '@tributary/shared/board/mutations';
import { getTemplate } from '@tributary/shared/templates/index';
import { connectDoc, waitFor } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';
import { phonesSee, startSession, type Session } from './session.ts';

// Word Association (shared/METHODS.md): private words (up to five each), revealed into the
// Words area, then sorted together into themes, then an optional vote.
describe('template: word-association', () => {
  const server = useServer();
  let s: Session;
  beforeAll(async () => {
    s = await startSession(server, 'word-association', ['Ana', 'Ben', 'Cas', 'Dee']);
  });

  test('the whole script: write privately, reveal into Words, theme, vote, export', async () => {
    const template = getTemplate('word-association')!;
    const areas = s.areas();
    expect(areas.map((a) => a.title)).toEqual(template.areas.map((a) => a.title));
    const words = areas.find((a) => a.title === 'Words')!;
    const themes = areas.filter((a) => a.title.startsWith('Theme'));
    expect(themes).toHaveLength(3);

    let control = await s.cmd({ type: 'timer.reset' });
    expect(control.steps.map((st: any) => st.title)).toEqual(template.steps.map((st) => st.title));
    expect(control.stepIndex).toBe(0);
    expect(control.mode).toBe('discussion');
    expect(control.title).toBe('Word Association');
    const write = control.steps[1];
    expect(write).toMatchObject({ mode: 'private', maxNotesPerPerson: 5, areaId: words.id });

    // 1. The topic: talk only.
    expect((await s.post(s.people[0]!, { text: 'too early' })).status).toBe(403);
    // 2. Private writing, five words each at most.
    control = await s.cmd({ type: 'step.next' });
    expect(control.mode).toBe('private');
    const lists = [
      ['fear', 'support', 'stigma', 'sleep', 'friends'],
      ['support', 'anxiety', 'stigma'],
      ['money', 'support', 'hope'],
      ['hope', 'fear'],
    ];
    for (const [i, list] of lists.entries()) {
      for (const word of list) expect((await s.mustPost(s.people[i]!, { text: word })).status).toBe('sealed');
    }
    const sixth = await s.post(s.people[0]!, { text: 'one too many' });
    expect(sixth.status).toBe(409);
    expect(s.notes()).toHaveLength(0);
    await phonesSee(s.people, (c) => c.sealedCount === 13, 'phones see 13 sealed words, no text');

    // 3. Reveal: every word appears, in the Words area.
    await s.cmd({ type: 'reveal' });
    await s.waitNotes(13);
    expect(s.notes().every((n) => n.areaId === words.id)).toBe(true);
    control = await s.cmd({ type: 'step.next' });
    expect(control.areaId).toBe(words.id);

    // 4. Theming: the group drags words into themes, everyone's words, not only their own (the
    // step lets people arrange the board); the facilitator names a theme.
    control = await s.cmd({ type: 'step.next' });
    expect(control.mode).toBe('open');
    expect(control.steps[control.stepIndex].arrange).toBe(true);
    const notes = s.notes();
    const ana = s.people[0]!;
    const anaBoard = connectDoc(s.server.wsUrl, s.room.roomId, 'board', ana.token);
    try {
      await anaBoard.synced;
      const moveTo = (text: string, areaId: string) => {
        const area = s.areas().find((a) => a.id === areaId)!;
        const moves = notes.filter((x) => x.text === text).map((n) => ({ id: n.id, pos: { x: area.rect.x + 20, y: area.rect.y + 80 }, areaId }));
        moveNotes(anaBoard.doc, moves);
      };
      moveTo('support', themes[0]!.id);
      moveTo('friends', themes[0]!.id);
      moveTo('fear', themes[1]!.id);
      moveTo('anxiety', themes[1]!.id);
      const moved = (): number => s.notes().filter((n) => n.areaId === themes[0]!.id || n.areaId === themes[1]!.id).length;
      await waitFor(() => moved() === 7, 5_000, `Ana's moves to reach the facilitator (${JSON.stringify(anaBoard.closes)})`);
      expect(anaBoard.closes).toEqual([]);
      setAreaTitle(s.board.doc, themes[0]!.id, 'People around us');

      // 5. Vote on the words. Arranging ends with the step: moving Ben's word now is refused.
      control = await s.cmd({ type: 'step.next' });
      expect(control.voting).toMatchObject({ open: true, budget: 3, target: 'notes' });
      const bens = notes.find((n) => n.text === 'anxiety')!;
      moveNotes(anaBoard.doc, [{ id: bens.id, pos: { x: 0, y: 0 }, areaId: null }]);
      await waitFor(() => anaBoard.closes.length > 0, 5_000, 'the move after the theming step to be refused');
      expect(anaBoard.closes[0]).toMatchObject({ code: 4403 });
      expect(anaBoard.closes[0]!.reason).toMatch(/^arranging-closed: /);
    } finally {
      anaBoard.destroy();
    }

    const support = notes.filter((n) => n.text === 'support');
    for (const p of s.people.slice(0, 3)) expect((await s.vote(p, { noteId: support[0]!.id, delta: 1 })).status).toBe(200);
    await s.cmd({ type: 'voting.close', showTotals: true });

    // Export: themes with their words, vote totals.
    const data = await s.exportJson();
    const theme = data.areas.find((a: any) => a.id === themes[0]!.id);
    expect(theme.title).toBe('People around us');
    expect(theme.notes.map((n: any) => n.text).sort()).toEqual(['friends', 'support', 'support', 'support']);
    expect(theme.notes[0]).toMatchObject({ id: support[0]!.id, votes: 3 });
    expect(data.areas.find((a: any) => a.id === themes[1]!.id).notes.map((n: any) => n.text).sort()).toEqual(['anxiety', 'fear', 'fear']);
    expect(data.areas.find((a: any) => a.id === words.id).notes).toHaveLength(6);
    expect(data.voted).toBe(true);
  });
});
