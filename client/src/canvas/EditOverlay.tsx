import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Area } from '@tributary/shared/board/area';
import { NOTE_COLORS, NOTE_TEXT_COLOR } from '@tributary/shared/board/colors';
import { NOTE_HEIGHT, NOTE_WIDTH, type Note } from '@tributary/shared/board/note';
import { AREA_TITLE_MAX, NOTE_TEXT_MAX } from '@tributary/shared/board/records';
import type { EditorController } from '../editor/EditorController.ts';
import type { Camera } from '../editor/camera.ts';
import { FONT_FAMILY, NOTE_FONT_SIZE, NOTE_LINE_HEIGHT, NOTE_PADDING, SELECTION_COLOR, areaTitleBarHeight, areaTitleFontSize } from '../editor/layout.ts';
import { noteTextBox } from './drawNote.ts';
import { layoutNoteText } from './textLayout.ts';
import { t } from '../i18n/i18n.ts';

/**
 * The size the words being typed will be drawn at, so the field shows them as the board will: a
 * short note large, a longer one at the standard size. A card is edited at the standard size.
 */
function editingFontSize(text: string, note: Note): number {
  const box = noteTextBox(note.anonymous || Boolean(note.authorName));
  const layout = layoutNoteText(text, box.w, box.h);
  return layout.card ? NOTE_FONT_SIZE : layout.fontSize;
}

/**
 * The text of a note is edited in a real <textarea> laid exactly over the note and scaled with
 * the zoom, so typing, selection, spell-check, IME and screen readers all work as usual.
 * Ctrl/Cmd+Enter or leaving the field saves (one write); Escape cancels.
 */
export function NoteEditor({ editor, note, camera }: { editor: EditorController; note: Note; camera: Camera }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const done = useRef(false);
  const [fontSize, setFontSize] = useState(() => editingFontSize(note.text, note));
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus({ preventScroll: true });
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  const commit = () => {
    if (done.current) return;
    done.current = true;
    editor.commitEdit(ref.current?.value ?? note.text);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      done.current = true;
      editor.cancelEdit();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      commit();
    }
  };
  const z = camera.zoom;
  return (
    <textarea
      ref={ref}
      className="bc-note-editor"
      defaultValue={note.text}
      maxLength={NOTE_TEXT_MAX}
      aria-label={t('board.editNoteLabel')}
      spellCheck
      onBlur={commit}
      onKeyDown={onKeyDown}
      onInput={(e) => setFontSize(editingFontSize(e.currentTarget.value, note))}
      style={{
        left: note.pos.x * z + camera.x,
        top: note.pos.y * z + camera.y,
        width: NOTE_WIDTH * z,
        height: NOTE_HEIGHT * z,
        padding: NOTE_PADDING * z,
        fontSize: fontSize * z,
        lineHeight: NOTE_LINE_HEIGHT,
        fontFamily: FONT_FAMILY,
        color: NOTE_TEXT_COLOR,
        background: NOTE_COLORS[note.color],
        outline: `3px solid ${SELECTION_COLOR}`,
      }}
    />
  );
}

/** The title of an area, edited in an <input> over its title bar. Enter or leaving saves; Escape cancels. */
export function AreaTitleEditor({ editor, area, camera }: { editor: EditorController; area: Area; camera: Camera }) {
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus({ preventScroll: true });
    el.select();
  }, []);
  const commit = () => {
    if (done.current) return;
    done.current = true;
    editor.commitEdit(ref.current?.value ?? area.title);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      done.current = true;
      editor.cancelEdit();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      commit();
    }
  };
  const z = camera.zoom;
  const bar = areaTitleBarHeight(area, z);
  const font = areaTitleFontSize(z);
  return (
    <input
      ref={ref}
      className="bc-title-editor"
      type="text"
      defaultValue={area.title}
      maxLength={AREA_TITLE_MAX}
      aria-label={t('board.editAreaLabel')}
      onBlur={commit}
      onKeyDown={onKeyDown}
      style={{
        left: area.rect.x * z + camera.x,
        top: area.rect.y * z + camera.y,
        width: area.rect.w * z,
        height: bar * z,
        padding: `0 ${Math.min(font * 0.6, area.rect.w / 8) * z}px`,
        fontSize: font * z,
        fontFamily: FONT_FAMILY,
        color: NOTE_TEXT_COLOR,
        outline: `3px solid ${SELECTION_COLOR}`,
      }}
    />
  );
}
