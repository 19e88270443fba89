/**
 * The results part of the board picture, drawn under the board: the word cloud, the vote bars,
 * the marker rounds side by side and every User Manual card whole. The same numbers the
 * projector shows (shared/src/board/results.ts), every number written as text beside its bar.
 * Canvas text only (fillText): nothing from the board becomes HTML. No author of an anonymous
 * note is named; a card shows its writer's name only when they signed it.
 */
import { cardPrompts, cardSections, type CardSection } from '@tributary/shared/board/cards';
import { NOTE_COLORS, NOTE_TEXT_COLOR, type NoteColor } from '@tributary/shared/board/colors';
import { ROUND_COLORS, markerChart, voteBars, wordCloud, wordInk, type Bar, type CloudWord, type MarkerChart } from '@tributary/shared/board/results';
import { isWordsBoard } from '@tributary/shared/board/words';
import type { ControlState } from '@tributary/shared/control/state';
import { FONT_FAMILY } from '../editor/layout.ts';
import type { BoardSnapshot } from '../sync/boardStore.ts';
import { wrapText } from './textLayout.ts';
import { barWords } from '../pictures/noteWords.ts';
import { peopleWord } from '../views/participant/methods.ts';
import { votesWord } from '../views/participant/votingList.ts';
import { t } from '../i18n/i18n.ts';

export interface PictureResults {
  /** The word cloud of a words board, after the reveal. */
  cloud: CloudWord[];
  /** Vote totals as bars, once shown (one per word on a words board). */
  bars: Bar[];
  /** Every marker round shown so far, side by side. */
  markers: MarkerChart | null;
  /** User Manual cards, every answer of each. */
  cards: Array<{ id: string; color: NoteColor; sections: CardSection[]; by: string | null }>;
}

/** What the picture's results part holds for this board, or null when there is nothing. */
export function pictureResults(
  board: Pick<BoardSnapshot, 'notes' | 'areas'>,
  control: Pick<ControlState, 'steps' | 'voting' | 'markerRounds'>,
): PictureResults | null {
  const words = isWordsBoard(board.areas.values());
  const cloud = words ? wordCloud(board.notes.values()) : [];
  const { voting } = control;
  const bars = voting.totals && voting.target !== 'areas' ? voteBars(board.notes.values(), voting.totals, { words, limit: 15 }) : [];
  const chart = markerChart(board.areas.values(), control.markerRounds, voting);
  const prompts = cardPrompts(control.steps);
  const cards: PictureResults['cards'] = [];
  if (prompts.length > 0) {
    const notes = [...board.notes.values()].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    for (const note of notes) {
      const sections = cardSections(note.text, prompts);
      if (!sections.some((s) => s.prompt !== null)) continue;
      cards.push({ id: note.id, color: note.color, sections, by: !note.anonymous && note.authorName ? note.authorName : null });
    }
  }
  const markers = chart.rounds.length > 0 ? chart : null;
  if (cloud.length === 0 && bars.length === 0 && !markers && cards.length === 0) return null;
  return { cloud, bars, markers, cards };
}

const INK = NOTE_TEXT_COLOR;
const SOFT = '#4a4a4a';
const TRACK = '#ece8df';
const BAR = '#0b6e69';
const HEADING = 40;
const TEXT = 28;
const GAP = 24;
const font = (size: number, weight = 400) => `${weight} ${size}px ${FONT_FAMILY}`;

type Draw = (c: CanvasRenderingContext2D) => void;

/** A block of the results: its height, and how to draw it with its top-left at (0, 0). */
interface Block {
  height: number;
  draw: Draw;
}

let measurer: CanvasRenderingContext2D | null = null;
function measureWidth(text: string, f: string): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return text.length * 10;
  measurer.font = f;
  return measurer.measureText(text).width;
}

function heading(text: string): Block {
  return {
    height: HEADING * 1.4,
    draw: (c) => {
      c.font = font(HEADING, 700);
      c.fillStyle = INK;
      c.fillText(text, 0, HEADING);
    },
  };
}

