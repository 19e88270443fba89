import type { Area } from '@tributary/shared/board/area';
import { rectFromCorners, type Point, type Rect } from '@tributary/shared/board/geometry';
import type { Note } from '@tributary/shared/board/note';
import { AREA_MIN_SIZE } from '@tributary/shared/board/records';
import type { PresenceState } from '../sync/presenceState.ts';
import { Store } from '../sync/store.ts';
import type { BoardActions } from './boardActions.ts';
import type { EditorClient } from './editorClient.ts';
import { nextZoomStep, panBy, pinchCamera, screenToBoard, wheelZoomFactor, zoomAt, type Camera } from './camera.ts';
import type { PointerInput, WheelInput } from './input.ts';
import { areaResizeHandleRect, areaTitleBarHeight, pointInRect } from './layout.ts';
import { EMPTY_SELECTION, isSelectionEmpty, selectArea, selectNotes, selectionInRect, selectionsEqual, toggleArea, toggleNote, unionSelection, type Selection } from './selection.ts';
import { Throttle } from './throttle.ts';
import type { Viewport } from './viewport.ts';

/** "move": dragging the empty board pans it. "select": dragging the empty board draws a selection rectangle. */
export type Tool = 'move' | 'select';

export type CursorStyle = 'default' | 'grab' | 'grabbing' | 'move' | 'nwse-resize' | 'crosshair' | 'pointer';

/** This person's notes being dragged, and by how much (board units). */
export interface LocalDrag {
  noteIds: readonly string[];
  dx: number;
  dy: number;
}

/** An area being moved or resized, before it is written on drop. */
export interface AreaPreview {
  id: string;
  rect: Rect;
  /** Moving (its notes travel with it) rather than resizing. */
  moving: boolean;
}

export type Hit =
  | { kind: 'note'; note: Note }
  | { kind: 'area-resize'; area: Area }
  | { kind: 'area-title'; area: Area }
  | { kind: 'area-body'; area: Area }
  | { kind: 'none' };

type Gesture =
  | { kind: 'none' }
  | { kind: 'pan'; pointerId: number; startScreen: Point; startCamera: Camera; moved: boolean; clearOnTap: boolean }
  | { kind: 'pinch'; a: number; b: number; startA: Point; startB: Point; startCamera: Camera }
  | {
      kind: 'notes';
      pointerId: number;
      startScreen: Point;
      ids: string[];
      moved: boolean;
      clickedId: string;
      /** A plain click on a note that was part of a bigger selection selects just it, on release. */
      collapseOnClick: boolean;
    }
  | { kind: 'area-move'; pointerId: number; startScreen: Point; id: string; startRect: Rect; moved: boolean }
  | { kind: 'area-resize'; pointerId: number; startScreen: Point; id: string; startRect: Rect; moved: boolean }
  | { kind: 'marquee'; pointerId: number; startScreen: Point; startBoard: Point; base: Selection; moved: boolean };

const DOUBLE_TAP_MS = 400;
const DOUBLE_TAP_PX = 20;
/** Presence (cursors, live drags) is sent at most this often: about 20 times a second. */
export const PRESENCE_INTERVAL_MS = 50;

function dragThreshold(type: string): number {
  return type === 'touch' ? 8 : 3;
}

/**
 * The pointer state machine: what a press, a drag and a release on the canvas do (pan, pinch,
 * select, drag notes, move or resize an area, draw a selection rectangle), the wheel, the space
 * bar held to pan, the cursor shown, and this person's cursor and live drags sent as presence.
 */
export class PointerGestures {
  readonly tool = new Store<Tool>('move');
  readonly cursorStyle = new Store<CursorStyle>('default');
  readonly marquee = new Store<Rect | null>(null);
  readonly localDrag = new Store<LocalDrag | null>(null);
  readonly areaPreview = new Store<AreaPreview | null>(null);

  private gesture: Gesture = { kind: 'none' };
  private readonly pointers = new Map<number, Point>();
  private lastDown: { time: number; x: number; y: number } | null = null;
  private spaceDown = false;
  private readonly cursorThrottle: Throttle<Point | null>;
  private readonly dragThrottle: Throttle<PresenceState['drag']>;

  constructor(
    private readonly client: EditorClient,
    private readonly viewport: Viewport,
    private readonly actions: BoardActions,
    private readonly readOnly: boolean,
  ) {
    this.cursorThrottle = new Throttle((cursor) => client.setPresence({ cursor }), PRESENCE_INTERVAL_MS);
    this.dragThrottle = new Throttle((drag) => client.setPresence({ drag }), PRESENCE_INTERVAL_MS);
  }

  private get selection(): Store<Selection> {
    return this.actions.selection;
  }

