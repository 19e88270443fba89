import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, type PointerEvent as ReactPointerEvent } from 'react';
import Konva from 'konva';
import { Layer, Shape, Stage } from 'react-konva';
import type { Area } from '@tributary/shared/board/area';
import type { Rect } from '@tributary/shared/board/geometry';
import type { Note } from '@tributary/shared/board/note';
import type { VoteTarget } from '@tributary/shared/control/steps';
import type { Camera } from '../editor/camera.ts';
import { EditorController, type PointerInput } from '../editor/EditorController.ts';
import { RESIZE_HANDLE_SCREEN_PX, SELECTION_COLOR } from '../editor/layout.ts';
import { useStore } from '../hooks/useStore.ts';
import { noteImagesOf } from '../sync/noteImages.ts';
import { Store } from '../sync/store.ts';
import type { RoomClient } from '../sync/RoomClient.ts';
import { isWordsBoard } from '@tributary/shared/board/words';
import { duplicateCounts, visibleLinks } from './boardMarks.ts';
import { CursorsLayer } from './CursorsLayer.tsx';
import { AreaTitleEditor, NoteEditor } from './EditOverlay.tsx';
import { BoardScene } from './BoardScene.tsx';
import { noteFontSize } from './drawNote.ts';
import './canvas.css';
import { t } from '../i18n/i18n.ts';

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

/** A board without pictures (tests' editor clients): nothing ever arrives. */
const NO_PICTURES = new Store(0);

export interface BoardCanvasViewProps {
  editor: EditorController;
  readOnly?: boolean;
  /** Vote totals by note id, once shown: each note with votes gets a badge (not at low zoom). */
  voteTotals?: Readonly<Record<string, number>> | null;
  /** What the totals count: notes (a badge on each) or areas (markers: a big number on each area). */
  voteTarget?: VoteTarget;
}

/** Dot spacing of the background grid on screen, for a zoom; under 8 px it is left out. */
function gridStep(zoom: number): number {
  return 32 * zoom * (zoom < 0.5 ? 4 : 1);
}

/**
 * The faint dot grid that gives a sense of movement while panning. It is CSS, one grid step
 * larger than the canvas on every side and moved with a transform (its own compositor layer),
 * so a pan never repaints it; only a zoom changes its spacing.
 */
function applyGrid(el: HTMLElement, camera: Camera): void {
  const step = gridStep(camera.zoom);
  if (step < 8) {
    el.style.display = 'none';
    return;
  }
  el.style.display = '';
  const key = step.toFixed(3);
  if (el.dataset.step !== key) {
    el.dataset.step = key;
    el.style.backgroundSize = `${step}px ${step}px`;
    el.style.inset = `${-step}px`;
  }
  const ox = ((camera.x % step) + step) % step;
  const oy = ((camera.y % step) + step) % step;
  el.style.transform = `translate3d(${ox}px, ${oy}px, 0)`;
}

/** Outlines and resize handles of selected areas and the selection rectangle, sized in screen pixels. */
const SelectionOverlay = memo(function SelectionOverlay({ rects, marquee, handles }: { rects: readonly Rect[]; marquee: Rect | null; handles: boolean }) {
  const sceneFunc = useCallback(
    (context: Konva.Context, shape: Konva.Shape) => {
      const c = context._context;
      const zoom = Math.abs(shape.getAbsoluteScale().x) || 1;
      const handle = RESIZE_HANDLE_SCREEN_PX / zoom;
      for (const r of rects) {
        c.beginPath();
        c.rect(r.x, r.y, r.w, r.h);
        c.lineWidth = 3 / zoom;
        c.strokeStyle = SELECTION_COLOR;
        c.stroke();
        if (!handles) continue;
        c.beginPath();
        c.rect(r.x + r.w - handle, r.y + r.h - handle, handle, handle);
        c.fillStyle = '#FFFFFF';
        c.fill();
        c.lineWidth = 2 / zoom;
        c.stroke();
      }
      if (marquee) {
        c.beginPath();
        c.rect(marquee.x, marquee.y, marquee.w, marquee.h);
        c.fillStyle = 'rgba(11, 110, 105, 0.08)';
        c.fill();
        c.lineWidth = 1 / zoom;
        c.setLineDash([6 / zoom, 4 / zoom]);
        c.strokeStyle = SELECTION_COLOR;
        c.stroke();
        c.setLineDash([]);
      }
    },
    [rects, marquee, handles],
  );
  return <Shape sceneFunc={sceneFunc} listening={false} perfectDrawEnabled={false} />;
});

