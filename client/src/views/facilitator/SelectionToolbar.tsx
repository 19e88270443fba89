import { AREA_COLORS, NOTE_COLORS, NOTE_COLOR_NAMES, type AreaColor } from '@tributary/shared';
import type { EditorController } from '../../editor/EditorController.ts';
import { useStore } from '../../hooks/useStore.ts';
import { EditIcon, TrashIcon } from './icons.tsx';

const AREA_COLOR_NAMES = Object.keys(AREA_COLORS) as AreaColor[];

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function describe(notes: number, areas: number): string {
  const parts: string[] = [];
  if (notes > 0) parts.push(notes === 1 ? '1 note' : `${notes} notes`);
  if (areas > 0) parts.push(areas === 1 ? '1 area' : `${areas} areas`);
  return `${parts.join(' and ')} selected`;
}

/** Appears while something is selected: colours, edit, delete. */
export function SelectionToolbar({ editor }: { editor: EditorController }) {
  const selection = useStore(editor.selection);
  const snapshot = useStore(editor.client.boardStore);
  const notes = selection.notes.size;
  const areas = selection.areas.size;
  if (notes === 0 && areas === 0) return null;

  const noteColors = new Set<string>();
  for (const id of selection.notes) {
    const note = snapshot.notes.get(id);
    if (note) noteColors.add(note.color);
  }
  const areaColors = new Set<string>();
  for (const id of selection.areas) {
    const area = snapshot.areas.get(id);
    if (area) areaColors.add(area.color);
  }
  const singleNote = notes === 1 && areas === 0 ? [...selection.notes][0]! : null;
  const singleArea = areas === 1 && notes === 0 ? [...selection.areas][0]! : null;

  return (
    <div className="fv-selection" role="group" aria-label="Selected">
      <p className="fv-selection__count" aria-live="polite">
        {describe(notes, areas)}
      </p>
      {notes > 0 && (
        <div className="fv-swatches" role="group" aria-label="Note colour">
          {NOTE_COLOR_NAMES.map((name) => {
            const pressed = noteColors.size === 1 && noteColors.has(name);
            return (
              <button
                key={name}
                type="button"
                className="fv-swatch"
                style={{ background: NOTE_COLORS[name] }}
                aria-label={`Make ${notes === 1 ? 'the note' : 'the notes'} ${name}`}
                title={capitalise(name)}
                aria-pressed={pressed}
                onClick={() => editor.setSelectedNotesColor(name)}
              />
            );
          })}
        </div>
      )}
      {notes === 0 && areas > 0 && (
        <div className="fv-swatches" role="group" aria-label="Area colour">
          {AREA_COLOR_NAMES.map((name) => (
            <button
              key={name}
              type="button"
              className="fv-swatch"
              style={{ background: AREA_COLORS[name] }}
              aria-label={`Make ${areas === 1 ? 'the area' : 'the areas'} ${name}`}
              title={capitalise(name)}
              aria-pressed={areaColors.size === 1 && areaColors.has(name)}
              onClick={() => editor.setSelectedAreasColor(name)}
            />
          ))}
        </div>
      )}
      {singleNote && (
        <button type="button" className="fv-btn" onClick={() => editor.startEditNote(singleNote)} title="Edit the text (Enter)">
          <EditIcon />
          <span className="fv-btn__text">Edit text</span>
        </button>
      )}
      {singleArea && (
        <button type="button" className="fv-btn" onClick={() => editor.startEditArea(singleArea)} title="Rename the area (Enter)">
          <EditIcon />
          <span className="fv-btn__text">Rename</span>
        </button>
      )}
      <button
        type="button"
        className="fv-btn fv-btn--danger"
        onClick={() => editor.deleteSelection()}
        aria-label={`Delete ${describe(notes, areas).replace(' selected', '')}`}
        title="Delete (Delete key)"
      >
        <TrashIcon />
        <span className="fv-btn__text">Delete</span>
      </button>
    </div>
  );
}
