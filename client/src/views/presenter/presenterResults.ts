// What the projector shows under the question at each step, kept apart from React so it can be
// tested: the step's own results, read from control fields and board records, never template ids.
// Subpath imports: the package index also carries the HTTP schemas, which screens never need.
import { t } from '../../i18n/i18n.ts';
import { cardPrompts } from '@tributary/shared/board/cards';
import { markerChart, notesByArea, voteBars, wordCloud, type AreaNotes, type Bar, type CloudWord, type MarkerChart } from '@tributary/shared/board/results';
import { isWordsBoard } from '@tributary/shared/board/words';
import type { ControlState } from '@tributary/shared/control/state';
import type { BoardSnapshot } from '../../sync/boardStore.ts';
import { wordsRevealed } from '../participant/methods.ts';

export type StepResults =
  | { kind: 'markers'; chart: MarkerChart; open: boolean }
  | { kind: 'votes'; bars: Bar[]; words: boolean }
  | { kind: 'words'; cloud: CloudWord[] }
  | { kind: 'notes'; groups: AreaNotes[]; prompts: string[] }
  | null;

type ResultsControl = Pick<ControlState, 'steps' | 'stepIndex' | 'revealed' | 'mode' | 'areaId' | 'voting' | 'markerRounds'>;

/**
 * The results the current step calls for:
 * - a marker step: every round shown so far side by side (or nothing yet while people place them);
 * - a vote whose totals are shown: the bars (one per word on a words board);
 * - a words board once the words are out: the word cloud;
 * - a talking step about one area (User Manual's "Read the cards"): that area's notes, whole;
 * - otherwise, once marker rounds were shown, those rounds side by side.
 */
export function stepResults(control: ResultsControl, board: Pick<BoardSnapshot, 'notes' | 'areas'>): StepResults {
  const { voting } = control;
  const words = isWordsBoard(board.areas.values());
  if (voting.target === 'areas' && (voting.open || voting.totals)) {
    return { kind: 'markers', chart: markerChart(board.areas.values(), control.markerRounds, voting), open: voting.open };
  }
  if (voting.target !== 'areas' && voting.totals) {
    return { kind: 'votes', bars: voteBars(board.notes.values(), voting.totals, { words, limit: 10 }), words };
  }
  if (words && wordsRevealed(control) && board.notes.size > 0) return { kind: 'words', cloud: wordCloud(board.notes.values()) };
  if (control.mode === 'discussion' && control.areaId) {
    const area = board.areas.get(control.areaId);
    const inArea = [...board.notes.values()].filter((n) => n.areaId === control.areaId);
    if (area && inArea.length > 0) return { kind: 'notes', groups: notesByArea([area], inArea), prompts: cardPrompts(control.steps) };
  }
  // After the marker rounds (Ladder's "what gets in the way"): where people put them, kept in view.
  const kept = markerChart(board.areas.values(), control.markerRounds, voting);
  if (kept.rounds.length > 0) return { kind: 'markers', chart: kept, open: false };
  return null;
}

/** "12 notes", or "12 words" on a words board: the projector names what people wrote. */
export function writtenLine(count: number, words: boolean): string {
  return t(words ? 'presenter.wordsCount' : 'presenter.notesCount', { count });
}

/** "12 notes · 3 waiting to be revealed · 2 waiting to go up without names". */
export function countsLine(notes: number, sealed: number, pending: number, words = false): string {
  const parts = [writtenLine(notes, words)];
  if (sealed > 0) parts.push(t('presenter.waitingReveal', { count: sealed }));
  if (pending > 0) parts.push(t('presenter.waitingAnonymous', { count: pending }));
  return parts.join(' · ');
}

/**
 * The order words stand in the cloud: the most written in the middle, the others alternating
 * to its left and right, so the biggest words do not all crowd one corner.
 */
export function cloudOrder<T>(mostFirst: readonly T[]): T[] {
  const left: T[] = [];
  const right: T[] = [];
  mostFirst.forEach((w, i) => (i % 2 === 0 ? right : left).push(w));
  return [...left.reverse(), ...right];
}