  private get camera(): Store<Camera> {
    return this.viewport.camera;
  }

  /** The editor is unmounted: nothing more is sent, and others stop seeing this cursor and drag. */
  stop(): void {
    this.cursorThrottle.cancel();
    this.dragThrottle.cancel();
    if (!this.readOnly) this.client.setPresence({ cursor: null, drag: null });
  }

  hitTest(board: Point): Hit {
    const index = this.viewport.index;
    const notes = this.client.boardStore.get().notes;
    index.sync(notes);
    const note = index.hit(board, notes);
    if (note) return { kind: 'note', note };
    const zoom = this.camera.get().zoom;
    const areas = this.viewport.sortedAreas();
    if (!this.readOnly) {
      for (let i = areas.length - 1; i >= 0; i--) {
        const area = areas[i]!;
        if (pointInRect(board, areaResizeHandleRect(area, zoom))) return { kind: 'area-resize', area };
      }
    }
    for (let i = areas.length - 1; i >= 0; i--) {
      const area = areas[i]!;
      if (!pointInRect(board, area.rect)) continue;
      if (board.y <= area.rect.y + areaTitleBarHeight(area, zoom)) return { kind: 'area-title', area };
      return { kind: 'area-body', area };
    }
    return { kind: 'none' };
  }

  /**
   * What a press here may act on: areas only for someone who may change them (a participant on a
   * laptop presses through an area's title, and the press pans, rather than starting a move the
   * server would refuse).
   */
  private touchableHit(board: Point): Hit {
    const hit = this.hitTest(board);
    if ((hit.kind === 'area-title' || hit.kind === 'area-resize') && !this.actions.rights().writeAreas) return { kind: 'area-body', area: hit.area };
    return hit;
  }

  setTool(tool: Tool): void {
    this.tool.set(tool);
    this.cursorStyle.set(tool === 'select' ? 'crosshair' : 'default');
  }

  private toBoard(p: Point): Point {
    return screenToBoard(this.camera.get(), p);
  }

  pointerDown(p: PointerInput): void {
    if (p.type !== 'touch') {
      // A mouse or pen is one pointer: forget anything left over from a release we never saw.
      this.pointers.clear();
      if (this.gesture.kind !== 'none') this.cancelGesture();
    }
    this.pointers.set(p.id, { x: p.x, y: p.y });
    this.viewport.takeOver();

    if (this.pointers.size === 2) {
      // A second finger turns whatever the first one was doing into a pinch.
      this.cancelGesture();
      const [[a, pa], [b, pb]] = [...this.pointers.entries()] as [[number, Point], [number, Point]];
      this.gesture = { kind: 'pinch', a, b, startA: pa, startB: pb, startCamera: this.camera.get() };
      this.lastDown = null;
      return;
    }
    if (this.pointers.size > 2 || this.gesture.kind !== 'none') return;
    if (p.button === 2) return;

    const screen = { x: p.x, y: p.y };
    const isDouble =
      this.lastDown !== null &&
      p.time - this.lastDown.time < DOUBLE_TAP_MS &&
      Math.hypot(p.x - this.lastDown.x, p.y - this.lastDown.y) < DOUBLE_TAP_PX;
    this.lastDown = isDouble ? null : { time: p.time, x: p.x, y: p.y };
    const board = this.toBoard(screen);

    if (p.button === 1 || this.spaceDown) {
      this.startPan(p, false);
      return;
    }

    const hit = this.readOnly ? ({ kind: 'none' } as const) : this.touchableHit(board);

    if (isDouble) {
      if (this.readOnly) {
        this.viewport.animateCamera(zoomAt(this.camera.get(), screen, nextZoomStep(this.camera.get().zoom, 1)));
        return;
      }
      if (hit.kind === 'note') {
        this.selection.set(selectNotes([hit.note.id]));
        this.actions.startEditNote(hit.note.id);
        return;
      }
      if (hit.kind === 'area-title') {
        this.selection.set(selectArea(hit.area.id));
        this.actions.startEditArea(hit.area.id);
        return;
      }
      if (hit.kind === 'none' || hit.kind === 'area-body') {
        this.actions.createNoteAt(board);
        return;
      }
    }

    const additive = p.shift || p.mod;
    switch (hit.kind) {
      case 'note': {
        const id = hit.note.id;
        let selection = this.selection.get();
        const wasSelected = selection.notes.has(id);
        if (additive) {
          selection = toggleNote(selection, id);
          this.selection.set(selection);
          if (!selection.notes.has(id)) return;
        } else if (!wasSelected) {
          selection = selectNotes([id]);
          this.selection.set(selection);
        }
        this.gesture = {
          kind: 'notes',
          pointerId: p.id,
          startScreen: screen,
          // Notes this person may not move stay put (someone else's, outside an arranging step).
          ids: [...selection.notes].filter((noteId) => this.actions.mayNote(noteId, this.actions.rights().moveNote)),
          moved: false,
          clickedId: id,
          collapseOnClick: !additive && wasSelected && (selection.notes.size > 1 || selection.areas.size > 0),
        };
        this.cursorStyle.set('move');
        return;
      }
      case 'area-resize':
        this.selection.set(selectArea(hit.area.id));
        this.gesture = { kind: 'area-resize', pointerId: p.id, startScreen: screen, id: hit.area.id, startRect: hit.area.rect, moved: false };
        return;
      case 'area-title': {
        const selection = this.selection.get();
        if (additive) {
          const next = toggleArea(selection, hit.area.id);
          this.selection.set(next);
          if (!next.areas.has(hit.area.id)) return;
        } else if (!selection.areas.has(hit.area.id) || selection.notes.size > 0) {
          this.selection.set(selectArea(hit.area.id));
        }
        this.gesture = { kind: 'area-move', pointerId: p.id, startScreen: screen, id: hit.area.id, startRect: hit.area.rect, moved: false };
        this.cursorStyle.set('move');
        return;
      }
      default:
        if (!this.readOnly && (this.tool.get() === 'select' || p.shift)) {
          this.gesture = {
            kind: 'marquee',
            pointerId: p.id,
            startScreen: screen,
            startBoard: board,
            base: additive ? this.selection.get() : EMPTY_SELECTION,
            moved: false,
          };
          return;
        }
        this.startPan(p, true);
    }
  }

