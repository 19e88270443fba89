import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getTemplate } from '@tributary/shared';
import { phonesSee, startSession, type Session } from './session.ts';

// Word Association (shared/METHODS.md): private words (up to five each), revealed into the
// Words area, then sorted together into themes, then an optional vote.
describe('template: word-association', () => {
  let s: Session;
  beforeAll(async () => {
    s = await startSession('word-association', ['Ana', 'Ben', 'Cas', 'Dee']);
  });
  afterAll(async () => s?.close());

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

    // 4. Theming: the group drags words into themes (board writes by anyone), names a theme.
    control = await s.cmd({ type: 'step.next' });
    expect(control.mode).toBe('open');
    const notes = s.notes();
    const moveTo = (text: string, areaId: string) => {
      const area = s.areas().find((a) => a.id === areaId)!;
      for (const n of notes.filter((x) => x.text === text)) {
        const map = s.board.doc.getMap<any>('notes').get(n.id);
        s.board.doc.transact(() => {
          map.set('areaId', areaId);
          map.set('pos', { x: area.rect.x + 20, y: area.rect.y + 80 });
        });
      }
    };
    moveTo('support', themes[0]!.id);
    moveTo('friends', themes[0]!.id);
    moveTo('fear', themes[1]!.id);
    moveTo('anxiety', themes[1]!.id);
    s.board.doc.getMap<any>('areas').get(themes[0]!.id).set('title', 'People around us');

    // 5. Vote on the words.
    control = await s.cmd({ type: 'step.next' });
    expect(control.voting).toMatchObject({ open: true, budget: 3, target: 'notes' });
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
