import { describe, expect, it } from 'vitest';
import { NOTE_HEIGHT, NOTE_WIDTH, type Note } from '@tributary/shared/board/note';
import { NoteIndex, SpatialIndex } from '../../client/src/editor/spatialIndex.ts';

function note(id: string, x: number, y: number, createdAt = 0): Note {
  return { id, text: id, pos: { x, y }, color: 'yellow', areaId: null, anonymous: false, createdAt };
}

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('SpatialIndex', () => {
  it('finds items intersecting a rectangle, across cell borders and negative coordinates', () => {
    const index = new SpatialIndex(100);
    index.set('a', { x: 90, y: 90, w: 20, h: 20 });
    index.set('b', { x: -250, y: -250, w: 10, h: 10 });
    index.set('c', { x: 1000, y: 0, w: 50, h: 50 });
    expect([...index.query({ x: 100, y: 100, w: 5, h: 5 })]).toEqual(['a']);
    expect([...index.query({ x: -300, y: -300, w: 100, h: 100 })]).toEqual(['b']);
    expect(index.query({ x: 0, y: 0, w: 500, h: 500 }).size).toBe(1);
    expect(index.queryPoint({ x: 1025, y: 25 })).toEqual(['c']);
  });

  it('moves and deletes items', () => {
    const index = new SpatialIndex(100);
    index.set('a', { x: 0, y: 0, w: 10, h: 10 });
    index.set('a', { x: 500, y: 500, w: 10, h: 10 });
    expect(index.query({ x: 0, y: 0, w: 50, h: 50 }).size).toBe(0);
    expect([...index.query({ x: 490, y: 490, w: 50, h: 50 })]).toEqual(['a']);
    index.delete('a');
    expect(index.size).toBe(0);
    expect(index.query({ x: -1e6, y: -1e6, w: 2e6, h: 2e6 }).size).toBe(0);
  });

  it('agrees with a brute-force scan on random data', () => {
    const rand = seeded(42);
    const index = new SpatialIndex(256);
    const rects = new Map<string, { x: number; y: number; w: number; h: number }>();
    for (let i = 0; i < 2000; i++) {
      const r = { x: (rand() - 0.5) * 20000, y: (rand() - 0.5) * 20000, w: NOTE_WIDTH, h: NOTE_HEIGHT };
      rects.set(`n${i}`, r);
      index.set(`n${i}`, r);
    }
    for (let q = 0; q < 50; q++) {
      const query = { x: (rand() - 0.5) * 20000, y: (rand() - 0.5) * 20000, w: rand() * 5000, h: rand() * 5000 };
      const expected = [...rects].filter(
        ([, r]) => r.x < query.x + query.w && query.x < r.x + r.w && r.y < query.y + query.h && query.y < r.y + r.h,
      );
      expect([...index.query(query)].sort()).toEqual(expected.map(([id]) => id).sort());
    }
  });
});

describe('NoteIndex', () => {
  it('follows snapshots incrementally and hits the top-most note', () => {
    const index = new NoteIndex(512);
    const a = note('a', 0, 0, 1);
    const b = note('b', 50, 50, 2);
    let notes = new Map([
      ['a', a],
      ['b', b],
    ]);
    expect(index.sync(notes)).toBe(2);
    expect(index.hit({ x: 60, y: 60 }, notes)?.id).toBe('b');
    expect(index.hit({ x: 10, y: 10 }, notes)?.id).toBe('a');
    expect(index.hit({ x: 1000, y: 1000 }, notes)).toBeNull();

    // Only the changed note is re-indexed; an unchanged object costs nothing.
    notes = new Map(notes);
    notes.set('a', { ...a, pos: { x: 2000, y: 2000 } });
    expect(index.sync(notes)).toBe(1);
    expect(index.hit({ x: 10, y: 10 }, notes)).toBeNull();
    expect(index.hit({ x: 2010, y: 2010 }, notes)?.id).toBe('a');

    // A text change does not move it in the index.
    notes = new Map(notes);
    notes.set('b', { ...b, text: 'new' });
    expect(index.sync(notes)).toBe(0);

    notes = new Map(notes);
    notes.delete('b');
    expect(index.sync(notes)).toBe(1);
    expect(index.query({ x: 0, y: 0, w: 500, h: 500 }).size).toBe(0);
  });

  it('indexes 20,000 notes and answers a viewport query quickly', () => {
    const notes = new Map<string, Note>();
    for (let i = 0; i < 20000; i++) notes.set(`n${i}`, note(`n${i}`, (i % 200) * 200, Math.floor(i / 200) * 160, i));
    const index = new NoteIndex(512);
    const t0 = performance.now();
    index.sync(notes);
    const built = performance.now() - t0;
    const t1 = performance.now();
    let found = 0;
    for (let i = 0; i < 100; i++) found = index.query({ x: i * 100, y: i * 50, w: 1280, h: 800 }).size;
    const perQuery = (performance.now() - t1) / 100;
    expect(found).toBeGreaterThan(20);
    expect(found).toBeLessThan(80);
    expect(built).toBeLessThan(1000);
    expect(perQuery).toBeLessThan(5);
  });
});
