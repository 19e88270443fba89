// What goes on paper, kept apart from React so it can be tested: the handout people without a
// phone write on, and the results a facilitator posts or hands out. Board records and control
// fields in, plain data out; the charts come from shared/src/board/results.ts, as on the projector.
import { areasWithRole, type Area } from '@tributary/shared/board/area';
import { cardPrompts } from '@tributary/shared/board/cards';
import type { Note } from '@tributary/shared/board/note';
import { markerChart, notesByArea, voteBars, wordCloud, type Bar, type CloudWord, type MarkerChart } from '@tributary/shared/board/results';
import { isWordsBoard } from '@tributary/shared/board/words';
import type { ControlState } from '@tributary/shared/control/state';
import type { BoardSnapshot } from '../../sync/boardStore.ts';

/** A box to write in: the area it is for (a stage, a table), or none for "one idea per box". */
export interface WriteInBox {
  key: string;
  /** The area's title, or empty for a plain box. */
  label: string;
  /** The area's longer question, if it has one. */
  hint: string;
}

/** Plain boxes when the step names no areas: six fill one page with room for the header. */
export const PLAIN_BOXES = 6;

type HandoutControl = Pick<ControlState, 'steps' | 'stepIndex' | 'areaId'>;

/**
 * The boxes on the handout, one per place a note can go in this step, as the phone offers them:
 * the stages people pick from (Recovery River), the tables groups visit (World Cafe); otherwise
 * plain boxes, one idea in each, so notes can be cut apart or typed up one by one.
 */
export function handoutBoxes(control: HandoutControl, areas: Iterable<Area>): WriteInBox[] {
  const step = control.steps[control.stepIndex];
  const all = [...areas];
  const choices = step?.postTo === 'pick-area' && step.pickRole ? areasWithRole(all, step.pickRole) : step?.postTo === 'group-area' ? areasWithRole(all, 'table') : [];
  if (choices.length > 0) return choices.map((a) => ({ key: a.id, label: a.title.trim(), hint: a.description?.trim() ?? '' }));
  return Array.from({ length: PLAIN_BOXES }, (_, i) => ({ key: `box-${i}`, label: '', hint: '' }));
}

/** The question printed at the top: the step's prompt, else the area its notes go to. */
export function handoutQuestion(control: Pick<ControlState, 'prompt' | 'areaId'>, areas: ReadonlyMap<string, Area>): string {
  if (control.prompt.trim()) return control.prompt.trim();
  const area = control.areaId ? areas.get(control.areaId) : undefined;
  return area?.description?.trim() || area?.title.trim() || '';
}

export interface PrintedNote {
  note: Note;
  /** Votes on it once totals were shown; null when there were none to show. */
  votes: number | null;
}

export interface PrintedArea {
  key: string;
  title: string;
  description: string;
  notes: PrintedNote[];
  /** Votes on the area's notes together; null without shown totals. */
  votes: number | null;
  /** Markers placed on it, one count per marker round (the chart's order); empty without rounds. */
  markers: number[];
}

export interface ResultsSheet {
  noteCount: number;
  /** Every vote given, added up; null when no totals were shown. */
  votes: number | null;
  cloud: CloudWord[];
  bars: Bar[];
  markers: MarkerChart;
  areas: PrintedArea[];
  /** User Manual's questions, so cards print whole. */
  prompts: string[];
}

/** The longest vote chart on paper: every note that got a vote, up to a page of bars. */
const PRINTED_BARS = 20;

type ResultsControl = Pick<ControlState, 'steps' | 'voting' | 'markerRounds'>;

/**
 * The results on paper: the totals, the charts the projector draws (word cloud, vote bars, every
 * marker round side by side) and every note by area. Only what is on the board: hidden notes left
 * it when they were hidden, and notes still sealed or waiting to go up without names are not on
 * it yet. Note votes are the totals the facilitator showed, as on every screen.
 */
export function resultsSheet(control: ResultsControl, board: Pick<BoardSnapshot, 'notes' | 'areas'>): ResultsSheet {
  const notes = [...board.notes.values()];
  const areas = [...board.areas.values()];
  const words = isWordsBoard(areas);
  const totals = control.voting.target !== 'areas' ? control.voting.totals : null;
  const markers = markerChart(areas, control.markerRounds, control.voting);
  const markerRows = new Map(markers.rows.map((r) => [r.areaId, r.counts]));
  const votesOn = (list: readonly Note[]) => (totals ? list.reduce((sum, n) => sum + (totals[n.id] ?? 0), 0) : null);
  return {
    noteCount: notes.length,
    votes: votesOn(notes),
    cloud: words && notes.length > 0 ? wordCloud(notes, totals) : [],
    bars: totals ? voteBars(notes, totals, { words, limit: PRINTED_BARS }) : [],
    markers,
    areas: notesByArea(areas, notes).map(({ area, notes: inArea }) => ({
      key: area?.id ?? 'loose',
      title: area?.title.trim() || 'Not in an area',
      description: area?.description?.trim() ?? '',
      notes: inArea.map((note) => ({ note, votes: totals ? (totals[note.id] ?? 0) : null })),
      votes: votesOn(inArea),
      markers: (area && markerRows.get(area.id)) || [],
    })),
    prompts: cardPrompts(control.steps),
  };
}
