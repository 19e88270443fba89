import { memo } from 'react';
import { Shape } from 'react-konva';
import type Konva from 'konva';
import { NOTE_COLORS, NOTE_HEIGHT, NOTE_WIDTH, type Note, type NoteColor } from '@tributary/shared';
import { SELECTION_COLOR } from '../editor/layout.ts';
import { NOTE_BORDERS } from './colors.ts';

export type OffsetOf = (note: Note) => { dx: number; dy: number } | undefined;

export interface LodNotesProps {
  notes: readonly Note[];
  offsetOf: OffsetOf;
  selected: ReadonlySet<string>;
  zoom: number;
  /** Notes whose word comes up more than once (Word Association): a dark corner mark, still visible zoomed out. */
  duplicates?: ReadonlyMap<string, number> | null;
}

/**
 * Zoomed out, every visible note is a plain coloured block, and all of them are one Konva
 * shape: one node, one path per colour, no text, no hit graph. Thousands of blocks cost a few
 * canvas calls instead of thousands of nodes.
 */
export const LodNotes = memo(function LodNotes({ notes, offsetOf, selected, zoom, duplicates }: LodNotesProps) {
  const sceneFunc = (context: Konva.Context) => {
    const c = context._context;
    const byColor = new Map<NoteColor, Note[]>();
    for (const note of notes) {
      let list = byColor.get(note.color);
      if (!list) byColor.set(note.color, (list = []));
      list.push(note);
    }
    const trace = (list: readonly Note[]) => {
      c.beginPath();
      for (const note of list) {
        const o = offsetOf(note);
        c.rect(note.pos.x + (o?.dx ?? 0), note.pos.y + (o?.dy ?? 0), NOTE_WIDTH, NOTE_HEIGHT);
      }
    };
    c.lineWidth = 1 / zoom;
    for (const [color, list] of byColor) {
      trace(list);
      c.fillStyle = NOTE_COLORS[color];
      c.fill();
      c.strokeStyle = NOTE_BORDERS[color];
      c.stroke();
    }
    if (duplicates && duplicates.size > 0) {
      // A dark band along the top of each repeated word: a stack of the same word stands out.
      const band = NOTE_HEIGHT * 0.28;
      c.beginPath();
      for (const note of notes) {
        if (!duplicates.has(note.id)) continue;
        const o = offsetOf(note);
        c.rect(note.pos.x + (o?.dx ?? 0), note.pos.y + (o?.dy ?? 0), NOTE_WIDTH, band);
      }
      c.fillStyle = '#0B4F4B';
      c.fill();
    }
    if (selected.size > 0) {
      trace(notes.filter((n) => selected.has(n.id)));
      c.lineWidth = 3 / zoom;
      c.strokeStyle = SELECTION_COLOR;
      c.stroke();
    }
  };
  return <Shape sceneFunc={sceneFunc} listening={false} perfectDrawEnabled={false} />;
});
