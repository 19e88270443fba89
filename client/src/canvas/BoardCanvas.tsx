import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, type PointerEvent as ReactPointerEvent } from 'react';
import Konva from 'konva';
import { Layer, Rect, Stage } from 'react-konva';
import type { Note, VoteTarget } from '@tributary/shared';
import { EditorController, type PointerInput } from '../editor/EditorController.ts';
import { RESIZE_HANDLE_SCREEN_PX, SELECTION_COLOR } from '../editor/layout.ts';
import { useStore } from '../hooks/useStore.ts';
import type { RoomClient } from '../sync/RoomClient.ts';
import { AreaNode } from './AreaNode.tsx';
import { duplicateCounts, hasWordsArea, visibleLinks } from './boardMarks.ts';
import { LinkLines } from './LinkLines.tsx';
import { CursorsLayer } from './CursorsLayer.tsx';
import { AreaTitleEditor, NoteEditor } from './EditOverlay.tsx';
import { LodNotes } from './LodNotes.tsx';
import { NoteNode } from './NoteNode.tsx';
import './canvas.css';

// Sharp enough on a retina laptop; a 3x phone would pay 2.25 times the pixels for nothing.
Konva.pixelRatio = Math.min(2, globalThis.devicePixelRatio || 1);

function toPointerInput(e: PointerEvent | ReactPointerEvent, host: HTMLElement): PointerInput {
  const r = host.getBoundingClientRect();
  return {
    id: e.pointerId,
    x: e.clientX - r.left,
    y: e.clientY - r.top,
    button: e.button,
    shift: e.shiftKey,
    mod: e.ctrlKey || e.metaKey,
    type: e.pointerType,
    time: e.timeStamp,
  };
}

/** Blurs an open text editor so it saves before the board acts on a click elsewhere. */
function settleOpenEditor(): void {
  const active = document.activeElement;
  if (active instanceof HTMLElement && (active.classList.contains('bc-note-editor') || active.classList.contains('bc-title-editor'))) {
    active.blur();
  }
}

export interface BoardCanvasViewProps {
  editor: EditorController;
  readOnly?: boolean;
  /** Vote totals by note id, once shown: each note with votes gets a badge (not at low zoom). */
  voteTotals?: Readonly<Record<string, number>> | null;
  /** What the totals count: notes (a badge on each) or areas (markers: a big number on each area). */
  voteTarget?: VoteTarget;
}

/**
 * The board, drawn with Konva and driven by an EditorController. Konva only draws (nothing in
 * the stage listens for events); pointer input is read from the DOM and hit-tested against the
 * editor's spatial index, which is far cheaper than Konva's hit canvas on a big board.
 * Three layers: board (areas, notes), overlays (selection, marquee), cursors.
 */
