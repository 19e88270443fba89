/**
 * A seeded board that looks like a big real one: notes grouped in areas (a grid of themed
 * frames, notes in rows inside each with small gaps), a few loose notes beside them, text of
 * realistic length (a word to a few sentences), most notes signed, some anonymous, a few
 * "builds on" links. Deterministic for a given size (a seeded generator), so runs compare.
 */
import * as Y from 'yjs';
import { NOTE_COLORS, type NoteColor } from '@tributary/shared/board/colors';
import { createArea, createNote } from '@tributary/shared/board/mutations';
import { NOTE_HEIGHT, NOTE_WIDTH } from '@tributary/shared/board/note';

/** Mulberry32: small, fast, good enough to scatter notes. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'housing rent repairs damp landlord council waiting list staff remember name bus route late night ' +
  'park bench lighting safety walk school gate parents café library opening hours volunteers youth club ' +
  'funding noise traffic crossing trees allotment bins recycling community centre heating bills advice ' +
  'translation appointment phone online forms queue kindness trust listen follow up meeting decisions ' +
  'young people older neighbours loneliness sports pitch market local shops jobs training childcare'
).split(' ');
const NAMES = ['Amira', 'Ben', 'Chloé', 'Dev', 'Eilidh', 'Farid', 'Grace', 'Hamza', 'Ines', 'Jonah', 'Kofi', 'Lena', 'Mo', 'Nell', 'Olu', 'Priya'];

function noteText(rand: () => number): string {
  // Mostly short phrases, some a sentence or two: 1 to 40 words, skewed short.
  const words = 1 + Math.floor(Math.pow(rand(), 2) * 40);
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)]!);
  const text = out.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Note pitch inside an area: 10 board units between notes, like a tidy cluster. */
export const PITCH_X = NOTE_WIDTH + 10;
export const PITCH_Y = NOTE_HEIGHT + 10;
const AREA_COLS = 10;
const AREA_ROWS = 10;
const AREA_PAD = 20;
const AREA_TITLE = 64;
const AREA_GAP = 80;
const NOTES_PER_AREA = AREA_COLS * AREA_ROWS;

export interface SeededNote {
  id: string;
  x: number;
  y: number;
}

export interface SeedLayout {
  areaW: number;
  areaH: number;
  areaGridCols: number;
}

export function layoutFor(count: number): SeedLayout {
  const areaW = AREA_PAD * 2 + AREA_COLS * PITCH_X - 10;
  const areaH = AREA_TITLE + AREA_PAD * 2 + AREA_ROWS * PITCH_Y - 10;
  const areas = Math.ceil(count / NOTES_PER_AREA);
  // About as wide as a 16:9 screen: columns ≈ sqrt(areas × (16/9) × (areaH / areaW)).
  const areaGridCols = Math.max(1, Math.round(Math.sqrt((areas * (16 / 9) * areaH) / areaW)));
  return { areaW, areaH, areaGridCols };
}

/**
 * Writes `count` notes (in areas of 100) into `doc`, in transactions of `batch` notes, calling
 * `flush` after each so a provider can send it and the caller can pace the writes.
 */
export async function seedBoard(
  doc: Y.Doc,
  count: number,
  opts: { seed?: number; batch?: number; flush?: () => Promise<void> } = {},
): Promise<SeededNote[]> {
  const rand = seededRandom(opts.seed ?? count);
  const batch = opts.batch ?? 250;
  const { areaW, areaH, areaGridCols } = layoutFor(count);
  const colors = Object.keys(NOTE_COLORS) as NoteColor[];
  const notes: SeededNote[] = [];
  const areaIds: string[] = [];
  const areaCount = Math.ceil(count / NOTES_PER_AREA);
  doc.transact(() => {
    for (let a = 0; a < areaCount; a++) {
      const col = a % areaGridCols;
      const row = Math.floor(a / areaGridCols);
      areaIds.push(
        createArea(doc, {
          title: `Theme ${a + 1}: ${WORDS[a % WORDS.length]}`,
          rect: { x: col * (areaW + AREA_GAP), y: row * (areaH + AREA_GAP), w: areaW, h: areaH },
          order: a,
          ...(a % 3 === 0 ? { description: 'What would make this better for you and the people around you?' } : {}),
        }),
      );
    }
  });
  if (opts.flush) await opts.flush();
  for (let start = 0; start < count; start += batch) {
    doc.transact(() => {
      for (let i = start; i < Math.min(count, start + batch); i++) {
        const a = Math.floor(i / NOTES_PER_AREA);
        const k = i % NOTES_PER_AREA;
        const col = a % areaGridCols;
        const row = Math.floor(a / areaGridCols);
        const x = col * (areaW + AREA_GAP) + AREA_PAD + (k % AREA_COLS) * PITCH_X;
        const y = row * (areaH + AREA_GAP) + AREA_TITLE + AREA_PAD + Math.floor(k / AREA_COLS) * PITCH_Y;
        const anonymous = rand() < 0.15;
        const previous = notes.length > 0 && rand() < 0.05 ? notes[notes.length - 1 - Math.floor(rand() * Math.min(notes.length, 8))] : undefined;
        const id = createNote(doc, {
          text: noteText(rand),
          pos: { x, y },
          color: colors[Math.floor(rand() * colors.length)]!,
          areaId: areaIds[a]!,
          anonymous,
          ...(anonymous || rand() < 0.2 ? {} : { authorName: NAMES[Math.floor(rand() * NAMES.length)]! }),
          ...(previous ? { replyTo: previous.id } : {}),
        });
        notes.push({ id, x, y });
      }
    });
    if (opts.flush) await opts.flush();
  }
  return notes;
}