  private startPan(p: PointerInput, clearOnTap: boolean): void {
    this.gesture = { kind: 'pan', pointerId: p.id, startScreen: { x: p.x, y: p.y }, startCamera: this.camera.get(), moved: false, clearOnTap };
    this.cursorStyle.set('grabbing');
  }

  pointerMove(p: PointerInput): void {
    const screen = { x: p.x, y: p.y };
    if (this.pointers.has(p.id)) this.pointers.set(p.id, screen);
    const board = this.toBoard(screen);
    if (!this.readOnly && p.type !== 'touch') {
      this.cursorThrottle.push({ x: Math.round(board.x), y: Math.round(board.y) });
    }
    const g = this.gesture;
    switch (g.kind) {
      case 'none':
        if (p.type === 'mouse' && this.pointers.size === 0) this.updateHoverCursor(board);
        return;
      case 'pinch': {
        const a = this.pointers.get(g.a);
        const b = this.pointers.get(g.b);
        if (a && b) this.camera.set(pinchCamera(g.startCamera, g.startA, g.startB, a, b));
        return;
      }
      default:
        break;
    }
    if (p.id !== g.pointerId) return;
    const sdx = p.x - g.startScreen.x;
    const sdy = p.y - g.startScreen.y;
    if (!g.moved) {
      if (Math.hypot(sdx, sdy) < dragThreshold(p.type)) return;
      g.moved = true;
    }
    const zoom = this.camera.get().zoom;
    const dx = sdx / zoom;
    const dy = sdy / zoom;
    switch (g.kind) {
      case 'pan':
        this.camera.set(panBy(g.startCamera, sdx, sdy));
        return;
      case 'notes': {
        const rdx = Math.round(dx);
        const rdy = Math.round(dy);
        this.localDrag.set({ noteIds: g.ids, dx: rdx, dy: rdy });
        this.dragThrottle.push({ ids: g.ids, dx: rdx, dy: rdy });
        return;
      }
      case 'area-move':
        this.areaPreview.set({
          id: g.id,
          rect: { ...g.startRect, x: Math.round(g.startRect.x + dx), y: Math.round(g.startRect.y + dy) },
          moving: true,
        });
        return;
      case 'area-resize':
        this.areaPreview.set({
          id: g.id,
          rect: {
            ...g.startRect,
            w: Math.round(Math.max(AREA_MIN_SIZE, g.startRect.w + dx)),
            h: Math.round(Math.max(AREA_MIN_SIZE, g.startRect.h + dy)),
          },
          moving: false,
        });
        return;
      case 'marquee': {
        const rect = rectFromCorners(g.startBoard, board);
        this.marquee.set(rect);
        const next = unionSelection(g.base, selectionInRect(this.viewport.index, this.viewport.sortedAreas(), rect));
        if (!selectionsEqual(next, this.selection.get())) this.selection.set(next);
        return;
      }
    }
  }

