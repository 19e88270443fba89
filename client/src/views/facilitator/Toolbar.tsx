import type { ReactNode } from 'react';
import type { EditorController } from '../../editor/EditorController.ts';
import { useStore } from '../../hooks/useStore.ts';
import { AreaIcon, FitIcon, MinusIcon, NoteIcon, PlusIcon, RedoIcon, SelectIcon, UndoIcon } from './icons.tsx';
import { t } from '../../i18n/i18n.ts';

function ToolButton({
  label,
  text,
  shortcut,
  onClick,
  disabled,
  pressed,
  primary,
  children,
}: {
  label: string;
  text?: string;
  shortcut?: string;
  onClick: () => void;
  disabled?: boolean;
  pressed?: boolean;
  primary?: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`fv-btn${primary ? ' fv-btn--primary' : ''}${text ? '' : ' fv-btn--icon'}`}
      aria-label={label}
      title={shortcut ? `${label} (${shortcut})` : label}
      onClick={onClick}
      disabled={disabled}
      aria-pressed={pressed}
    >
      {children}
      {text && <span className="fv-btn__text">{text}</span>}
    </button>
  );
}

/** Add things, undo and redo your own changes, zoom. Wraps into a scrolling row on a phone. */
export function Toolbar({ editor }: { editor: EditorController }) {
  const history = useStore(editor.history);
  const zoomPercent = useStore(editor.zoomPercent);
  const tool = useStore(editor.tool);
  return (
    <section className="fv-toolbar" aria-label={t('facilitator.boardTools')}>
      <div className="fv-toolbar__group">
        <ToolButton label={t('facilitator.addNote')} text={t('facilitator.addNote')} primary onClick={() => editor.addNoteInView()}>
          <NoteIcon />
        </ToolButton>
        <ToolButton label={t('facilitator.addArea')} text={t('facilitator.addArea')} onClick={() => editor.addAreaInView()}>
          <AreaIcon />
        </ToolButton>
        <ToolButton
          label={t('facilitator.selectByBox')}
          text={t('facilitator.select')}
          pressed={tool === 'select'}
          onClick={() => editor.setTool(tool === 'select' ? 'move' : 'select')}
        >
          <SelectIcon />
        </ToolButton>
      </div>
      <div className="fv-toolbar__group">
        <ToolButton label={t('facilitator.undoLabel')} text={t('facilitator.undo')} shortcut="Ctrl+Z" disabled={!history.canUndo} onClick={() => editor.undo()}>
          <UndoIcon />
        </ToolButton>
        <ToolButton label={t('facilitator.redoLabel')} text={t('facilitator.redo')} shortcut="Ctrl+Shift+Z" disabled={!history.canRedo} onClick={() => editor.redo()}>
          <RedoIcon />
        </ToolButton>
      </div>
      <div className="fv-toolbar__group">
        <ToolButton label={t('facilitator.zoomOut')} shortcut="-" onClick={() => editor.zoomOut()}>
          <MinusIcon />
        </ToolButton>
        <button
          type="button"
          className="fv-btn fv-btn--zoom"
          onClick={() => editor.resetZoom()}
          aria-label={t('facilitator.zoomIs', { percent: zoomPercent })}
          title={t('facilitator.resetZoom')}
        >
          {zoomPercent}%
        </button>
        <ToolButton label={t('facilitator.zoomIn')} shortcut="+" onClick={() => editor.zoomIn()}>
          <PlusIcon />
        </ToolButton>
        <ToolButton label={t('facilitator.fitLabel')} text={t('facilitator.fit')} shortcut="Shift+1" onClick={() => editor.zoomToFit()}>
          <FitIcon />
        </ToolButton>
      </div>
    </section>
  );
}
