import { useEffect, useId, useState } from 'react';
import { AREA_COLORS, NOTE_COLORS, NOTE_COLOR_NAMES, type AreaColor } from '@tributary/shared/board/colors';
import type { AreaRole } from '@tributary/shared/board/records';
import type { EditorController } from '../../editor/EditorController.ts';
import { useStore } from '../../hooks/useStore.ts';
import { EditIcon, HideIcon, TrashIcon } from './icons.tsx';
import { turnAroundTarget } from './methodLogic.ts';
import { MoveToAreaSelect } from './MoveToArea.tsx';
import { t } from '../../i18n/i18n.ts';

const AREA_COLOR_NAMES = Object.keys(AREA_COLORS) as AreaColor[];

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "2 notes and 1 area". */
function things(notes: number, areas: number): string {
  const noteText = t('facilitator.countNotes', { count: notes });
  const areaText = t('facilitator.countAreas', { count: areas });
  if (notes > 0 && areas > 0) return t('facilitator.twoThings', { first: noteText, second: areaText });
  return notes > 0 ? noteText : areaText;
}

/**
 * Moderation: takes the selected notes off the board (the server keeps them for the facilitator).
 * The explanation is the button's description and shows above the bar on hover and on focus
 * (outside the bar, which scrolls sideways on small screens and would clip it).
 */
function HideButton({
  noteIds,
  onHide,
  tipId,
  onTip,
  onError,
}: {
  noteIds: readonly string[];
  onHide: (noteIds: readonly string[]) => Promise<string | null>;
  tipId: string;
  onTip: (show: boolean) => void;
  onError: (message: string | null) => void;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="fv-btn"
      aria-describedby={tipId}
      disabled={busy}
      onMouseEnter={() => onTip(true)}
      onMouseLeave={() => onTip(false)}
      onFocus={() => onTip(true)}
      onBlur={() => onTip(false)}
      onClick={async () => {
        setBusy(true);
        onError(null);
        const error = await onHide(noteIds);
        setBusy(false);
        onError(error);
      }}
    >
      <HideIcon />
      <span className="fv-btn__text">{t('facilitator.hideCount', { count: noteIds.length })}</span>
    </button>
  );
}

/** Appears while something is selected: colours, edit, hide, delete. */
export function SelectionToolbar({
  editor,
  onHide,
  step,
}: {
  editor: EditorController;
  /** Facilitators: hide notes from everyone (moderation). Answers an error message, or null. */
  onHide?: (noteIds: readonly string[]) => Promise<string | null>;
  /**
   * The current step, for "Turn it around": in an open step whose notes go to another area (the
   * solutions), a selected note can be turned into a linked note there.
   */
  step?: { areaId: string | null; mode: string; linkRole?: AreaRole | undefined };
}) {
  const selection = useStore(editor.selection);
  const snapshot = useStore(editor.client.boardStore);
  const tipId = useId();
  const [tip, setTip] = useState(false);
  const [hideError, setHideError] = useState<string | null>(null);
  const notes = selection.notes.size;
  const areas = selection.areas.size;
  const selectionKey = [...selection.notes].join(',');
  useEffect(() => setHideError(null), [selectionKey]);
  if (notes === 0 && areas === 0) {
    return hideError ? (
      <p className="fv-tip fv-tip--error fv-tip--shown" role="alert">
        {hideError}
      </p>
    ) : null;
  }

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

  const canHide = onHide !== undefined && notes > 0 && areas === 0;
  const turnTarget = singleNote && step ? turnAroundTarget(snapshot.notes.get(singleNote), step, snapshot.areas) : null;
  return (
    <>
    {canHide && (
      <p id={tipId} role="tooltip" className={`fv-tip${tip && !hideError ? ' fv-tip--shown' : ''}`}>
        {t('facilitator.hideExplanation')}
      </p>
    )}
    {hideError && (
      <p className="fv-tip fv-tip--error fv-tip--shown" role="alert">
        {hideError}
      </p>
    )}
    <div className="fv-selection" role="group" aria-label={t('facilitator.selected')}>
      <p className="fv-selection__count" aria-live="polite">
        {t('facilitator.thingsSelected', { things: things(notes, areas) })}
      </p>
      {notes > 0 && (
        <div className="fv-swatches" role="group" aria-label={t('facilitator.noteColour')}>
          {NOTE_COLOR_NAMES.map((name) => {
            const pressed = noteColors.size === 1 && noteColors.has(name);
            return (
              <button
                key={name}
                type="button"
                className="fv-swatch"
                style={{ background: NOTE_COLORS[name] }}
                aria-label={t('facilitator.makeNotesColour', { count: notes, colour: name })}
                title={capitalise(name)}
                aria-pressed={pressed}
                onClick={() => editor.setSelectedNotesColor(name)}
              />
            );
          })}
        </div>
      )}
      {notes === 0 && areas > 0 && (
        <div className="fv-swatches" role="group" aria-label={t('facilitator.areaColour')}>
          {AREA_COLOR_NAMES.map((name) => (
            <button
              key={name}
              type="button"
              className="fv-swatch"
              style={{ background: AREA_COLORS[name] }}
              aria-label={t('facilitator.makeAreasColour', { count: areas, colour: name })}
              title={capitalise(name)}
              aria-pressed={areaColors.size === 1 && areaColors.has(name)}
              onClick={() => editor.setSelectedAreasColor(name)}
            />
          ))}
        </div>
      )}
      {singleNote && (
        <button type="button" className="fv-btn" onClick={() => editor.startEditNote(singleNote)} title={t('facilitator.editTextTitle')}>
          <EditIcon />
          <span className="fv-btn__text">{t('facilitator.editText')}</span>
        </button>
      )}
      {singleNote && turnTarget && (
        <button
          type="button"
          className="fv-btn"
          onClick={() => editor.turnAround(singleNote, turnTarget.id)}
          title={t('facilitator.turnAroundTitle', { area: turnTarget.title })}
        >
          <span aria-hidden="true" className="fv-btn__glyph">
            ⇄
          </span>
          <span className="fv-btn__text">{t('facilitator.turnAround')}</span>
        </button>
      )}
      {notes > 0 && snapshot.areas.size > 0 && (
        <MoveToAreaSelect areas={[...snapshot.areas.values()]} count={notes} onMove={(areaId) => editor.moveNotesToArea([...selection.notes], areaId)} />
      )}
      {singleArea && (
        <button type="button" className="fv-btn" onClick={() => editor.startEditArea(singleArea)} title={t('facilitator.renameTitle')}>
          <EditIcon />
          <span className="fv-btn__text">{t('facilitator.rename')}</span>
        </button>
      )}
      {canHide && <HideButton noteIds={[...selection.notes]} onHide={onHide} tipId={tipId} onTip={setTip} onError={setHideError} />}
      <button
        type="button"
        className="fv-btn fv-btn--danger"
        onClick={() => editor.deleteSelection()}
        aria-label={t('facilitator.deleteThings', { things: things(notes, areas) })}
        title={t('facilitator.deleteTitle')}
      >
        <TrashIcon />
        <span className="fv-btn__text">{t('facilitator.delete')}</span>
      </button>
    </div>
    </>
  );
}