/** Words in rows, centred, each sized by how many wrote it, with "×n" beside it. */
function cloudBlock(words: CloudWord[], width: number): Block {
  const placed: Array<{ w: CloudWord; size: number; x: number; row: number; width: number }> = [];
  const rows: Array<{ width: number; height: number }> = [];
  let row = { width: 0, height: 0 };
  for (const w of words) {
    const size = Math.round(32 + 72 * w.weight);
    const wordWidth = Math.min(width, measureWidth(w.label, font(size, 800)));
    const countWidth = w.count > 1 ? measureWidth(` ×${w.count}`, font(TEXT, 700)) : 0;
    const total = wordWidth + countWidth + 36;
    if (row.width > 0 && row.width + total > width) {
      rows.push(row);
      row = { width: 0, height: 0 };
    }
    placed.push({ w, size, x: row.width, row: rows.length, width: wordWidth });
    row.width += total;
    row.height = Math.max(row.height, size * 1.25);
  }
  rows.push(row);
  const tops = rows.reduce<number[]>((acc, r, i) => [...acc, (acc[i] ?? 0) + r.height], [0]);
  return {
    height: tops[rows.length]!,
    draw: (c) => {
      for (const p of placed) {
        const r = rows[p.row]!;
        const x = (width - r.width) / 2 + p.x;
        const baseline = tops[p.row]! + r.height * 0.8;
        c.font = font(p.size, 800);
        c.fillStyle = wordInk(p.w.word);
        c.fillText(p.w.label, x, baseline, width);
        if (p.w.count > 1) {
          c.font = font(TEXT, 700);
          c.fillStyle = SOFT;
          c.fillText(` ×${p.w.count}`, x + p.width, baseline);
        }
      }
    },
  };
}

/** Horizontal bars, most first: label on the left, the bar, the number written at its end. */
function barsBlock(bars: Bar[], width: number): Block {
  const labelWidth = Math.round(width * 0.45);
  const barWidth = width - labelWidth - 200;
  const top = Math.max(1, ...bars.map((b) => b.value));
  const rows = bars.map((b) => ({ b, lines: wrapText(barWords(b), font(TEXT, 600), labelWidth - 24, 3) }));
  const heights = rows.map((r) => Math.max(1, r.lines.length) * TEXT * 1.3 + 16);
  return {
    height: heights.reduce((a, b) => a + b, 0),
    draw: (c) => {
      let y = 0;
      rows.forEach(({ b, lines }, i) => {
        c.font = font(TEXT, 600);
        c.fillStyle = INK;
        lines.forEach((line, j) => c.fillText(line, 0, y + TEXT + j * TEXT * 1.3));
        c.fillStyle = TRACK;
        c.fillRect(labelWidth, y + 6, barWidth, TEXT);
        c.fillStyle = BAR;
        c.fillRect(labelWidth, y + 6, Math.max(4, (b.value / top) * barWidth), TEXT);
        c.font = font(TEXT, 700);
        c.fillStyle = INK;
        c.fillText(votesWord(b.value), labelWidth + barWidth + 16, y + TEXT);
        y += heights[i]!;
      });
    },
  };
}

/** A table: one row per area, one column per round, a bar and the count in words in each cell. */
function markersBlock(chart: MarkerChart, width: number): Block {
  const areaWidth = Math.round(width * 0.24);
  const column = (width - areaWidth) / chart.rounds.length;
  const titleFont = font(column < 260 ? 22 : TEXT, 700);
  const rowHeight = TEXT * 2.6;
  const head = TEXT * 1.8;
  return {
    height: head + chart.rows.length * rowHeight,
    draw: (c) => {
      chart.rounds.forEach((r, i) => {
        const x = areaWidth + i * column;
        c.fillStyle = ROUND_COLORS[i % ROUND_COLORS.length]!;
        c.fillRect(x, TEXT * 0.35, TEXT * 0.7, TEXT * 0.7);
        c.font = titleFont;
        c.fillStyle = INK;
        c.fillText(r.title, x + TEXT, TEXT, column - TEXT - 12);
      });
      chart.rows.forEach((row, j) => {
        const y = head + j * rowHeight;
        c.fillStyle = '#d9d4ca';
        c.fillRect(0, y, width, 1);
        c.font = font(TEXT, 700);
        c.fillStyle = INK;
        c.fillText(row.title, 0, y + rowHeight * 0.62, areaWidth - 16);
        row.counts.forEach((count, i) => {
          const x = areaWidth + i * column;
          const barMax = column * 0.4;
          c.fillStyle = TRACK;
          c.fillRect(x, y + rowHeight * 0.3, barMax, TEXT * 0.9);
          c.fillStyle = ROUND_COLORS[i % ROUND_COLORS.length]!;
          if (count > 0) c.fillRect(x, y + rowHeight * 0.3, (count / chart.max) * barMax, TEXT * 0.9);
          c.fillStyle = INK;
          c.font = font(TEXT, 600);
          c.fillText(peopleWord(count), x + barMax + 12, y + rowHeight * 0.62, column - barMax - 20);
        });
      });
    },
  };
}