/** The HTML text editors follow the camera; they exist only while something is being edited. */
function EditOverlays({ editor, note, area }: { editor: EditorController; note: Note | undefined; area: Area | undefined }) {
  const camera = useStore(editor.camera);
  return (
    <>
      {note && <NoteEditor key={note.id} editor={editor} note={note} camera={camera} />}
      {area && <AreaTitleEditor key={area.id} editor={editor} area={area} camera={camera} />}
    </>
  );
}

/**
 * The board, drawn with Konva and driven by an EditorController. Konva only draws (nothing in
 * the stage listens for events); pointer input is read from the DOM and hit-tested against the
 * editor's spatial index, which is far cheaper than Konva's hit canvas on a big board.
 * Three layers: board (areas, notes), overlays (area selection, marquee), cursors.
 *
 * Panning and zooming do not go through React: the camera is applied to the layers' transforms
 * (and the CSS grid) as it changes, and Konva redraws once per frame. React renders only when
 * the board changes or the view leaves the culling rectangle (see EditorController.view), and
 * then BoardScene draws only the notes and areas near the view.
 */
export function BoardCanvasView({ editor, readOnly = false, voteTotals = null, voteTarget = 'notes' }: BoardCanvasViewProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const boardLayerRef = useRef<Konva.Layer>(null);
  const overlayLayerRef = useRef<Konva.Layer>(null);
  const cursorsLayerRef = useRef<Konva.Layer>(null);
  const size = useStore(editor.viewport);
  const view = useStore(editor.view);
  const snapshot = useStore(editor.client.boardStore);
  const selection = useStore(editor.selection);
  const localDrag = useStore(editor.localDrag);
  const areaPreview = useStore(editor.areaPreview);
  const remoteDrags = useStore(editor.remoteDrags);
  const editing = useStore(editor.editing);
  const marquee = useStore(editor.marquee);
  const cursorStyle = useStore(editor.cursorStyle);
  const images = useMemo(() => noteImagesOf(editor.client), [editor]);
  const imageVersion = useStore(images?.version ?? NO_PICTURES);
  const hasStage = size.width > 0 && size.height > 0;

  useEffect(() => editor.mount(), [editor]);

  // "Fit" needs the size notes' words are drawn at, which only the canvas knows how to lay out.
  useLayoutEffect(() => editor.setNoteFontSize(noteFontSize), [editor]);

  useLayoutEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const measure = () => editor.setViewportSize({ width: Math.round(host.clientWidth), height: Math.round(host.clientHeight) });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(host);
    return () => observer.disconnect();
  }, [editor]);

  // The camera goes straight to Konva: layer transforms, one batched draw per frame.
  useLayoutEffect(() => {
    const apply = () => {
      const camera = editor.camera.get();
      for (const layer of [boardLayerRef.current, overlayLayerRef.current]) {
        if (!layer) continue;
        layer.setAttrs({ x: camera.x, y: camera.y, scaleX: camera.zoom, scaleY: camera.zoom });
        if (layer.isVisible()) layer.batchDraw();
      }
      const cursors = cursorsLayerRef.current;
      if (cursors?.isVisible()) cursors.batchDraw();
      if (gridRef.current) applyGrid(gridRef.current, camera);
      const host = hostRef.current;
      if (host) {
        host.setAttribute('data-zoom', camera.zoom.toFixed(3));
        host.setAttribute('data-camera', `${Math.round(camera.x)},${Math.round(camera.y)},${camera.zoom.toFixed(4)}`);
      }
    };
    apply();
    return editor.camera.subscribe(apply);
  }, [editor, hasStage]);

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

  const lod = view.lod;
  // Both recomputed only when the view leaves the culling rectangle or the board changes.
  const visible = editor.visibleNotes();
  const areas = editor.visibleAreas();
  // view.key names the culling rectangle: recomputed only when it changes.
  const cullRect = useMemo(() => editor.cullRect(), [editor, view.key]);

  // Word Association: notes whose word comes up more than once get a "×3" tag (boards with a Words area only).
  const duplicates = useMemo(
    () => (isWordsBoard(snapshot.areas.values()) ? duplicateCounts(snapshot.notes.values()) : null),
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
  const shownAreas = useMemo(
    () => (areaPreview ? areas.map((a) => (a.id === areaPreview.id ? { ...a, rect: areaPreview.rect } : a)) : areas),
    [areas, areaPreview],
  );

  // Selected areas are few; they are outlined even when culled (a resize can reach into view).
  const selectedAreaRects = useMemo(() => {
    const rects: Rect[] = [];
    for (const id of selection.areas) {
      const area = snapshot.areas.get(id);
      if (area) rects.push(areaPreview?.id === id ? areaPreview.rect : area.rect);
    }
    return rects;
  }, [selection.areas, snapshot.areas, areaPreview]);
  const overlayVisible = selectedAreaRects.length > 0 || marquee !== null;

  return (
    <div
      ref={hostRef}
      className="bc-root"
      style={{ cursor: cursorStyle }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerCancel}
      onPointerLeave={onPointerLeave}
      onContextMenu={(e) => e.preventDefault()}
      data-testid="board-canvas"
      data-notes={snapshot.notes.size}
      data-visible-notes={visible.length}
      data-pictures={images ? visible.filter((n) => n.imageId && images.forBoard(n.imageId).kind === 'ready').length : 0}
      data-lod={lod ? 'blocks' : 'full'}
    >
      <div ref={gridRef} className="bc-grid" aria-hidden="true" />
      <div className="bc-stage" aria-hidden="true">
        {hasStage && (
          <Stage width={size.width} height={size.height} listening={false}>
            <Layer ref={boardLayerRef} listening={false}>
              <BoardScene
                areas={shownAreas}
                notes={visible}
                links={links}
                offsetOf={offsetOf}
                lod={lod}
                selected={selection.notes}
                editingNoteId={editingNote?.id ?? null}
                editingAreaId={editingArea?.id ?? null}
                showGrip={!readOnly}
                noteTotals={noteTotals}
                areaTotals={areaTotals}
                duplicates={duplicates}
                cullRect={cullRect}
                images={images}
                imageVersion={imageVersion}
              />
            </Layer>
            <Layer ref={overlayLayerRef} listening={false} visible={overlayVisible}>
              {overlayVisible && <SelectionOverlay rects={selectedAreaRects} marquee={marquee} handles={!readOnly} />}
            </Layer>
            <CursorsLayer ref={cursorsLayerRef} editor={editor} />
          </Stage>
        )}
      </div>
      {(editingNote || editingArea) && <EditOverlays editor={editor} note={editingNote} area={editingArea} />}
    </div>
  );
}

/** Zoom buttons for the boards without the facilitator's toolbar (phones, a participant's laptop): pinching is never the only way to zoom. */
export function ZoomControls({ editor }: { editor: EditorController }) {
  const zoomPercent = useStore(editor.zoomPercent);
  return (
    <div className="bc-zoom" role="group" aria-label={t('board.zoom')}>
      <button type="button" className="bc-zoom__btn" onClick={() => editor.zoomOut()} aria-label={t('board.zoomOut')} title={t('board.zoomOut')}>
        −
      </button>
      <button
        type="button"
        className="bc-zoom__btn bc-zoom__btn--wide"
        onClick={() => editor.zoomToFit()}
        aria-label={t('board.fitLabel')}
        title={t('board.fitLabel')}
      >
        {t('board.fit')}
      </button>
      <span className="bc-zoom__level" aria-live="off">
        {zoomPercent}%
      </span>
      <button type="button" className="bc-zoom__btn" onClick={() => editor.zoomIn()} aria-label={t('board.zoomIn')} title={t('board.zoomIn')}>
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
