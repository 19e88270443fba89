import { Type, type Static } from '@sinclair/typebox';
import type { Area } from './board/area.ts';
import { cardPrompts, cardSections } from './board/cards.ts';
import type { Note } from './board/note.ts';
import { agreedSuggestions, markerChart, notesByArea, voteBars, wordCloud, type Bar } from './board/results.ts';
import { isWordsBoard } from './board/words.ts';
import type { ControlState } from './control/state.ts';

/**
 * The published "what we said" page: its HTTP schemas and the one function that turns a room
 * into what the page shows. A public page, opened by anyone with the link, so it carries only
 * what was said and counted: no author (not even the name someone gave the room: they gave it to
 * the room, not to the world), no note or person id, no time finer than the day. The charts are
 * the shapes of board/results.ts, as the projector and the printed results draw them.
 */

/** The longest "what happened next" a facilitator can write. */
export const RESULTS_NEXT_MAX = 5000;
/** The longest vote chart on the page, as on paper. */
const PAGE_BARS = 20;

/** `imageKind`: the bar is a picture note's, whose label is its text alternative (maybe empty). */
const BarSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  value: Type.Integer(),
  // The kinds of board/records.ts IMAGE_KINDS, written out so the static type keeps them.
  imageKind: Type.Optional(Type.Union([Type.Literal('photo'), Type.Literal('sketch')])),
});

export const ResultsNote = Type.Object({
  text: Type.String(),
  /** A User Manual card: every question with its answer; null for other notes. */
  card: Type.Union([Type.Array(Type.Object({ prompt: Type.Union([Type.String(), Type.Null()]), answer: Type.String() })), Type.Null()]),
  /** Votes on it, once the facilitator showed totals; null when none were shown. */
  votes: Type.Union([Type.Integer(), Type.Null()]),
  /** A picture note (sketch or photo): `text` is its text alternative, the picture is not served. */
  picture: Type.Boolean(),
});
export type ResultsNote = Static<typeof ResultsNote>;

export const PublishedResultsReply = Type.Object({
  title: Type.String(),
  /** The day of the session (the room's first day), `YYYY-MM-DD`: nothing finer. */
  date: Type.String(),
  noteCount: Type.Integer(),
  /** Every vote given, added up; null when no totals were shown. */
  votes: Type.Union([Type.Integer(), Type.Null()]),
  cloud: Type.Array(Type.Object({ word: Type.String(), label: Type.String(), count: Type.Integer(), votes: Type.Integer(), weight: Type.Number() })),
  bars: Type.Array(BarSchema),
  markers: Type.Object({
    rounds: Type.Array(Type.Object({ round: Type.Integer(), title: Type.String() })),
    rows: Type.Array(Type.Object({ areaId: Type.String(), title: Type.String(), counts: Type.Array(Type.Integer()) })),
    max: Type.Integer(),
  }),
  /** Group Agreement: the suggestions that got dots (board/results.ts agreedSuggestions). */
  agreed: Type.Array(BarSchema),
  areas: Type.Array(
    Type.Object({
      /** Empty for the notes outside every area. */
      title: Type.String(),
      description: Type.String(),
      notes: Type.Array(ResultsNote),
      votes: Type.Union([Type.Integer(), Type.Null()]),
      /** Markers placed on it, one count per marker round (the chart's order). */
      markers: Type.Array(Type.Integer()),
    }),
  ),
  /** "What happened next", written by the facilitator; empty when there is none yet. */
  next: Type.String(),
});
export type PublishedResultsReply = Static<typeof PublishedResultsReply>;

export const PublishResultsReply = Type.Object({ resultsToken: Type.String(), url: Type.String() });
export type PublishResultsReply = Static<typeof PublishResultsReply>;

/** The facilitator's view of the page: `url` only for the facilitator link that published it. */
export const ResultsStateReply = Type.Object({
  published: Type.Boolean(),
  url: Type.Optional(Type.String()),
  next: Type.String(),
});
export type ResultsStateReply = Static<typeof ResultsStateReply>;

export const ResultsNextBody = Type.Object({ text: Type.String({ maxLength: RESULTS_NEXT_MAX }) });
export type ResultsNextBody = Static<typeof ResultsNextBody>;

export const ResultsTokenParams = Type.Object({ resultsToken: Type.String({ minLength: 1, maxLength: 64 }) });

/** Where the page lives, for a results token. */
export const resultsPath = (resultsToken: string) => `/results/${encodeURIComponent(resultsToken)}`;

type PageControl = Pick<ControlState, 'title' | 'steps' | 'voting' | 'markerRounds'>;

/**
 * Bars without the note ids (or image ids) they were made from: the page needs a key, not the
 * board's ids. A picture note's bar keeps its kind, so the page labels it ("Picture, not described yet").
 */
const anonymousBars = (bars: Bar[]): Bar[] =>
  bars.map((bar, i) => ({ id: String(i), label: bar.label, value: bar.value, ...(bar.imageKind ? { imageKind: bar.imageKind } : {}) }));

/** Whether a note is a picture (a sketch or a photo of paper): its text is then its text alternative. */
function isPicture(note: Note): boolean {
  const imageId = (note as Note & { imageId?: unknown }).imageId;
  return typeof imageId === 'string' && imageId !== '';
}

/**
 * The page's content from the room as it is now: the notes on the board (hidden notes left it,
 * sealed and waiting notes are not on it yet), by area in board order; the charts; what the group
 * agreed. Note votes are the totals the facilitator showed, as on every screen. No author field is
 * read: the page is built from text and place only (not colour either, which someone may keep to).
 */
export function buildPublishedResults(
  control: PageControl,
  board: { areas: Iterable<Area>; notes: Iterable<Note> },
  room: { title: string; createdAt: number },
  next: string,
): PublishedResultsReply {
  const areas = [...board.areas];
  const notes = [...board.notes];
  const words = isWordsBoard(areas);
  const totals = control.voting.target !== 'areas' ? control.voting.totals : null;
  const markers = markerChart(areas, control.markerRounds, control.voting);
  const markerRows = new Map(markers.rows.map((r) => [r.areaId, r.counts]));
  const prompts = cardPrompts(control.steps);
  const votesOn = (list: readonly Note[]) => (totals ? list.reduce((sum, n) => sum + (totals[n.id] ?? 0), 0) : null);
  const toNote = (note: Note): ResultsNote => {
    const sections = prompts.length > 0 ? cardSections(note.text, prompts) : [];
    return {
      text: note.text,
      card: sections.some((s) => s.prompt !== null) ? sections : null,
      votes: totals ? (totals[note.id] ?? 0) : null,
      picture: isPicture(note),
    };
  };
  return {
    title: control.title || room.title,
    date: new Date(room.createdAt).toISOString().slice(0, 10),
    noteCount: notes.length,
    votes: votesOn(notes),
    cloud: words && notes.length > 0 ? wordCloud(notes, totals) : [],
    bars: totals ? anonymousBars(voteBars(notes, totals, { words, limit: PAGE_BARS })) : [],
    markers,
    agreed: anonymousBars(agreedSuggestions(areas, notes, totals)),
    areas: notesByArea(areas, notes).map(({ area, notes: inArea }) => ({
      title: area?.title.trim() ?? '',
      description: area?.description?.trim() ?? '',
      notes: inArea.map(toNote),
      votes: votesOn(inArea),
      markers: (area && markerRows.get(area.id)) || [],
    })),
    next,
  };
}
