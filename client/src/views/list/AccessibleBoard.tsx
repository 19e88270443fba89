import { t } from '../../i18n/i18n.ts';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { NOTE_COLORS } from '@tributary/shared/board/colors';
import { deleteNotes, moveNotes, setNoteText } from '@tributary/shared/board/mutations';
import { NOTE_HEIGHT, NOTE_WIDTH, type Note } from '@tributary/shared/board/note';
import type { EditorController } from '../../editor/EditorController.ts';
import { selectNotes } from '../../editor/selection.ts';
import { useStore } from '../../hooks/useStore.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { moveTarget, readingOrder, shortAreaName } from './readingOrder.ts';
import { NotePicture } from '../../pictures/NotePicture.tsx';
import { noteImagesOf } from '../../sync/noteImages.ts';
import { noteWords } from '../../pictures/noteWords.ts';
import { ReadNoteButton } from '../../ui/ReadAloudButton.tsx';
import './list.css';

export interface AccessibleBoardProps {
  client: RoomClient;
  /** The facilitator's editor: focusing a note selects it there and pans the canvas to it. */
  editor?: EditorController | null;
  /** Enter edits a note's text (facilitator). */
  canEdit?: boolean;
  /** Delete, with confirmation (facilitator). */
  canDelete?: boolean;
  /** "Move to area" (off while the facilitator has locked the board for participants). */
  canMove?: boolean;
  /** Heading level of the area headings. */
  level?: 2 | 3;
}

type Mode = { kind: 'view' } | { kind: 'edit'; text: string } | { kind: 'confirm-delete' };

/**
 * The board for screen readers and keyboards (DESIGN.md 7): areas in order with their notes,
 * then the notes outside any area. The notes are one tab stop (roving tabindex): arrow keys,
 * Home and End move between them. The focused note has its actions: edit (Enter), move to
 * another area (instead of dragging) and delete.
 */