/** Cards in columns, each whole: every question in bold, its answer under it. */
function cardsBlock(cards: PictureResults['cards'], width: number): Block {
  const columns = Math.max(1, Math.min(3, Math.floor(width / 520)));
  const cardWidth = (width - (columns - 1) * GAP) / columns;
  const inner = cardWidth - 40;
  const laid = cards.map((card) => {
    const parts = card.sections.map((s) => ({
      prompt: s.prompt ? wrapText(s.prompt, font(22, 700), inner, 20) : [],
      answer: wrapText(s.answer, font(TEXT), inner, 200),
    }));
    const height = 40 + parts.reduce((h, p) => h + p.prompt.length * 30 + p.answer.length * TEXT * 1.3 + 16, 0) + (card.by ? TEXT * 1.4 : 0);
    return { card, parts, height };
  });
  const columnHeights = new Array<number>(columns).fill(0);
  const spots = laid.map((l) => {
    const col = columnHeights.indexOf(Math.min(...columnHeights));
    const spot = { x: col * (cardWidth + GAP), y: columnHeights[col]! };
    columnHeights[col]! += l.height + GAP;
    return spot;
  });
  return {
    height: Math.max(...columnHeights),
    draw: (c) => {
      laid.forEach(({ card, parts, height }, i) => {
        const { x, y } = spots[i]!;
        c.fillStyle = NOTE_COLORS[card.color];
        c.fillRect(x, y, cardWidth, height);
        c.strokeStyle = 'rgba(0,0,0,0.2)';
        c.strokeRect(x + 0.5, y + 0.5, cardWidth - 1, height - 1);
        let ty = y + 20;
        for (const p of parts) {
          c.font = font(22, 700);
          c.fillStyle = '#3b3b3b';
          for (const line of p.prompt) {
            ty += 30;
            c.fillText(line, x + 20, ty - 6);
          }
          c.font = font(TEXT);
          c.fillStyle = INK;
          for (const line of p.answer) {
            ty += TEXT * 1.3;
            c.fillText(line, x + 20, ty - 8);
          }
          ty += 16;
        }
        if (card.by) {
          c.font = font(TEXT, 700);
          c.textAlign = 'right';
          c.fillText(card.by, x + cardWidth - 20, ty + TEXT * 0.9);
          c.textAlign = 'left';
        }
      });
    },
  };
}

/** The results part laid out `width` wide: its height, and how to draw it at (0, 0). */
export function layoutResults(results: PictureResults, width: number): Block {
  const blocks: Block[] = [];
  if (results.cloud.length > 0) blocks.push(heading(t('board.pictureWords')), cloudBlock(results.cloud, width));
  if (results.bars.length > 0) blocks.push(heading(results.cloud.length > 0 ? t('board.pictureVotesPerWord') : t('board.pictureMostVotes')), barsBlock(results.bars, width));
  if (results.markers) blocks.push(heading(t('board.pictureMarkers')), markersBlock(results.markers, width));
  if (results.cards.length > 0) blocks.push(heading(t('board.pictureCards')), cardsBlock(results.cards, width));
  const height = blocks.reduce((h, b) => h + b.height + GAP, 0);
  return {
    height,
    draw: (c) => {
      let y = 0;
      for (const b of blocks) {
        c.save();
        c.translate(0, y);
        b.draw(c);
        c.restore();
        y += b.height + GAP;
      }
    },
  };
}
