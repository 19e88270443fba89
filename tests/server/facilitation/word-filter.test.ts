import { beforeEach, describe, expect, test } from 'vitest';
import { createNote, setNoteText } from '@tributary/shared/board/mutations';
import { matchedFilterWords } from '@tributary/shared/control/wordFilter';
import type { PostNoteReply as Posted, QueueReply } from '@tributary/shared/api';
import { CloseCode } from '@tributary/shared/protocol';
import { waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';
import type { CreatedRoom } from '../../helpers/server.ts';
import { mustJoinAs, type NamedParticipant } from '../../helpers/board.ts';

// The word filter (issue 19, "Safe before it is seen"): a participant's note with a filter word
// is held for the facilitator in any step, whichever way its text reaches the board.

type Queued = QueueReply[number];

describe('matching: whole words, any case, accents and common swaps, plain words only', () => {
  test.each([
    ['this is shit', ['shit'], true],
    ['This is SHIT!', ['shit'], true],
    ['sh1t happens', ['shit'], true],
    ['$hit', ['shit'], true],
    ['shít', ['shit'], true],
    ['shitake mushrooms', ['shit'], false],
    ['a classic class', ['ass'], false],
    ['really!', ['reallyi'], false],
    ['kurwa mać', ['kurwa'], true],
    ['Café', ['cafe'], true],
  ])('%s with %j: %s', (text, words, held) => {
    expect(matchedFilterWords(text, words).length > 0).toBe(held);
  });

  test('a list entry that is not a plain word never matches (no patterns)', () => {
    expect(matchedFilterWords('anything at all', ['.*', 'a.*', 'any thing'])).toEqual([]);
  });
});

describe('the word filter holds notes for the facilitator', () => {
  const server = useServer({ per: 'test' });
  let room: CreatedRoom;
  let ana: NamedParticipant;
  let presenter: DocClient;
  const seen: Uint8Array[] = [];

  const run = (cmd: Record<string, unknown>, token = room.facilitatorToken) => server.command(room.roomId, token, cmd);
  const post = async (text: string, token = ana.token): Promise<Posted> => {
    const res = await server.request('POST', `/api/rooms/${room.roomId}/notes`, { token, body: { text } });
    expect(res.status, res.text).toBe(201);
    return res.body as Posted;
  };
  const queue = async () => (await server.request('GET', `/api/rooms/${room.roomId}/queue`, { token: room.facilitatorToken })).body as unknown as Queued[];
  const saw = (text: string) => seen.some((u) => Buffer.from(u).includes(text));
  const onBoard = (noteId: string) => presenter.doc.getMap('notes').has(noteId);
  /** A facilitator's note, to know the presenter caught up with everything before it. */
  const marker = async (text: string) => {
    await post(text, room.facilitatorToken);
    await waitFor(() => saw(text), 5_000, `marker ${text}`);
  };

  beforeEach(async () => {
    seen.length = 0;
    room = await server.room('Filter');
    ana = await mustJoinAs(server.url, room.joinCode, 'Ana');
    presenter = server.doc(room.roomId, 'board', decodeURIComponent(new URL(room.links.presenter).hash.replace(/^#token=/, '')));
    presenter.doc.on('update', (u: Uint8Array) => seen.push(u));
    await presenter.synced;
  });

  test('POST in an open step: held with the matched word, the writer told gently; approve shows it', async () => {
    const posted = await post('This rota is sh1t');
    expect(posted.status).toBe('queued');
    const items = await queue();
    expect(items).toEqual([expect.objectContaining({ noteId: posted.noteId, reason: 'filter', matched: ['shit'], text: 'This rota is sh1t' })]);
    await marker('Marker one');
    expect(saw('rota is sh1t')).toBe(false);
    // Words without a filter word go straight on, as ever.
    const fine = await post('The rota works for me');
    expect(fine.status).toBe('visible');

    await run({ type: 'queue.approve', noteId: posted.noteId });
    await waitFor(() => onBoard(posted.noteId), 5_000, 'approved');
  });

  test('PATCH with the edit key: a note on the board edited to a filter word leaves the board until approved', async () => {
    const posted = await post('Nice tea');
    await waitFor(() => onBoard(posted.noteId), 5_000, 'on the board');
    const patched = await server.request('PATCH', `/api/rooms/${room.roomId}/notes/${posted.noteId}`, { headers: { 'x-edit-key': posted.editKey }, body: { text: 'Fucking awful tea' } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ status: 'queued' });
    await waitFor(() => !onBoard(posted.noteId), 5_000, 'off the board');
    expect((await queue())[0]).toMatchObject({ noteId: posted.noteId, reason: 'filter', matched: ['fucking'] });
    await marker('Marker two');
    expect(saw('awful tea')).toBe(false);
    await run({ type: 'queue.approve', noteId: posted.noteId });
    await waitFor(() => saw('Fucking awful tea') && onBoard(posted.noteId), 5_000, 'back with the new words');
  });

  test('attack: a stock client in an open step writing a filter word straight onto the board is refused (held-for-review), nothing relayed', async () => {
    const attacker = server.doc(room.roomId, 'board', ana.token);
    await attacker.synced;
    createNote(attacker.doc, { text: 'you absolute wanker', pos: { x: 0, y: 0 }, authorId: ana.participantId, authorName: 'Ana' });
    await waitFor(() => attacker.closes.some((c) => c.code === CloseCode.Forbidden && c.reason.startsWith('held-for-review')), 5_000, `4403 held-for-review (${JSON.stringify(attacker.closes)})`);
    await marker('Marker three');
    expect(saw('absolute wanker')).toBe(false);

    // Editing an own note's text to a filter word, straight on the board, is refused the same way.
    const editor = server.doc(room.roomId, 'board', ana.token);
    await editor.synced;
    const id = createNote(editor.doc, { text: 'kind words', pos: { x: 0, y: 0 }, authorId: ana.participantId, authorName: 'Ana' });
    await waitFor(() => onBoard(id), 5_000, 'her clean note');
    setNoteText(editor.doc, id, 'kind bullshit');
    await waitFor(() => editor.closes.some((c) => c.code === CloseCode.Forbidden && c.reason.startsWith('held-for-review')), 5_000, 'edit refused');
    await marker('Marker four');
    expect(saw('kind bullshit')).toBe(false);
  });

  test('the facilitator’s own notes are not filtered', async () => {
    const mine = await post('Bloody hell, what a shit day', room.facilitatorToken);
    expect(mine.status).toBe('visible');
    const board = server.doc(room.roomId, 'board', room.facilitatorToken);
    await board.synced;
    const id = createNote(board.doc, { text: 'shit happens', pos: { x: 0, y: 0 } });
    await waitFor(() => onBoard(id), 5_000, 'written straight on');
  });

  test('per-room lists: the facilitator edits a language’s list, turns the filter off; participants cannot', async () => {
    const filter = async (token = room.facilitatorToken) => server.request('GET', `/api/rooms/${room.roomId}/filter`, { token });
    const start = await filter();
    expect(start.status).toBe(200);
    expect(start.body.enabled).toBe(true);
    const languages = start.body.languages as Array<{ language: string; words: string[]; starter: boolean; draft: boolean }>;
    expect(languages.find((l) => l.language === 'en')).toMatchObject({ starter: true, draft: false });
    for (const code of ['cy', 'pl', 'ar']) expect(languages.find((l) => l.language === code)).toMatchObject({ starter: true, draft: true });

    expect((await run({ type: 'filter.set', language: 'en', words: ['biscuit', 'Biscuit'] })).status).toBe(200);
    expect((await post('A biscuit please')).status).toBe('queued');
    // The English starter list is replaced: its words no longer hold notes; other languages' still do.
    expect((await post('oh shit')).status).toBe('visible');
    expect((await post('kurwa')).status).toBe('queued');
    expect(((await filter()).body.languages as Array<{ language: string; words: string[]; starter: boolean }>).find((l) => l.language === 'en')).toMatchObject({ words: ['biscuit'], starter: false });

    // The list is kept on the server, never in a document participants receive.
    const control = server.doc(room.roomId, 'control', ana.token);
    await control.synced;
    expect(JSON.stringify(control.doc.getMap('control').toJSON())).not.toContain('biscuit');

    // Anything but plain words is refused: no patterns, no phrases, caps on length and count.
    for (const words of [['a.*'], ['two words'], ['x'.repeat(41)], Array.from({ length: 301 }, (_, i) => `w${i}`)]) {
      const bad = await run({ type: 'filter.set', language: 'en', words });
      expect(bad.status, JSON.stringify(words).slice(0, 40)).toBe(400);
    }
    // Participants neither read nor change it.
    expect((await filter(ana.token)).status).toBe(403);
    expect((await run({ type: 'filter.set', language: 'en', words: [] }, ana.token)).status).toBe(403);
    expect((await run({ type: 'filter.enabled', enabled: false }, ana.token)).status).toBe(403);

    expect((await run({ type: 'filter.enabled', enabled: false })).status).toBe(200);
    expect((await post('another biscuit')).status).toBe('visible');
    const writer = server.doc(room.roomId, 'board', ana.token);
    await writer.synced;
    const id = createNote(writer.doc, { text: 'kurwa biscuit', pos: { x: 0, y: 0 }, authorId: ana.participantId, authorName: 'Ana' });
    await waitFor(() => onBoard(id), 5_000, 'the filter is off');
  });
});
