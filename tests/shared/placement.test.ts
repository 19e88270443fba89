import { describe, expect, it } from 'vitest';
import type { Area } from '@tributary/shared/board/area';
import { AREA_DESCRIPTION_LINE_HEIGHT, AREA_DESCRIPTION_MAX_LINES, AREA_MARKER_RADIUS, AREA_TITLE_BAND, areaDescriptionWidth, areaHeaderHeight, estimateWrappedLines } from '@tributary/shared/board/areaHeader';
import { rectsIntersect } from '@tributary/shared/board/geometry';
import { NOTE_HEIGHT, NOTE_WIDTH, type Note } from '@tributary/shared/board/note';
import { findFreeSpots } from '@tributary/shared/board/placement';
import { TEMPLATES } from '@tributary/shared/templates/index';

function area(rect: Area['rect'], description?: string): Area {
  return { id: 'a', title: 'Area', rect, color: 'sky', order: 0, ...(description ? { description } : {}) } as Area;
}

function note(id: string, x: number, y: number): Note {
  return { id, text: id, pos: { x, y }, color: 'yellow', areaId: 'a', createdAt: 0 } as Note;
}

const noteRect = (p: { x: number; y: number }) => ({ x: p.x, y: p.y, w: NOTE_WIDTH, h: NOTE_HEIGHT });

describe('the band at the top of an area', () => {
  it('is the title bar alone without a description, and two lines more with a short one (as before lines were counted)', () => {
    expect(areaHeaderHeight(area({ x: 0, y: 0, w: 1000, h: 700 }))).toBe(AREA_TITLE_BAND);
    expect(areaHeaderHeight(area({ x: 0, y: 0, w: 1000, h: 700 }, 'How do we want to work together?'))).toBe(128);
  });

  it('grows with a long description in a narrow area, up to the line limit', () => {
    const words = 'I am comfortable and confident in the work I am doing. I may still be nervous, but I have strong coping skills.';
    const narrow = area({ x: 0, y: 0, w: 560, h: 1000 }, words);
    const lines = estimateWrappedLines(words, areaDescriptionWidth(560), 20);
    expect(lines).toBeGreaterThan(2);
    expect(areaHeaderHeight(narrow)).toBeGreaterThanOrEqual(AREA_TITLE_BAND + lines * AREA_DESCRIPTION_LINE_HEIGHT);
    const endless = area({ x: 0, y: 0, w: 560, h: 1000 }, 'word '.repeat(400));
    expect(areaHeaderHeight(endless)).toBeLessThanOrEqual(AREA_TITLE_BAND + (AREA_DESCRIPTION_MAX_LINES + 1) * AREA_DESCRIPTION_LINE_HEIGHT);
  });

  it('keeps room for the marker count on areas people place markers on, with or without a description', () => {
    // The canvas draws the count under the title, 48 units across at zoom 1 and never under 22 px
    // on screen: at 40% zoom (the farthest where notes show words) its circle ends this far down.
    const markerBottom = AREA_TITLE_BAND + 16.8 * 0.6 + Math.max(AREA_MARKER_RADIUS, 22 / 0.4) * 2;
    const stage = { ...area({ x: 0, y: 0, w: 560, h: 1000 }), role: 'stage' as const };
    expect(areaHeaderHeight(stage)).toBeGreaterThan(markerBottom);
    expect(areaHeaderHeight({ ...stage, description: 'Short words.' })).toBeGreaterThan(markerBottom);
    const spot = findFreeSpots([], stage, 1)[0]!;
    expect(spot.y).toBeGreaterThan(markerBottom);
    // An area nobody marks keeps the bare title band.
    expect(areaHeaderHeight({ ...stage, role: 'theme' })).toBe(AREA_TITLE_BAND);
  });

  it('wraps word by word, breaks words longer than a line, and starts a line at every newline', () => {
    // 20 px font, 0.56 em per character: 10 characters per 112 px line.
    expect(estimateWrappedLines('aaaa bbbb', 112, 20)).toBe(1);
    expect(estimateWrappedLines('aaaa bbbbbb', 112, 20)).toBe(2);
    expect(estimateWrappedLines('a'.repeat(25), 112, 20)).toBe(3);
    expect(estimateWrappedLines('aa ' + 'b'.repeat(25), 112, 20)).toBe(4);
    expect(estimateWrappedLines('one\ntwo\n\nfour', 112, 20)).toBe(4);
  });

  it('has room for every template description at full width without cutting it', () => {
    for (const template of TEMPLATES) {
      for (const a of template.areas) {
        if (a.description) expect(estimateWrappedLines(a.description, a.rect.w - 2 * 16.8, 20), `${template.id} ${a.key}`).toBeLessThanOrEqual(AREA_DESCRIPTION_MAX_LINES);
        // And at least one row of notes fits below it, inside the area.
        expect(a.rect.h - areaHeaderHeight(a), `${template.id} ${a.key}`).toBeGreaterThanOrEqual(NOTE_HEIGHT + 16);
      }
    }
  });
});

describe('finding free spots for new notes', () => {
  it('places them below the title and the whole description', () => {
    const words = 'This stage is for the group to name and describe: how might someone be feeling here, and what is going on for them?';
    const stage = area({ x: 0, y: 0, w: 560, h: 1000 }, words);
    const spots = findFreeSpots([], stage, 3);
    for (const spot of spots) expect(spot.y).toBeGreaterThanOrEqual(areaHeaderHeight(stage));
    expect(areaHeaderHeight(stage)).toBeGreaterThan(128);
  });

  it('never puts a new note on top of one that was dragged off the grid', () => {
    const table = area({ x: 0, y: 0, w: 1000, h: 700 });
    const origin = findFreeSpots([], table, 1)[0]!;
    // Half a slot right and down from the first slot: it overlaps the first two slots of two rows.
    const dragged = note('dragged', origin.x + 100, origin.y + 70);
    const spots = findFreeSpots([dragged], table, 4);
    for (const spot of spots) expect(rectsIntersect(noteRect(spot), noteRect(dragged.pos)), JSON.stringify(spot)).toBe(false);
  });

  it('gives notes posted together different places, and skips places already taken', () => {
    const table = area({ x: 0, y: 0, w: 1000, h: 700 });
    const [first, second] = findFreeSpots([], table, 2);
    expect(first).not.toEqual(second);
    const next = findFreeSpots([note('n', first!.x, first!.y)], table, 1)[0];
    expect(next).toEqual(second);
  });
});