export function BoardCanvasView({ editor, readOnly = false, voteTotals = null, voteTarget = 'notes' }: BoardCanvasViewProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const camera = useStore(editor.camera);
  const size = useStore(editor.viewport);
  const snapshot = useStore(editor.client.boardStore);
  const selection = useStore(editor.selection);
  const localDrag = useStore(editor.localDrag);
  const areaPreview = useStore(editor.areaPreview);
  const remoteDrags = useStore(editor.remoteDrags);
  const editing = useStore(editor.editing);
  const marquee = useStore(editor.marquee);
  const cursorStyle = useStore(editor.cursorStyle);

  useEffect(() => editor.mount(), [editor]);

  useLayoutEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const measure = () => editor.setViewportSize({ width: Math.round(host.clientWidth), height: Math.round(host.clientHeight) });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(host);
    return () => observer.disconnect();
  }, [editor]);

  // React's wheel listener is passive; zooming must stop the page from scrolling.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = host.getBoundingClientRect();
      editor.wheel({
        x: e.clientX - r.left,
        y: e.clientY - r.top,
        deltaX: e.deltaX,
        deltaY: e.deltaY,
        deltaMode: e.deltaMode,
        ctrl: e.ctrlKey || e.metaKey,
        shift: e.shiftKey,
      });
    };
    // Safari's trackpad pinch arrives as gesture events; stop it zooming the whole page.
    const stop = (e: Event) => e.preventDefault();
    host.addEventListener('wheel', onWheel, { passive: false });
    host.addEventListener('gesturestart', stop);
    host.addEventListener('gesturechange', stop);
    return () => {
      host.removeEventListener('wheel', onWheel);
      host.removeEventListener('gesturestart', stop);
      host.removeEventListener('gesturechange', stop);
    };
  }, [editor]);

  const onPointerDown = useCallback(
    (e: ReactPointerEvent<HTMLDivElement>) => {
      const host = hostRef.current;
      if (!host) return;
      // Clicks inside the text editors belong to them (placing the caret, selecting words).
      if (!(e.target instanceof Element) || !e.target.closest('.bc-stage')) return;
      // Keep focus where it is (so a just-opened editor keeps it) and stop text selection.
      e.preventDefault();
      settleOpenEditor();
      try {
        host.setPointerCapture(e.pointerId);
      } catch {
        /* capture is a nicety: without it a release outside the window is missed, nothing worse */
      }
      editor.pointerDown(toPointerInput(e, host));
    },
    [editor],
  );
  const onPointerMove = useCallback(
    (e: ReactPointerEvent<HTMLDivElement>) => {
      if (hostRef.current) editor.pointerMove(toPointerInput(e, hostRef.current));
    },
    [editor],
  );
  const onPointerUp = useCallback(
    (e: ReactPointerEvent<HTMLDivElement>) => {
      if (hostRef.current) editor.pointerUp(toPointerInput(e, hostRef.current));
    },
    [editor],
  );
  const onPointerCancel = useCallback(
    (e: ReactPointerEvent<HTMLDivElement>) => {
      if (hostRef.current) editor.pointerCancel(toPointerInput(e, hostRef.current));
    },
    [editor],
  );
  const onPointerLeave = useCallback(() => editor.pointerLeave(), [editor]);

  const lod = editor.isLod(camera.zoom);
  // Recomputed only when the view crosses a coarse grid line or the board changes.
  const visible = editor.visibleNotes();
  const areas = editor.sortedAreas();

  // Word Association: notes whose word comes up more than once get a "×3" tag (boards with a Words area only).
  const duplicates = useMemo(
    () => (hasWordsArea(snapshot.areas.values()) ? duplicateCounts(snapshot.notes.values()) : null),
    [snapshot.notes, snapshot.areas],
  );
  const links = useMemo(() => visibleLinks(visible), [visible]);
  const noteTotals = voteTarget === 'areas' ? null : voteTotals;
  const areaTotals = voteTarget === 'areas' ? voteTotals : null;

  const dragIds = useMemo(() => (localDrag ? new Set(localDrag.noteIds) : null), [localDrag]);
  const offsetOf = useCallback(
    (note: Note): { dx: number; dy: number } | undefined => {
      if (localDrag && dragIds?.has(note.id)) return localDrag;
      if (areaPreview?.moving && note.areaId === areaPreview.id) {
        const area = snapshot.areas.get(areaPreview.id);
        if (area) return { dx: areaPreview.rect.x - area.rect.x, dy: areaPreview.rect.y - area.rect.y };
      }
      return remoteDrags.get(note.id);
    },
    [localDrag, dragIds, areaPreview, remoteDrags, snapshot],
  );

  const editingNote = editing?.kind === 'note' ? snapshot.notes.get(editing.id) : undefined;
  const editingArea = editing?.kind === 'area' ? snapshot.areas.get(editing.id) : undefined;
  const layerTransform = { x: camera.x, y: camera.y, scaleX: camera.zoom, scaleY: camera.zoom };

  // A faint dot grid gives a sense of movement while panning; it is CSS, not Konva.
  const gridStep = 32 * camera.zoom * (camera.zoom < 0.5 ? 4 : 1);
  const gridStyle =
    gridStep >= 8
      ? {
          backgroundSize: `${gridStep}px ${gridStep}px`,
          backgroundPosition: `${camera.x}px ${camera.y}px`,
        }
      : { backgroundImage: 'none' };

  return (
    <div
      ref={hostRef}
      className="bc-root"
      style={{ cursor: cursorStyle, ...gridStyle }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerCancel}
      onPointerLeave={onPointerLeave}
      onContextMenu={(e) => e.preventDefault()}
      data-testid="board-canvas"
      data-zoom={camera.zoom.toFixed(3)}
      data-camera={`${Math.round(camera.x)},${Math.round(camera.y)},${camera.zoom.toFixed(4)}`}
      data-notes={snapshot.notes.size}
      data-visible-notes={visible.length}
    >
      <div className="bc-stage" aria-hidden="true">
        {size.width > 0 && size.height > 0 && (
          <Stage width={size.width} height={size.height} listening={false}>
            <Layer listening={false} {...layerTransform}>
              {areas.map((area) => (
                <AreaNode
                  key={area.id}
                  area={areaPreview?.id === area.id ? { ...area, rect: areaPreview.rect } : area}
                  zoom={camera.zoom}
                  editingTitle={editingArea?.id === area.id}
                  showGrip={!readOnly}
                  markers={areaTotals ? (areaTotals[area.id] ?? 0) : undefined}
                />
              ))}
              {links.length > 0 && <LinkLines links={links} offsetOf={offsetOf} zoom={camera.zoom} />}
              {lod ? (
                <LodNotes notes={visible} offsetOf={offsetOf} selected={selection.notes} zoom={camera.zoom} duplicates={duplicates} />
              ) : (
                visible.map((note) => {
                  const o = offsetOf(note);
                  return (
                    <NoteNode
                      key={note.id}
                      note={note}
                      dx={o?.dx ?? 0}
                      dy={o?.dy ?? 0}
                      selected={selection.notes.has(note.id)}
                      editing={editingNote?.id === note.id}
                      votes={noteTotals?.[note.id]}
                      duplicates={duplicates?.get(note.id)}
                    />
                  );
                })
              )}
            </Layer>
            <Layer listening={false} {...layerTransform}>
              {areas.map((area) => {
                if (!selection.areas.has(area.id)) return null;
                const rect = areaPreview?.id === area.id ? areaPreview.rect : area.rect;
                const handle = RESIZE_HANDLE_SCREEN_PX / camera.zoom;
                return [
                  <Rect
                    key={`${area.id}:outline`}
                    x={rect.x}
                    y={rect.y}
                    width={rect.w}
                    height={rect.h}
                    stroke={SELECTION_COLOR}
                    strokeWidth={3}
                    strokeScaleEnabled={false}
                    perfectDrawEnabled={false}
                    listening={false}
                  />,
                  readOnly ? null : (
                    <Rect
                      key={`${area.id}:handle`}
                      x={rect.x + rect.w - handle}
                      y={rect.y + rect.h - handle}
                      width={handle}
                      height={handle}
                      fill="#FFFFFF"
                      stroke={SELECTION_COLOR}
                      strokeWidth={2}
                      strokeScaleEnabled={false}
                      perfectDrawEnabled={false}
                      listening={false}
                    />
                  ),
                ];
              })}
              {marquee && (
                <Rect
                  x={marquee.x}
                  y={marquee.y}
                  width={marquee.w}
                  height={marquee.h}
                  fill="rgba(11, 110, 105, 0.08)"
                  stroke={SELECTION_COLOR}
                  strokeWidth={1}
                  dash={[6, 4]}
                  strokeScaleEnabled={false}
                  perfectDrawEnabled={false}
                  listening={false}
                />
              )}
            </Layer>
            <CursorsLayer editor={editor} camera={camera} />
          </Stage>
        )}
      </div>
      {editingNote && <NoteEditor key={editingNote.id} editor={editor} note={editingNote} camera={camera} />}
      {editingArea && <AreaTitleEditor key={editingArea.id} editor={editor} area={editingArea} camera={camera} />}
    </div>
  );
}

