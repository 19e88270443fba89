import type * as Y from 'yjs';
import { cardPrompts, cardSections, type CardSection } from '@tributary/shared/board/cards';
import type { Note } from '@tributary/shared/board/note';
import type { ImageKind } from '@tributary/shared/board/records';
import { listAreas, listNotes } from '@tributary/shared/board/queries';
import { wordCloud } from '@tributary/shared/board/results';
import { isWordsBoard } from '@tributary/shared/board/words';
import { readControl } from '@tributary/shared/control/state';
import type { StepMode } from '@tributary/shared/control/steps';

/**
 * What a session produced, grouped by area, with vote totals and the step prompts: the
 * material the group takes away. Anonymous notes carry no author; hidden, sealed and pending
 * notes are not part of the board and are not exported.
 */
export interface ExportNote {
  id: string;
  text: string;
  color: string;
  /** The name the author chose to show; null for unnamed and anonymous notes. */
  author: string | null;
  anonymous: boolean;
  votes: number;
  createdAt: string;
  /** The note this one builds on, if any. */
  replyTo: string | null;
  /** The round (0-based) it was posted in, for group methods (World Cafe); null otherwise. */
  round: number | null;
  /** A User Manual card: every question with its answer (the same text as `text`); null for other notes. */
  card: CardSection[] | null;
  /**
   * A picture note's picture (GET /api/rooms/:roomId/images/:imageId), never its bytes; `text` is
   * then its text alternative. Absent for notes without a picture.
   */
  imageId?: string;
  imageKind?: ImageKind;
}

/** A word of a Word Association board, its copies merged (shared/src/board/words.ts). */
export interface ExportWord {
  word: string;
  /** How it was most often written. */
  label: string;
  /** How many times people wrote it. */
  count: number;
  /** Votes on all its copies, each counted once. */
  votes: number;
}

/** Markers placed on areas in one voting round (Recovery River, Ladder of Participation). */
export interface MarkerTotals {
  round: number;
  title: string;
  totals: Record<string, number>;
}

export interface BoardExport {
  roomId: string;
  title: string;
  exportedAt: string;
  steps: Array<{ title: string; prompt: string; mode: StepMode }>;
  areas: Array<{
    id: string;
    title: string;
    /** The area's longer text (a table's question, a stage's description), if any. */
    description: string | null;
    notes: ExportNote[];
    /** How many markers people placed here, per marker round (counts only, never who). */
    markers: Array<{ round: number; title: string; count: number }>;
  }>;
  /** Notes that are not inside any area. */
  unsorted: ExportNote[];
  /** Whether totals include a vote round at all. */
  voted: boolean;
  /** The voting rounds whose targets were areas, in order. */
  markerRounds: Array<{ round: number; title: string }>;
  /** On a Word Association board: every word once, most written first; empty otherwise. */
  words: ExportWord[];
}

function toExportNote(note: Note, totals: Record<string, number>, prompts: readonly string[]): ExportNote {
  const sections = prompts.length > 0 ? cardSections(note.text, prompts) : [];
  return {
    id: note.id,
    text: note.text,
    color: note.color,
    author: note.anonymous ? null : (note.authorName ?? null),
    anonymous: note.anonymous,
    votes: totals[note.id] ?? 0,
    createdAt: new Date(note.createdAt).toISOString(),
    replyTo: note.replyTo ?? null,
    round: note.round ?? null,
    card: sections.some((c) => c.prompt !== null) ? sections : null,
    ...(note.imageId ? { imageId: note.imageId, imageKind: note.imageKind ?? 'photo' } : {}),
  };
}

/** How a picture note reads in Markdown and CSV: what it is, then its text alternative. */
export function pictureLabel(note: ExportNote): string | null {
  if (!note.imageId) return null;
  return note.imageKind === 'sketch' ? '[sketch]' : '[picture]';
}

/** A note's text for a line of Markdown: a picture note says it is one, and when it is not described yet. */
function markdownText(note: ExportNote): string {
  const label = pictureLabel(note);
  if (!label) return note.card ? cardLines(note.card) : escapeMarkdown(note.text);
  const words = note.text.trim() === '' ? '*(not described yet)*' : escapeMarkdown(note.text);
  return `${escapeMarkdownInline(`${label.slice(0, -1)} ${note.imageId}]`)} ${words}`;
}