export function AccessibleBoard({ client, editor = null, canEdit = false, canDelete = false, canMove = true, level = 2 }: AccessibleBoardProps) {
  const board = useStore(client.boardStore);
  // The props say what this view offers; the board's rules say what this person may do now.
  useStore(client.controlStore);
  const rights = client.boardRights();
  const offers = (note: Note) => ({ edit: canEdit && rights.editNote(note), del: canDelete && rights.deleteNote(note), move: canMove && rights.moveNote(note) });
  const groups = useMemo(() => readingOrder(board.notes.values(), board.areas), [board]);
  const flat = useMemo(() => groups.flatMap((g) => g.notes), [groups]);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const [status, setStatus] = useState('');
  const refs = useRef(new Map<string, HTMLDivElement>());
  const refocus = useRef<string | null>(null);
  const baseId = useId();

  // The roving tab stop: the active note while it exists, else the first note.
  const current = activeId && board.notes.has(activeId) ? activeId : (flat[0]?.id ?? null);

  useEffect(() => {
    if (refocus.current) {
      const el = refs.current.get(refocus.current);
      refocus.current = null;
      el?.focus();
    }
  });

  useEffect(() => {
    if (activeId && !board.notes.has(activeId)) setMode({ kind: 'view' });
  }, [activeId, board]);

  const focusNote = useCallback((id: string) => {
    refs.current.get(id)?.focus();
  }, []);

  const onFocusNote = (note: Note) => {
    if (note.id !== activeId) {
      setActiveId(note.id);
      setMode({ kind: 'view' });
      setStatus('');
    }
    if (editor) {
      const sel = editor.selection.get();
      if (sel.notes.size !== 1 || !sel.notes.has(note.id) || sel.areas.size > 0) editor.selection.set(selectNotes([note.id]));
      editor.scrollIntoView({ x: note.pos.x, y: note.pos.y, w: NOTE_WIDTH, h: NOTE_HEIGHT });
    }
  };

  const onNoteKey = (e: KeyboardEvent<HTMLDivElement>, note: Note) => {
    if (e.target !== e.currentTarget) return;
    const i = flat.findIndex((n) => n.id === note.id);
    let next: Note | undefined;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowRight':
        next = flat[Math.min(flat.length - 1, i + 1)];
        break;
      case 'ArrowUp':
      case 'ArrowLeft':
        next = flat[Math.max(0, i - 1)];
        break;
      case 'Home':
        next = flat[0];
        break;
      case 'End':
        next = flat[flat.length - 1];
        break;
      case 'Enter':
        if (offers(note).edit) {
          e.preventDefault();
          setMode({ kind: 'edit', text: note.text });
        }
        return;
      case 'Delete':
      case 'Backspace':
        if (offers(note).del) {
          e.preventDefault();
          setMode({ kind: 'confirm-delete' });
        }
        return;
      default:
        return;
    }
    e.preventDefault();
    if (next) focusNote(next.id);
  };

  // Keys used here must not reach the canvas' shortcuts (arrows would nudge the selected note,
  // Delete would delete it without asking).
  const stopShortcuts = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Escape' || e.ctrlKey || e.metaKey) return;
    e.stopPropagation();
  };

  const save = (note: Note, text: string) => {
    setNoteText(client.board, note.id, text);
    client.undoManager.stopCapturing();
    setMode({ kind: 'view' });
    setStatus(t('board.saved'));
    refocus.current = note.id;
  };

  const move = (note: Note, areaValue: string) => {
    const areaId = areaValue === '' ? null : areaValue;
    const target = moveTarget(board.notes.values(), board.areas, note.id, areaId);
    moveNotes(client.board, [{ id: note.id, pos: target.pos, areaId: target.areaId }]);
    client.undoManager.stopCapturing();
    const area = target.areaId ? board.areas.get(target.areaId) : undefined;
    setStatus(area ? t('board.movedTo', { area: shortAreaName(area.title) }) : t('board.movedOutside'));
    refocus.current = note.id;
    editor?.scrollIntoView({ x: target.pos.x, y: target.pos.y, w: NOTE_WIDTH, h: NOTE_HEIGHT });
  };

  const remove = (note: Note) => {
    const i = flat.findIndex((n) => n.id === note.id);
    const neighbour = flat[i + 1] ?? flat[i - 1];
    deleteNotes(client.board, [note.id]);
    client.undoManager.stopCapturing();
    setMode({ kind: 'view' });
    setStatus(t('board.noteDeleted'));
    if (neighbour) {
      setActiveId(neighbour.id);
      refocus.current = neighbour.id;
    }
  };

  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <div className="al-board" onKeyDown={stopShortcuts}>
      <p className="al-board__help muted" id={`${baseId}-help`}>
        {flat.length === 0 ? t('room.noNotesOnBoard') : t(canEdit ? 'board.listHelpEdit' : 'board.listHelp', { count: flat.length })}
      </p>
      {groups.map((group) => {
        const headingId = `${baseId}-${group.areaId ?? 'outside'}`;
        return (
          <section key={group.areaId ?? 'outside'} className="al-group" aria-labelledby={headingId} data-area-id={group.areaId ?? undefined}>
            <Heading id={headingId} className="al-group__title">
              <span dir="auto">{group.title}</span> <span className="al-count">({t('board.notes', { count: group.notes.length })})</span>
            </Heading>
            {group.description && (
              <p className="al-group__description" dir="auto">
                {group.description}
              </p>
            )}
            {group.notes.length === 0 ? (
              <p className="muted al-empty">{t('board.noNotesHereYet')}</p>
            ) : (
              <ul className="al-notes">
                {group.notes.map((note) => {
                  const active = note.id === current;
                  const selected = note.id === activeId;
                  return (
                    <li key={note.id} className={`al-note${selected ? ' al-note--active' : ''}`} data-note-id={note.id}>
                      <div
                        ref={(el) => {
                          if (el) refs.current.set(note.id, el);
                          else refs.current.delete(note.id);
                        }}
                        className="al-note__body"
                        tabIndex={active ? 0 : -1}
                        aria-describedby={active ? `${baseId}-help` : undefined}
                        style={{ backgroundColor: NOTE_COLORS[note.color] }}
                        onFocus={() => onFocusNote(note)}
                        onKeyDown={(e) => onNoteKey(e, note)}
                      >
                        <NotePicture images={noteImagesOf(client)} note={note} className="al-note__picture" />
                        <p className="al-note__text" dir="auto">
                          {noteWords(note) || <em>{t('board.emptyNote')}</em>}
                        </p>
                        <p className="al-note__meta">{note.anonymous || !note.authorName ? t('room.noName') : t('room.from', { name: note.authorName })}</p>
                      </div>
                      {/* One tab stop for the list: only the current note's button is in the tab order. */}
                      <ReadNoteButton note={note} tabIndex={active ? 0 : -1} iconOnly />
                      {selected && Object.values(offers(note)).some(Boolean) && (
                        <NoteActions
                          key={note.id}
                          note={note}
                          mode={mode}
                          setMode={setMode}
                          areas={[...board.areas.values()]}
                          canEdit={offers(note).edit}
                          canDelete={offers(note).del}
                          canMove={offers(note).move}
                          onSave={(text) => save(note, text)}
                          onMove={(areaId) => move(note, areaId)}
                          onDelete={() => remove(note)}
                          onBack={() => {
                            setMode({ kind: 'view' });
                            focusNote(note.id);
                          }}
                          status={status}
                        />
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}

function NoteActions({
  note,
  mode,
  setMode,
  areas,
  canEdit,
  canDelete,
  canMove,
  onSave,
  onMove,
  onDelete,
  onBack,
  status,
}: {
  note: Note;
  mode: Mode;
  setMode: (m: Mode) => void;
  areas: Array<{ id: string; title: string; order: number }>;
  canEdit: boolean;
  canDelete: boolean;
  canMove: boolean;
  onSave: (text: string) => void;
  onMove: (areaId: string) => void;
  onDelete: () => void;
  onBack: () => void;
  status: string;
}) {
  const id = useId();
  const currentArea = note.areaId && areas.some((a) => a.id === note.areaId) ? note.areaId : '';
  const [target, setTarget] = useState(currentArea);
  useEffect(() => setTarget(currentArea), [currentArea]);
  const sorted = [...areas].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));

  if (mode.kind === 'edit') {
    return (
      <form
        className="al-actions al-edit"
        onSubmit={(e) => {
          e.preventDefault();
          onSave(mode.text);
        }}
      >
        <label htmlFor={`${id}-text`}>{t('board.noteText')}</label>
        <textarea
          id={`${id}-text`}
          dir="auto"
          value={mode.text}
          rows={3}
          autoFocus
          onChange={(e) => setMode({ kind: 'edit', text: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              onBack();
            } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              onSave(mode.text);
            }
          }}
        />
        <div className="al-row">
          <button type="submit" className="al-btn al-btn--primary">
            {t('board.save')}
          </button>
          <button type="button" className="al-btn" onClick={onBack}>
            {t('board.cancel')}
          </button>
        </div>
      </form>
    );
  }
  if (mode.kind === 'confirm-delete') {
    return (
      <div className="al-actions" role="group" aria-label={t('board.deleteQuestion')}>
        <p className="al-confirm">{t('board.deleteForEveryone')}</p>
        <div className="al-row">
          <button type="button" className="al-btn al-btn--danger" autoFocus onClick={onDelete}>
            {t('board.yesDelete')}
          </button>
          <button type="button" className="al-btn" onClick={onBack}>
            {t('board.cancel')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="al-actions">
      <div className="al-row">
        {canEdit && (
          <button type="button" className="al-btn" onClick={() => setMode({ kind: 'edit', text: note.text })}>
            {t('board.editText')}
          </button>
        )}
        {canMove && (
          <>
            <label htmlFor={`${id}-move`} className="al-move-label">
              {t('board.moveToArea')}
            </label>
            <select id={`${id}-move`} className="al-select" value={target} onChange={(e) => setTarget(e.target.value)}>
              {sorted.map((a) => (
                <option key={a.id} value={a.id}>
                  {shortAreaName(a.title)}
                </option>
              ))}
              <option value="">{t('room.outsideTheAreas')}</option>
            </select>
            <button type="button" className="al-btn" onClick={() => onMove(target)} disabled={target === currentArea}>
              {t('board.move')}
            </button>
          </>
        )}
        {canDelete && (
          <button type="button" className="al-btn al-btn--danger" onClick={() => setMode({ kind: 'confirm-delete' })}>
            {t('board.delete')}
          </button>
        )}
      </div>
      <p className="al-status" role="status">
        {status}
      </p>
    </div>
  );
}
