import { describe, expect, test } from 'vitest';
import { cardText } from '@tributary/shared/board/cardText';
import { USER_MANUAL_PROMPTS } from '@tributary/shared/templates/user-manual';
import { useServer } from '../../helpers/fixture.ts';
import { startSession } from '../templates/session.ts';

/**
 * The exports carry the results the projector shows: Word Association's words merged with their
 * counts and votes, every marker round side by side, User Manual cards whole. Nobody who wrote
 * anonymously is named, and hidden notes are absent.
 */
describe('results in the exports', () => {
  const server = useServer();

  test('Word Association: each word once, how many wrote it, its votes counted once for the word; hidden words absent', async () => {
    const s = await startSession(server, 'word-association', ['Ana', 'Ben', 'Cas']);
    await s.cmd({ type: 'step.goto', index: 1 });
    const words = [['Support', 'hope'], ['support!', 'Hopes', 'secret'], ['SUPPORTS', 'fear']];
    for (const [i, p] of s.people.entries()) for (const text of words[i]!) await s.mustPost(p, { text });
    await s.cmd({ type: 'reveal' });
    await s.waitNotes(7);
    const secret = s.notes().find((n) => n.text === 'secret')!;
    await s.cmd({ type: 'note.hide', noteId: secret.id });
    await s.waitNotes(6);
    await s.cmd({ type: 'step.goto', index: 4 });
    const ids = (text: string) => s.notes().filter((n) => n.text.toLowerCase().startsWith(text)).map((n) => n.id);
    const [support1, support2] = ids('support');
    expect((await s.vote(s.people[0]!, { noteId: support1, delta: 1 })).status).toBe(200);
    expect((await s.vote(s.people[1]!, { noteId: support2, delta: 1 })).status).toBe(200);
    expect((await s.vote(s.people[2]!, { noteId: ids('hope')[0], delta: 1 })).status).toBe(200);
    await s.cmd({ type: 'voting.close', showTotals: true });

    const data = await s.exportJson();
    expect(data.words).toEqual([
      { word: 'support', label: 'Support', count: 3, votes: 2 },
      { word: 'hope', label: 'hope', count: 2, votes: 1 },
      { word: 'fear', label: 'fear', count: 1, votes: 0 },
    ]);
    const md = await s.exportMd();
    expect(md).toContain('## Words\n\n- Support: written 3 times, 2 votes\n- hope: written twice, 1 vote\n- fear: written once, 0 votes');
    for (const text of [JSON.stringify(data), md]) {
      expect(text).not.toContain('secret');
    }
  });

  test('User Manual: a card is exported whole, every question and answer; an anonymous card names nobody', async () => {
    const s = await startSession(server, 'user-manual', ['Ana', 'Ben', 'Cas']);
    await s.cmd({ type: 'step.goto', index: 1 });
    const answers = (who: string) => Object.fromEntries(USER_MANUAL_PROMPTS.map((p, i) => [p, `${who} answer ${i + 1}`]));
    for (const p of s.people) await s.mustPost(p, { text: cardText(USER_MANUAL_PROMPTS, answers(`Secretly ${p.name[0]}`)), anonymous: true });
    await s.waitNotes(3);
    const data = await s.exportJson();
    const cards = data.areas[0].notes.map((n: { card: unknown }) => n.card);
    expect(cards).toHaveLength(3);
    for (const card of cards) expect((card as Array<{ prompt: string }>).map((c) => c.prompt)).toEqual(USER_MANUAL_PROMPTS);
    const md = await s.exportMd();
    expect(md).toContain(`**How best to communicate with me…** Secretly A answer 1  \n  **I don't have patience for…** Secretly A answer 2`);
    expect(md).toContain('**I\'d love to learn more about…** Secretly C answer 5 — *anonymous*');
    for (const p of s.people) {
      expect(md).not.toContain(p.name);
      expect(JSON.stringify(data)).not.toContain(p.participantId);
    }
  });

  test('Ladder of Participation: a table with every marker round side by side', async () => {
    const s = await startSession(server, 'ladder-of-participation', ['Ana', 'Ben', 'Cas']);
    const rungs = s.areas();
    await s.cmd({ type: 'step.goto', index: 1 });
    for (const p of s.people) expect((await s.vote(p, { areaId: rungs[1]!.id, delta: 1 })).status).toBe(200);
    await s.cmd({ type: 'step.goto', index: 4 });
    for (const p of s.people) expect((await s.vote(p, { areaId: rungs[4]!.id, delta: 1 })).status).toBe(200);
    const md = await s.exportMd();
    expect(md).toContain(
      [
        '## Markers, round by round',
        '',
        '| Where | Your organisation | Where we should be |',
        '|---|---:|---:|',
        '| 1. No control | 0 | 0 |',
        '| 2. Information | 3 | 0 |',
        '| 3. Consultation | 0 | 0 |',
        '| 4. Participation | 0 | 0 |',
        '| 5. Sharing power | 0 | 3 |',
        '| 6. Full control | 0 | 0 |',
      ].join('\n'),
    );
  });
});