/** Most votes first, then in the order they were posted. */
function byVotesThenTime(a: ExportNote, b: ExportNote): number {
  return b.votes - a.votes || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

export function buildExport(
  roomId: string,
  board: Y.Doc,
  control: Y.Doc,
  totals: Record<string, number>,
  now = new Date(),
  markers: readonly MarkerTotals[] = [],
): BoardExport {
  const state = readControl(control);
  const areas = listAreas(board);
  const prompts = cardPrompts(state.steps);
  const notes = listNotes(board).map((n) => ({ note: n, out: toExportNote(n, totals, prompts) }));
  const known = new Set(areas.map((a) => a.id));
  return {
    roomId,
    title: state.title,
    exportedAt: now.toISOString(),
    steps: state.steps.map((s) => ({ title: s.title, prompt: s.prompt, mode: s.mode })),
    areas: areas.map((area) => ({
      id: area.id,
      title: area.title,
      description: area.description ?? null,
      notes: notes.filter((n) => n.note.areaId === area.id).map((n) => n.out).sort(byVotesThenTime),
      markers: markers.map((m) => ({ round: m.round, title: m.title, count: m.totals[area.id] ?? 0 })),
    })),
    unsorted: notes.filter((n) => !n.note.areaId || !known.has(n.note.areaId)).map((n) => n.out).sort(byVotesThenTime),
    voted: Object.keys(totals).length > 0,
    markerRounds: markers.map((m) => ({ round: m.round, title: m.title })),
    words: isWordsBoard(areas) ? wordCloud(notes.map((n) => n.note), totals, Infinity).map(({ word, label, count, votes }) => ({ word, label, count, votes })) : [],
  };
}

/**
 * Characters that mean something wherever they stand in a line of Markdown: the escape itself,
 * code spans, emphasis with `*`, links and images (`[`), table cells (`|`), strikethrough (`~`).
 */
const ALWAYS_SPECIAL = /[\\`*[\]|~]/g;
/**
 * How a line would stop being plain text because of how it starts: a heading ("# "), a quote
 * (">"), a list item ("- ", "+ ", "1. ", "1) "), a thematic break or heading underline ("---",
 * "==="). Answers the line with the one character escaped that would do it; "-5 degrees",
 * "#hashtag" and "+1" are left alone, as they mean nothing special.
 */
function escapeLineStart(line: string): string {
  if (/^(#{1,6}(\s|$)|>|[-+](\s|$)|[-=]+\s*$)/.test(line)) return `\\${line}`;
  const numbered = /^\d{1,9}(?=[.)](\s|$))/.exec(line);
  return numbered ? `${numbered[0]}\\${line.slice(numbered[0].length)}` : line;
}

/** Escapes what would change the meaning anywhere in a line: emphasis, code, links, tables, HTML. */
function escapeInline(line: string): string {
  return (
    line
      .replace(ALWAYS_SPECIAL, (c) => `\\${c}`)
      // `_` makes emphasis only at a word's edge: "snake_case" stays as written.
      .replace(/_/g, (c, i: number, all: string) => (/[\p{L}\p{N}]/u.test(all[i - 1] ?? '') && /[\p{L}\p{N}]/u.test(all[i + 1] ?? '') ? c : `\\${c}`))
      // HTML tags and autolinks, and character references ("&copy;") a viewer would turn into something else.
      .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
      .replace(/</g, '&lt;')
  );
}

/** Escapes one line of someone's text that starts a line: only what would change the Markdown's meaning there. */
function escapeMarkdownLine(line: string): string {
  return escapeLineStart(escapeInline(line));
}

/**
 * Escapes what someone wrote for Markdown that stays as they wrote it: ordinary punctuation
 * ("co-production", "STIGMA!", "(maybe)") is left alone, and only what would change the
 * meaning is escaped, where it would (a "#" or "-" starting a line, emphasis markers, links,
 * HTML). Line breaks stay line breaks, each line indented by `indent` so it stays inside the
 * list item it belongs to.
 */
export function escapeMarkdown(text: string, indent = '  '): string {
  return text
    .split(/\r?\n/)
    .map((line) => escapeMarkdownLine(line.trim()))
    .join(`  \n${indent}`);
}

/**
 * Escapes text that follows something on its line (a heading's "## ", a table cell, after bold):
 * on one line (its line breaks become spaces), with nothing to escape for a line start
 * ("## 1. No control" stays as written), only a closing run of "#" a heading would drop.
 */
export function escapeMarkdownInline(text: string): string {
  return escapeInline(text.replace(/\s+/g, ' ').trim()).replace(/(^|\s)(#+)$/, '$1\\$2');
}

/** A card's questions in bold, each followed by its answer, every one of them. */
function cardLines(card: CardSection[]): string {
  return card.map((c) => (c.prompt ? `**${escapeMarkdownInline(c.prompt)}** ${escapeMarkdown(c.answer)}` : escapeMarkdown(c.answer))).join('  \n  ');
}

function timesWord(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

/** Word Association: every word once, with how many wrote it and its votes. */
function wordsSection(data: BoardExport): string[] {
  if (data.words.length === 0) return [];
  const lines = ['## Words', ''];
  for (const w of data.words) lines.push(`- ${escapeMarkdownInline(w.label)}: written ${timesWord(w.count)}${data.voted ? `, ${w.votes} ${w.votes === 1 ? 'vote' : 'votes'}` : ''}`);
  lines.push('');
  return lines;
}

/** Markers on each area, every round side by side: one table, a column per round. */
function markersSection(data: BoardExport): string[] {
  if (data.markerRounds.length === 0) return [];
  const lines = ['## Markers, round by round', ''];
  lines.push(`| Where | ${data.markerRounds.map((r) => escapeMarkdownInline(r.title)).join(' | ')} |`);
  lines.push(`|---|${data.markerRounds.map(() => '---:').join('|')}|`);
  for (const area of data.areas) lines.push(`| ${escapeMarkdownInline(area.title || 'Untitled area')} | ${area.markers.map((m) => String(m.count)).join(' | ')} |`);
  lines.push('');
  return lines;
}

function noteLine(note: ExportNote, voted: boolean, byId: Map<string, ExportNote>): string {
  const who = note.anonymous ? ' — *anonymous*' : note.author ? ` — *${escapeMarkdownInline(note.author)}*` : '';
  const votes = voted ? ` (${note.votes} ${note.votes === 1 ? 'vote' : 'votes'})` : '';
  const parent = note.replyTo ? byId.get(note.replyTo) : undefined;
  const builds = parent ? `\n  - builds on: ${escapeMarkdownInline(parent.text.slice(0, 80))}` : '';
  const round = note.round !== null ? ` (round ${note.round + 1})` : '';
  return `- ${markdownText(note)}${who}${votes}${round}${builds}`;
}

export function toMarkdown(data: BoardExport): string {
  const all = [...data.areas.flatMap((a) => a.notes), ...data.unsorted];
  const byId = new Map(all.map((n) => [n.id, n]));
  const lines = [`# ${escapeMarkdownInline(data.title || 'Session')}`, '', `Exported ${data.exportedAt}.`, ''];
  if (data.steps.length > 0) {
    lines.push('## Steps', '');
    data.steps.forEach((s, i) => lines.push(`${i + 1}. **${escapeMarkdownInline(s.title)}**${s.prompt ? `: ${escapeMarkdown(s.prompt, '   ')}` : ''}`));
    lines.push('');
  }
  lines.push(...wordsSection(data), ...markersSection(data));
  for (const area of data.areas) {
    lines.push(`## ${escapeMarkdownInline(area.title || 'Untitled area')}`, '');
    if (area.description) lines.push(`*${escapeMarkdownInline(area.description)}*`, '');
    if (area.markers.length > 0) {
      for (const m of area.markers) lines.push(`- Markers, ${escapeMarkdownInline(m.title)}: ${m.count}`);
      lines.push('');
    }
    if (area.notes.length === 0) lines.push('*No notes.*');
    for (const note of area.notes) lines.push(noteLine(note, data.voted, byId));
    lines.push('');
  }
  if (data.unsorted.length > 0) {
    lines.push(data.areas.length > 0 ? '## Not in an area' : '## Notes', '');
    for (const note of data.unsorted) lines.push(noteLine(note, data.voted, byId));
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * One CSV cell (RFC 4180). A cell that a spreadsheet would run as a formula (=, +, -, @, tab,
 * carriage return at the start) is prefixed with an apostrophe, so an export can't attack the
 * facilitator's computer.
 */
export function csvCell(value: string | number | boolean | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** U+FEFF at the start of a file: EF BB BF in UTF-8. */
export const UTF8_BOM = '\uFEFF';

export function toCsv(data: BoardExport): string {
  const header = ['area', 'note', 'author', 'anonymous', 'votes', 'created_at', 'builds_on', 'note_id', 'image_id'];
  const rows: string[][] = [];
  const noteCell = (n: ExportNote) => {
    const label = pictureLabel(n);
    return label ? `${label} ${n.text}`.trim() : n.text;
  };
  const push = (area: string, n: ExportNote) =>
    rows.push([area, noteCell(n), n.author ?? '', n.anonymous ? 'yes' : 'no', String(n.votes), n.createdAt, n.replyTo ?? '', n.id, n.imageId ?? '']);
  for (const area of data.areas) for (const note of area.notes) push(area.title, note);
  for (const note of data.unsorted) push('', note);
  // The byte order mark tells Excel the file is UTF-8; without it "café" opens as "cafÃ©".
  return UTF8_BOM + [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
