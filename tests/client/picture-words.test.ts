import { beforeAll, describe, expect, test } from 'vitest';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT_DIR } from '../helpers/paths.ts';
import type { Area } from '@tributary/shared/board/area';
import type { Note } from '@tributary/shared/board/note';
import { agreedSuggestions, voteBars, wordCloud } from '@tributary/shared/board/results';
import { CLOSED_VOTING, type ControlState } from '@tributary/shared/control/state';
import { buildPublishedResults } from '@tributary/shared/publishedResults';
import { withMessages } from '../../client/src/i18n/i18n.ts';
import { barWords } from '../../client/src/pictures/noteWords.ts';
import { Store } from '../../client/src/sync/store.ts';
import type { RoomClient } from '../../client/src/sync/RoomClient.ts';
import { AreaToRead } from '../../client/src/views/participant/AreaToRead.tsx';
import { EarlierNotes } from '../../client/src/views/participant/EarlierNotes.tsx';
import { Voting } from '../../client/src/views/participant/Voting.tsx';
import { VoteBars } from '../../client/src/views/presenter/VoteBars.tsx';

// React as the client's components load it (the repo's root has no React of its own).
const fromClient = createRequire(path.join(ROOT_DIR, 'client/package.json'));
const { createElement } = fromClient('react') as { createElement: (type: unknown, props: object) => unknown };
const { renderToStaticMarkup } = fromClient('react-dom/server') as { renderToStaticMarkup: (element: unknown) => string };

// Exactly the words a phone has when these parts show: its view's and the parts' (not `board`).
beforeAll(() => withMessages(Promise.resolve(), 'phone', 'room', 'parts'));

function note(id: string, text: string, extra: Partial<Note> = {}): Note {
  return { id, text, pos: { x: 0, y: Number(id.replace(/\D/g, '')) || 0 }, color: 'yellow', areaId: 'a', anonymous: true, createdAt: 0, ...extra };
}
const area: Area = { id: 'a', title: 'Table one', order: 0, rect: { x: 0, y: 0, w: 100, h: 100 }, color: 'sand' };

const undescribedPhoto = note('n1', '', { imageId: 'img_1', imageKind: 'photo', round: 0 });
const undescribedSketch = note('n2', '  ', { imageId: 'img_2', imageKind: 'sketch', round: 0 });
const describedSketch = note('n3', 'a bridge', { imageId: 'img_3', imageKind: 'sketch', round: 0 });
const plain = note('n4', 'bus passes', { round: 0 });
const notes = [undescribedPhoto, undescribedSketch, describedSketch, plain];

/** The least of a RoomClient these parts read: its stores (nothing is sent while rendering). */
function fakeClient(voting: Partial<ControlState['voting']> = {}, onBoard: Note[] = notes): RoomClient {
  return {
    roomId: 'r',
    session: { token: 't' },
    boardStore: new Store({ notes: new Map(onBoard.map((n) => [n.id, n])), areas: new Map([[area.id, area]]) }),
    controlStore: new Store({ voting: { ...CLOSED_VOTING, ...voting } }),
    connection: new Store({ synced: false }),
  } as unknown as RoomClient;
}

/** The words of every note line a part shows, in order. */
function noteLines(html: string): string[] {
  return [...html.matchAll(/class="my-note__text"[^>]*>([^<]*)</g)].map((m) => m[1]!);
}

const EXPECTED = ['Picture, not described yet', 'Drawing, not described yet', 'Drawing: a bridge', 'bus passes'];

describe('picture notes on the phone parts (issue 19): never an empty line, always said to be a picture', () => {
  test('Voting lists them by their words, and names the vote buttons by them', () => {
    const html = renderToStaticMarkup(createElement(Voting, { client: fakeClient({ open: true, round: 1, budget: 3 }), announce: () => {} }));
    expect(noteLines(html)).toEqual(EXPECTED);
    const voteLabels = [...html.matchAll(/aria-label="(Vote for: [^"]*)"/g)].map((m) => m[1]);
    expect(voteLabels).toHaveLength(4);
    expect(voteLabels[0]).toContain('Picture, not described yet');
    expect(voteLabels[1]).toContain('Drawing, not described yet');
  });

  test('a note building on a picture quotes its words, not an empty string', () => {
    const reply = note('n5', 'yes, and ramps', { replyTo: 'n1' });
    const html = renderToStaticMarkup(createElement(Voting, { client: fakeClient({ open: true, round: 1, budget: 3 }, [...notes, reply]), announce: () => {} }));
    expect(html).toMatch(/class="my-note__meta"[^>]*>[^<]*Picture, not described yet/);
  });

  test('EarlierNotes and AreaToRead show them by their words', () => {
    const client = fakeClient();
    const earlier = renderToStaticMarkup(createElement(EarlierNotes, { client, areaId: 'a', round: 1, canPost: true, onBuildOn: () => {} }));
    expect(noteLines(earlier)).toEqual(EXPECTED);
    const reading = renderToStaticMarkup(createElement(AreaToRead, { client, areaId: 'a' }));
    expect(noteLines(reading)).toEqual(EXPECTED);
  });
});

describe('picture notes in the results (issue 19)', () => {
  const totals = { n1: 3, n2: 2, n3: 1, n4: 1 };

  test('a vote bar for a picture note carries its kind, and is labelled by its words', () => {
    const bars = voteBars(notes, totals);
    expect(bars.find((b) => b.id === 'n1')).toEqual({ id: 'n1', label: '', value: 3, imageKind: 'photo' });
    expect(bars.find((b) => b.id === 'n4')).toEqual({ id: 'n4', label: 'bus passes', value: 1 });
    expect(bars.map(barWords)).toEqual(EXPECTED);
    const html = renderToStaticMarkup(createElement(VoteBars, { bars, headingId: 'h' }));
    const labels = [...html.matchAll(/class="vote-bars__label"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(labels).toEqual(EXPECTED);
  });

  test('agreed suggestions (Group Agreement) label a picture suggestion the same way', () => {
    const suggestions = { ...area, role: 'suggestion' as const };
    const agreed = agreedSuggestions([suggestions], notes, totals);
    expect(agreed.map(barWords)).toEqual(EXPECTED);
  });

  test('the word cloud skips a picture nobody described, and counts a described one by its words', () => {
    const cloud = wordCloud(notes);
    expect(cloud.map((w) => w.label).sort()).toEqual(['a bridge', 'bus passes']);
    expect(cloud.every((w) => w.label.trim() !== '')).toBe(true);
    const wordBars = voteBars(notes, totals, { words: true });
    expect(wordBars.every((b) => b.label.trim() !== '')).toBe(true);
  });

  test('the published page\'s bars keep only a picture\'s kind (no note or image id), and read as its words', () => {
    const voting = { ...CLOSED_VOTING, round: 1, totals };
    const page = buildPublishedResults({ title: 'T', steps: [], voting, markerRounds: [] }, { areas: [area], notes }, { title: 'T', createdAt: 0 }, '');
    expect(page.bars.map(barWords)).toEqual(EXPECTED);
    expect(page.bars[0]).toEqual({ id: '0', label: '', value: 3, imageKind: 'photo' });
    const json = JSON.stringify(page.bars);
    for (const absent of ['img_', 'n1', 'n2']) expect(json).not.toContain(absent);
  });
});
