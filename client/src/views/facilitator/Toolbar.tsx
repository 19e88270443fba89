import type { ReactNode } from 'react';
import type { EditorController } from '../../editor/EditorController.ts';
import { useStore } from '../../hooks/useStore.ts';
import { AreaIcon, FitIcon, MinusIcon, NoteIcon, PlusIcon, RedoIcon, SelectIcon, UndoIcon } from './icons.tsx';

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
    <section className="fv-toolbar" aria-label="Board tools">
      <div className="fv-toolbar__group">
        <ToolButton label="Add note" text="Add note" primary onClick={() => editor.addNoteInView()}>
          <NoteIcon />
        </ToolButton>
        <ToolButton label="Add area" text="Add area" onClick={() => editor.addAreaInView()}>
          <AreaIcon />
        </ToolButton>
        <ToolButton
          label="Select by drawing a box"
          text="Select"
          pressed={tool === 'select'}
          onClick={() => editor.setTool(tool === 'select' ? 'move' : 'select')}
        >
          <SelectIcon />
        </ToolButton>
      </div>
      <div className="fv-toolbar__group">
        <ToolButton label="Undo my last change" text="Undo" shortcut="Ctrl+Z" disabled={!history.canUndo} onClick={() => editor.undo()}>
          <UndoIcon />
        </ToolButton>
        <ToolButton label="Redo my change" text="Redo" shortcut="Ctrl+Shift+Z" disabled={!history.canRedo} onClick={() => editor.redo()}>
          <RedoIcon />
        </ToolButton>
      </div>
      <div className="fv-toolbar__group">
        <ToolButton label="Zoom out" shortcut="-" onClick={() => editor.zoomOut()}>
          <MinusIcon />
        </ToolButton>
        <button
          type="button"
          className="fv-btn fv-btn--zoom"
          onClick={() => editor.resetZoom()}
          aria-label={`Zoom is ${zoomPercent}%. Reset to 100%`}
          title="Reset zoom to 100% (Shift+0)"
        >
          {zoomPercent}%
        </button>
        <ToolButton label="Zoom in" shortcut="+" onClick={() => editor.zoomIn()}>
          <PlusIcon />
        </ToolButton>
        <ToolButton label="Fit the board to the screen, with the words large enough to read" text="Fit" shortcut="Shift+1" onClick={() => editor.zoomToFit()}>
          <FitIcon />
        </ToolButton>
      </div>
    </section>
  );
}