/** Zoom buttons for the read-only board (phones): pinching is never the only way to zoom. */
export function ZoomControls({ editor }: { editor: EditorController }) {
  const camera = useStore(editor.camera);
  return (
    <div className="bc-zoom" role="group" aria-label="Zoom">
      <button type="button" className="bc-zoom__btn" onClick={() => editor.zoomOut()} aria-label="Zoom out" title="Zoom out">
        −
      </button>
      <button type="button" className="bc-zoom__btn bc-zoom__btn--wide" onClick={() => editor.zoomToFit()} aria-label="Show the whole board" title="Show the whole board">
        Fit
      </button>
      <span className="bc-zoom__level" aria-live="off">
        {Math.round(camera.zoom * 100)}%
      </span>
      <button type="button" className="bc-zoom__btn" onClick={() => editor.zoomIn()} aria-label="Zoom in" title="Zoom in">
        +
      </button>
    </div>
  );
}

/**
 * The whole board for a room. Read-only on phones (pan and zoom only); the facilitator view
 * builds its own EditorController and uses BoardCanvasView with its toolbars.
 * The parent decides the size: this fills it.
 */
export default function BoardCanvas({ client, readOnly }: { client: RoomClient; readOnly?: boolean }) {
  const editor = useMemo(() => new EditorController(client, { readOnly: readOnly === true }), [client, readOnly]);
  const voting = useStore(client.controlStore).voting;
  return (
    <div className="bc-wrap">
      <BoardCanvasView editor={editor} readOnly={readOnly === true} voteTotals={voting.totals} voteTarget={voting.target} />
      <ZoomControls editor={editor} />
    </div>
  );
}