  private updateHoverCursor(board: Point): void {
    if (this.spaceDown) {
      this.cursorStyle.set('grab');
      return;
    }
    if (this.readOnly) {
      this.cursorStyle.set('grab');
      return;
    }
    const hit = this.touchableHit(board);
    const style: CursorStyle =
      hit.kind === 'note' || hit.kind === 'area-title'
        ? 'pointer'
        : hit.kind === 'area-resize'
          ? 'nwse-resize'
          : this.tool.get() === 'select'
            ? 'crosshair'
            : 'default';
    this.cursorStyle.set(style);
  }

  pointerUp(p: PointerInput): void {
    this.pointers.delete(p.id);
    const g = this.gesture;
    if (g.kind === 'pinch') {
      if (p.id !== g.a && p.id !== g.b) return;
      const rest = [...this.pointers.entries()][0];
      this.gesture = { kind: 'none' };
      if (rest) {
        // One finger still down: carry on panning with it, without a tap at the end.
        this.gesture = { kind: 'pan', pointerId: rest[0], startScreen: rest[1], startCamera: this.camera.get(), moved: true, clearOnTap: false };
      }
      return;
    }
    if (g.kind === 'none' || p.id !== g.pointerId) return;
    this.gesture = { kind: 'none' };
    this.cursorStyle.set(this.spaceDown ? 'grab' : 'default');
    switch (g.kind) {
      case 'pan':
        if (!g.moved && g.clearOnTap && !isSelectionEmpty(this.selection.get())) this.selection.set(EMPTY_SELECTION);
        return;
      case 'notes': {
        const drag = this.localDrag.get();
        if (g.moved && drag && (drag.dx !== 0 || drag.dy !== 0)) {
          this.actions.moveNotesBy(drag.noteIds, drag.dx, drag.dy);
        } else if (!g.moved && g.collapseOnClick) {
          this.selection.set(selectNotes([g.clickedId]));
        }
        this.localDrag.set(null);
        this.dragThrottle.flush(null);
        return;
      }
      case 'area-move':
      case 'area-resize': {
        const preview = this.areaPreview.get();
        if (g.moved && preview) this.actions.setAreaRect(preview.id, preview.rect);
        this.areaPreview.set(null);
        return;
      }
      case 'marquee':
        this.marquee.set(null);
        if (!g.moved && isSelectionEmpty(g.base)) this.selection.set(EMPTY_SELECTION);
        return;
    }
  }

  /** The pointer was taken away (a system gesture, the window losing focus): undo the preview. */
  pointerCancel(p: PointerInput): void {
    this.pointers.delete(p.id);
    this.cancelGesture();
  }

  /** The mouse left the canvas: others stop seeing this cursor. */
  pointerLeave(): void {
    if (!this.readOnly) this.cursorThrottle.flush(null);
  }

  /** Whether a press, drag or pinch is under way (Escape cancels it first). */
  busy(): boolean {
    return this.gesture.kind !== 'none';
  }

  /** Drops the gesture under way and whatever it was showing (a drag, a preview, a rectangle). */
  cancelGesture(): void {
    const g = this.gesture;
    this.gesture = { kind: 'none' };
    if (g.kind === 'notes') {
      this.localDrag.set(null);
      this.dragThrottle.flush(null);
    }
    if (g.kind === 'area-move' || g.kind === 'area-resize') this.areaPreview.set(null);
    if (g.kind === 'marquee') {
      this.marquee.set(null);
      this.selection.set(g.base);
    }
    this.cursorStyle.set('default');
  }

  wheel(w: WheelInput): void {
    this.viewport.takeOver();
    const camera = this.camera.get();
    if (w.ctrl) {
      this.camera.set(zoomAt(camera, { x: w.x, y: w.y }, camera.zoom * wheelZoomFactor(w.deltaY, w.deltaMode, true)));
    } else if (w.deltaX !== 0 || w.shift) {
      // Two-finger scroll on a trackpad (it has a sideways part), or shift+wheel: pan.
      const unit = w.deltaMode === 1 ? 16 : w.deltaMode === 2 ? 400 : 1;
      const dx = w.shift && w.deltaX === 0 ? w.deltaY : w.deltaX;
      const dy = w.shift && w.deltaX === 0 ? 0 : w.deltaY;
      this.camera.set(panBy(camera, -dx * unit, -dy * unit));
    } else {
      this.camera.set(zoomAt(camera, { x: w.x, y: w.y }, camera.zoom * wheelZoomFactor(w.deltaY, w.deltaMode, false)));
    }
  }

  /** Space held down: a drag pans whatever is under the pointer. */
  holdSpace(): void {
    this.spaceDown = true;
    if (this.gesture.kind === 'none') this.cursorStyle.set('grab');
  }

  /** Space let go, or the window lost focus (a held key will never report its release). */
  releaseSpace(): void {
    if (!this.spaceDown) return;
    this.spaceDown = false;
    if (this.gesture.kind === 'none') this.cursorStyle.set('default');
  }
}
