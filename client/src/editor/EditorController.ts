import type * as Y from 'yjs';
import {
  AREA_COLORS,
  AREA_MIN_SIZE,
  LOCAL_ORIGIN,
  NOTE_HEIGHT,
  NOTE_WIDTH,
  areaAt,
  authorshipOf,
  areasMap,
  createArea,
  createNote,
  deleteAreas,
  deleteNotes,
  findFreeSpots,
  moveNotes,
  notesMap,
  rectFromCorners,
  rectsIntersect,
  setAreaColor,
  setAreaRect,
  setAreaTitle,
  setNoteColor,
  setNoteText,
  type Area,
  type AreaColor,
  type Note,
  type NoteColor,
  type Point,
  type Rect,
  type Role,
} from '@tributary/shared';
import type { BoardRights } from '../sync/boardRights.ts';
import type { BoardSnapshot } from '../sync/boardStore.ts';
import type { PresenceState, PresenceUser } from '../sync/RoomClient.ts';
import { Store } from '../sync/store.ts';
import { t } from '../i18n/i18n.ts';
import {
  DEFAULT_CAMERA,
  boardToScreen,
  camerasEqual,
  centerOn,
  clampZoom,
  fitBounds,
  legibleFit,
  nextZoomStep,
  panBy,
  pinchCamera,
  screenToBoard,
  unionBounds,
  viewportBounds,
  viewportCenter,
  wheelZoomFactor,
  zoomAt,
  type Camera,
  type FitRegions,
  type Size,
} from './camera.ts';
import { DEFAULT_AREA_SIZE, LOD_ZOOM, NOTE_FONT_SIZE, TEXT_MIN_SCREEN_PX, areaResizeHandleRect, areaTitleBarHeight, pointInRect } from './layout.ts';
import { distinctPeople, peopleKey, remoteDragsOf, type RemoteDrags } from './presence.ts';
import {
  EMPTY_SELECTION,
  isSelectionEmpty,
  pruneSelection,
  selectArea,
  selectNotes,
  selectionInRect,
  selectionsEqual,
  toggleArea,
  toggleNote,
  unionSelection,
  type Selection,
} from './selection.ts';
import { nextNoteId, notesInReadingOrder, planMoveToArea } from './keyboardBoard.ts';
import { NoteIndex, compareNotes, noteRect } from './spatialIndex.ts';
import { Throttle } from './throttle.ts';

/** What the editor needs from a RoomClient (a RoomClient fits; tests pass a plain Y.Doc setup). */
export interface EditorClient {
  readonly board: Y.Doc;
  readonly boardStore: Store<BoardSnapshot>;
  readonly undoManager: Y.UndoManager;
  readonly presence: Store<PresenceUser[]>;
  readonly session: { name?: string; role: Role; participantId?: string };
  setPresence(partial: Partial<PresenceState>): void;
  /** What the person may change now, by the server's own rules (a RoomClient gives it; without it, everything). */
  boardRights?(): BoardRights;
  /** Keeps text typed into a note the board no longer has (the server refused it in a race). */
  keepTypedText?(noteId: string, text: string): void;
  /** The session's state, for the area the current step is about ("Fit" shows it when the board is too big). */
  readonly controlStore?: { get(): { areaId: string | null } };
}

/** Below LOD_ZOOM, boards with more notes than this are always blocks (drawing each whole would slow every frame). */
const FULL_DETAIL_MAX_NOTES = 500;

/** "Fit" reads the size of at most this many notes' words; past it, it assumes the standard size. */
const FIT_FONT_SAMPLE = 2000;

const ALL_RIGHTS: BoardRights = { writeBoard: true, createNote: true, editNote: () => true, moveNote: () => true, deleteNote: () => true, writeAreas: true };

/** "move": dragging the empty board pans it. "select": dragging the empty board draws a selection rectangle. */
export type Tool = 'move' | 'select';

export type Editing = { kind: 'note'; id: string } | { kind: 'area'; id: string };

/** See {@link EditorController.view}. */
export interface ViewState {
  /** The culling rectangle ("x,y,w,h"), empty before the canvas has a size. */
  key: string;
  lod: boolean;
}

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

export interface HistoryState {
  canUndo: boolean;
  canRedo: boolean;
}

export type CursorStyle = 'default' | 'grab' | 'grabbing' | 'move' | 'nwse-resize' | 'crosshair' | 'pointer';

/** A pointer event in canvas (screen) coordinates, stripped of the DOM. */
export interface PointerInput {
  id: number;
  x: number;
  y: number;
  button: number;
  shift: boolean;
  /** Ctrl or Cmd. */
  mod: boolean;
  type: 'mouse' | 'touch' | 'pen' | string;
  time: number;
}

export interface WheelInput {
  x: number;
  y: number;
  deltaX: number;
  deltaY: number;
  deltaMode: number;
  ctrl: boolean;
  shift: boolean;
}

export interface KeyInput {
  key: string;
  code: string;
  mod: boolean;
  shift: boolean;
  alt: boolean;
  /** Focus is in a text field: the editor keeps its hands off. */
  editable: boolean;
  /** Focus is on a button or link: space and Enter belong to it. */
  onControl: boolean;
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
const ANIMATION_MS = 180;
/** Presence (cursors, live drags) is sent at most this often: about 20 times a second. */
export const PRESENCE_INTERVAL_MS = 50;

function dragThreshold(type: string): number {
  return type === 'touch' ? 8 : 3;
}

function prefersReducedMotion(): boolean {
  try {
    return globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;
  } catch {
    return false;
  }
}

export interface EditorOptions {
  /** The phone's board view: pan and zoom only, no writes, no cursor sent. */
  readOnly?: boolean;
  /** For tests: no animations. */
  animate?: boolean;
}

/**
 * The board editor without React: camera, selection, tools, gestures, and every write the
 * facilitator makes, each through a named mutation from `shared`. The canvas renders its
 * stores and forwards pointer, wheel and key input to it.
 */
export class EditorController {
  readonly camera = new Store<Camera>(DEFAULT_CAMERA);
  readonly viewport = new Store<Size>({ width: 0, height: 0 });
  readonly selection = new Store<Selection>(EMPTY_SELECTION);
  readonly tool = new Store<Tool>('move');
  readonly editing = new Store<Editing | null>(null);
  readonly marquee = new Store<Rect | null>(null);
  readonly localDrag = new Store<LocalDrag | null>(null);
  readonly areaPreview = new Store<AreaPreview | null>(null);
  readonly history = new Store<HistoryState>({ canUndo: false, canRedo: false });
  readonly remoteDrags = new Store<RemoteDrags>(new Map());
  /**
   * Presence without the cursor and drag churn, one entry per person (not per tab): changes only
   * when people come, go or rename.
   */
  readonly people = new Store<PresenceUser[]>([]);
  readonly cursorStyle = new Store<CursorStyle>('default');
  /** The colour new notes get: the last one picked. */
  readonly noteColor = new Store<NoteColor>('yellow');
  /**
   * What the canvas' React tree depends on: the culling rectangle and the level of detail.
   * It changes only when the view leaves the culling rectangle or the detail level flips,
   * never on every frame of a pan or zoom (the camera itself is applied to Konva without React).
   */
  readonly view = new Store<ViewState>({ key: '', lod: false });
  /** The zoom in whole percent, for labels: a pan never changes it. */
  readonly zoomPercent = new Store<number>(100);

  readonly index = new NoteIndex(512);
  readonly readOnly: boolean;

  private gesture: Gesture = { kind: 'none' };
  private readonly pointers = new Map<number, Point>();
  private lastDown: { time: number; x: number; y: number } | null = null;
  private spaceDown = false;
  private userMovedCamera = false;
  private animationFrame: number | null = null;
  private animationTarget: Camera | null = null;
  private readonly animate: boolean;
  private remoteDragKey = '';
  private peopleKey = '';
  private sortedAreasCache: { source: ReadonlyMap<string, Area> | null; list: Area[] } = { source: null, list: [] };
  private visibleCache: { key: string; notes: Note[] } = { key: '', notes: [] };
  private cull: Rect | null = null;
  private visibleAreasCache: { source: Area[] | null; key: string; areas: Area[] } = { source: null, key: '', areas: [] };
  private readonly cursorThrottle: Throttle<Point | null>;
  private readonly dragThrottle: Throttle<PresenceState['drag']>;
  private mounted = 0;
  private unmountFns: Array<() => void> = [];

  constructor(
    readonly client: EditorClient,
    options: EditorOptions = {},
  ) {
    this.readOnly = options.readOnly === true;
    this.animate = options.animate !== false;
    this.cursorThrottle = new Throttle((cursor) => client.setPresence({ cursor }), PRESENCE_INTERVAL_MS);
    this.dragThrottle = new Throttle((drag) => client.setPresence({ drag }), PRESENCE_INTERVAL_MS);
    this.index.sync(client.boardStore.get().notes);
    // Derived views of the camera, kept here so every reader gets them without React.
    this.camera.subscribe(() => this.updateView());
    this.viewport.subscribe(() => this.updateView());
  }

  private updateView(): void {
    const camera = this.camera.get();
    const cull = this.updateCull();
    const key = cull ? `${cull.x},${cull.y},${cull.w},${cull.h}` : '';
    const lod = this.isLod(camera.zoom);
    const view = this.view.get();
    if (view.key !== key || view.lod !== lod) this.view.set({ key, lod });
    this.zoomPercent.set(Math.round(camera.zoom * 100));
  }

  /**
   * The culling rectangle, with hysteresis: the view plus a margin of a sixth of the screen on
   * every side, kept while the view stays inside it (and it is not much bigger than the view,
   * after zooming in). So a pan changes it once per sixth of a screen travelled, and panning to
   * and fro in a small area never does; Konva holds only what is near the view.
   */
  private updateCull(): Rect | null {
    const size = this.viewport.get();
    if (size.width === 0 || size.height === 0) {
      this.cull = null;
      return null;
    }
    const view = viewportBounds(this.camera.get(), size);
    const c = this.cull;
    const inside = c !== null && view.x >= c.x && view.y >= c.y && view.x + view.w <= c.x + c.w && view.y + view.h <= c.y + c.h;
    if (inside && c.w * c.h <= view.w * view.h * 4) return c;
    const margin = Math.max(view.w, view.h) / 6;
    this.cull = {
      x: Math.floor(view.x - margin),
      y: Math.floor(view.y - margin),
      w: Math.ceil(view.w + margin * 2),
      h: Math.ceil(view.h + margin * 2),
    };
    return this.cull;
  }

  /** The rectangle the canvas draws (view plus margin), or null before it has a size. */
  cullRect(): Rect | null {
    return this.cull ?? this.updateCull();
  }

  /** Subscribes to the room. Returns the matching cleanup; safe under React StrictMode's double effects. */
  mount(): () => void {
    this.mounted++;
    if (this.mounted === 1) {
      const { boardStore, presence } = this.client;
      this.unmountFns.push(boardStore.subscribe(() => this.onSnapshot()));
      this.unmountFns.push(presence.subscribe(() => this.onPresence()));
      this.unmountFns.push(() => this.unbindHistory());
      this.onSnapshot();
      this.onPresence();
      this.updateHistory();
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.mounted--;
      if (this.mounted > 0) return;
      for (const fn of this.unmountFns.splice(0)) fn();
      this.stopAnimation();
      this.cursorThrottle.cancel();
      this.dragThrottle.cancel();
      if (!this.readOnly) this.client.setPresence({ cursor: null, drag: null });
    };
  }

  // ---- reading the board ----------------------------------------------------------------

  get snapshot(): BoardSnapshot {
    return this.client.boardStore.get();
  }

  /** Areas in drawing order (bottom first). Cached per snapshot. */
  sortedAreas(): Area[] {
    const areas = this.snapshot.areas;
    if (this.sortedAreasCache.source !== areas) {
      const list = [...areas.values()].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
      this.sortedAreasCache = { source: areas, list };
    }
    return this.sortedAreasCache.list;
  }

  /**
   * Notes are drawn as blocks below LOD_ZOOM; on a workshop-sized board whose words are all drawn
   * larger than the standard size (short notes), whole notes go on lower, while every word shows.
   */
  isLod(zoom = this.camera.get().zoom): boolean {
    if (zoom >= LOD_ZOOM) return false;
    return this.snapshot.notes.size > FULL_DETAIL_MAX_NOTES || zoom < this.legibleZoom();
  }

  /**
   * The notes to create Konva nodes for: those in the viewport plus a margin, in drawing order.
   * The query rectangle ({@link cullRect}) changes only when the view leaves it, so while
   * panning the same array comes back (and React skips the list) until the view has moved by
   * a good part of a screen.
   */
  visibleNotes(): Note[] {
    const snap = this.snapshot;
    const rect = this.cullRect();
    if (!rect) return this.visibleCache.notes;
    const key = `${snap.version}:${rect.x},${rect.y},${rect.w},${rect.h}`;
    if (key === this.visibleCache.key) return this.visibleCache.notes;
    this.index.sync(snap.notes);
    const ids = this.index.query(rect);
    const notes: Note[] = [];
    for (const id of ids) {
      const note = snap.notes.get(id);
      if (note) notes.push(note);
    }
    notes.sort(compareNotes);
    this.visibleCache = { key, notes };
    return notes;
  }

  /**
   * The areas that meet the same rectangle, in drawing order: a big board has hundreds of
   * areas, and off-screen ones would otherwise be drawn on every frame.
   */
  visibleAreas(): Area[] {
    const all = this.sortedAreas();
    const rect = this.cullRect();
    if (!rect) return all;
    const key = `${rect.x},${rect.y},${rect.w},${rect.h}`;
    if (this.visibleAreasCache.source === all && this.visibleAreasCache.key === key) return this.visibleAreasCache.areas;
    const areas = all.filter((a) => rectsIntersect(a.rect, rect));
    this.visibleAreasCache = { source: all, key, areas };
    return areas;
  }

  hitTest(board: Point): Hit {
    const snap = this.snapshot;
    this.index.sync(snap.notes);
    const note = this.index.hit(board, snap.notes);
    if (note) return { kind: 'note', note };
    const zoom = this.camera.get().zoom;
    const areas = this.sortedAreas();
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
    if ((hit.kind === 'area-title' || hit.kind === 'area-resize') && !this.rights().writeAreas) return { kind: 'area-body', area: hit.area };
    return hit;
  }

  // ---- store updates from the room ------------------------------------------------------

  private onSnapshot(): void {
    const snap = this.snapshot;
    this.index.sync(snap.notes);
    // New words can change the zoom below which notes become blocks.
    this.updateView();
    // A board loaded afresh comes with a new undo history: listen to that one.
    if (this.boundUndoManager !== this.client.undoManager) this.updateHistory();
    const selection = this.selection.get();
    const pruned = pruneSelection(selection, snap.notes, snap.areas);
    if (pruned !== selection) this.selection.set(pruned);
    const editing = this.editing.get();
    if (editing && !(editing.kind === 'note' ? snap.notes.has(editing.id) : snap.areas.has(editing.id))) this.editing.set(null);
    this.maybeInitialFit();
  }

  private onPresence(): void {
    const users = this.client.presence.get();
    const { key, drags } = remoteDragsOf(users);
    if (key !== this.remoteDragKey) {
      this.remoteDragKey = key;
      this.remoteDrags.set(drags);
    }
    const pk = peopleKey(users);
    if (pk !== this.peopleKey) {
      this.peopleKey = pk;
      this.people.set(distinctPeople(users));
    }
  }

  private unbindHistory: () => void = () => {};
  private boundUndoManager: Y.UndoManager | null = null;

  /**
   * Listens to the room's undo history; again when the room replaced it (it loads the board
   * afresh after the server refused a change, and the old history went with the old document).
   */
  private bindHistory(): void {
    const undoManager = this.client.undoManager;
    if (this.boundUndoManager === undoManager) return;
    this.unbindHistory();
    this.boundUndoManager = undoManager;
    const onStack = () => this.updateHistory();
    const events = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const;
    for (const name of events) undoManager.on(name, onStack);
    this.unbindHistory = () => {
      for (const name of events) undoManager.off(name, onStack);
      this.boundUndoManager = null;
    };
  }

  /** Who the person's new notes say wrote them: their id and joined name (shared authorshipOf). */
  private authorship(): { authorId?: string; authorName?: string } {
    const { session } = this.client;
    return authorshipOf({ role: session.role, participantId: session.participantId ?? null, name: session.name ?? null });
  }

  /** What this person may change now; asked before every write so the server refuses only in a race. */
  private rights(): BoardRights {
    return this.client.boardRights?.() ?? ALL_RIGHTS;
  }

  private updateHistory(): void {
    if (this.mounted > 0) this.bindHistory();
    const um = this.client.undoManager;
    const next = { canUndo: um.undoStack.length > 0, canRedo: um.redoStack.length > 0 };
    const current = this.history.get();
    if (current.canUndo !== next.canUndo || current.canRedo !== next.canRedo) this.history.set(next);
  }

  // ---- camera ---------------------------------------------------------------------------

  setViewportSize(size: Size): void {
    const before = this.viewport.get();
    if (before.width === size.width && before.height === size.height) return;
    if (before.width > 0 && before.height > 0) {
      // Keep the middle of the view where it was (rotating a phone, opening a panel).
      const cam = this.camera.get();
      this.camera.set(panBy(cam, (size.width - before.width) / 2, (size.height - before.height) / 2));
    }
    this.viewport.set(size);
    this.maybeInitialFit();
  }

  /** Until the person moves the view, show the whole board when it arrives. */
  private maybeInitialFit(): void {
    if (this.userMovedCamera) return;
    const size = this.viewport.get();
    if (size.width === 0 || size.height === 0) return;
    const target = this.fitCamera();
    if (!camerasEqual(target, this.camera.get())) this.camera.set(target);
  }

  /**
   * The size of a note's words as drawn, in board units (a card's answers, for a card). The
   * canvas, which lays the words out, sets it (setNoteFontSize); until then every note is standard.
   */
  private noteFontSize: (note: Note) => number = () => NOTE_FONT_SIZE;

  setNoteFontSize(size: (note: Note) => number): void {
    this.noteFontSize = size;
    this.maybeInitialFit();
    this.updateView();
  }

  /** Where "Fit" goes: the most of the board that fits with its words readable (legibleFit). */
  fitCamera(): Camera {
    return legibleFit(this.fitRegions(), this.viewport.get(), this.legibleZoom());
  }

  /** The board's regions "Fit" chooses from: everything, the areas holding notes, the step's area. */
  fitRegions(): FitRegions {
    const snap = this.snapshot;
    const rects: Rect[] = [];
    const holding = new Set<string>();
    for (const note of snap.notes.values()) {
      if (note.areaId !== null && snap.areas.has(note.areaId)) holding.add(note.areaId);
      else rects.push(noteRect(note));
    }
    for (const id of holding) rects.push(snap.areas.get(id)!.rect);
    const stepAreaId = this.client.controlStore?.get().areaId ?? null;
    const stepArea = stepAreaId !== null ? snap.areas.get(stepAreaId) : undefined;
    return { whole: this.contentBounds(), notes: unionBounds(rects), step: stepArea?.rect ?? null };
  }

  /**
   * The lowest zoom at which every note's words show (TEXT_MIN_SCREEN_PX): set by the smallest
   * words on the board: short notes drawn large allow a lower zoom than the standard size, a
   * User Manual card (drawn whole, small) needs a higher one. With no words, any zoom will do.
   */
  legibleZoom(): number {
    const notes = this.snapshot.notes;
    const cached = this.legibleCache;
    if (cached.notes === notes && cached.sizer === this.noteFontSize) return cached.zoom;
    const zoom = this.computeLegibleZoom();
    this.legibleCache = { notes, sizer: this.noteFontSize, zoom };
    return zoom;
  }

  /** Asked on every camera change (isLod): worked out once per board change. */
  private legibleCache: { notes: ReadonlyMap<string, Note> | null; sizer: ((note: Note) => number) | null; zoom: number } = { notes: null, sizer: null, zoom: 0 };

  private computeLegibleZoom(): number {
    let smallest = Infinity;
    let seen = 0;
    for (const note of this.snapshot.notes.values()) {
      if (note.text.trim() === '') continue;
      if (++seen > FIT_FONT_SAMPLE) {
        smallest = Math.min(smallest, NOTE_FONT_SIZE);
        break;
      }
      smallest = Math.min(smallest, this.noteFontSize(note));
    }
    return Number.isFinite(smallest) ? TEXT_MIN_SCREEN_PX / smallest : 0;
  }

  /** Bounds of everything on the board, or null when it is empty. */
  contentBounds(): Rect | null {
    const snap = this.snapshot;
    const rects: Rect[] = [];
    const notes = unionBounds((function* () {
      for (const note of snap.notes.values()) yield noteRect(note);
    })());
    if (notes) rects.push(notes);
    for (const area of snap.areas.values()) rects.push(area.rect);
    return unionBounds(rects);
  }

  setCamera(camera: Camera): void {
    this.userMovedCamera = true;
    this.stopAnimation();
    this.camera.set({ x: camera.x, y: camera.y, zoom: clampZoom(camera.zoom) });
  }

  private stopAnimation(): void {
    if (this.animationFrame !== null) globalThis.cancelAnimationFrame?.(this.animationFrame);
    this.animationFrame = null;
  }

  /** Moves the camera smoothly, or at once when the person prefers reduced motion. */
  animateCamera(target: Camera): void {
    this.userMovedCamera = true;
    this.stopAnimation();
    this.animationTarget = target;
    const from = this.camera.get();
    if (!this.animate || prefersReducedMotion() || typeof globalThis.requestAnimationFrame !== 'function') {
      this.camera.set(target);
      return;
    }
    const start = performance.now();
    // Interpolate the zoom geometrically and keep the screen centre on a straight path.
    const size = this.viewport.get();
    const c0 = viewportCenter(from, size);
    const c1 = viewportCenter(target, size);
    const step = (now: number) => {
      const t = Math.min(1, (now - start) / ANIMATION_MS);
      const e = 1 - (1 - t) * (1 - t) * (1 - t);
      const zoom = from.zoom * Math.pow(target.zoom / from.zoom, e);
      const centre = { x: c0.x + (c1.x - c0.x) * e, y: c0.y + (c1.y - c0.y) * e };
      this.camera.set(t >= 1 ? target : centerOn(centre, size, zoom));
      this.animationFrame = t >= 1 ? null : globalThis.requestAnimationFrame(step);
    };
    this.animationFrame = globalThis.requestAnimationFrame(step);
  }

  /** Where the camera is going: the animation's end while one runs (so quick clicks add up). */
  private targetCamera(): Camera {
    return this.animationFrame !== null && this.animationTarget ? this.animationTarget : this.camera.get();
  }

  private zoomAroundCentre(zoom: number): void {
    const size = this.viewport.get();
    this.animateCamera(zoomAt(this.targetCamera(), { x: size.width / 2, y: size.height / 2 }, zoom));
  }

  zoomIn(): void {
    this.zoomAroundCentre(nextZoomStep(this.targetCamera().zoom, 1));
  }

  zoomOut(): void {
    this.zoomAroundCentre(nextZoomStep(this.targetCamera().zoom, -1));
  }

  /** Back to 100%, around the middle of the view. */
  resetZoom(): void {
    this.zoomAroundCentre(1);
  }

  /** "Fit": as much of the board as fits with its words readable (see legibleFit); people pan for the rest. */
  zoomToFit(): void {
    this.animateCamera(this.fitCamera());
  }

  /** Shows everything on the board, however small that makes it. */
  zoomToWhole(): void {
    const size = this.viewport.get();
    const bounds = this.contentBounds();
    this.animateCamera(bounds ? fitBounds(bounds, size, 48, 1) : centerOn({ x: 0, y: 0 }, size, 1));
  }

  /** Pans (without zooming) so a board rectangle is in view, if it is not already. */
  scrollIntoView(rect: Rect): void {
    const size = this.viewport.get();
    const view = viewportBounds(this.camera.get(), size);
    if (rect.x >= view.x && rect.y >= view.y && rect.x + rect.w <= view.x + view.w && rect.y + rect.h <= view.y + view.h) return;
    this.animateCamera(centerOn({ x: rect.x + rect.w / 2, y: rect.y + rect.h / 2 }, size, this.camera.get().zoom));
  }

  // ---- pointer input --------------------------------------------------------------------

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
    this.userMovedCamera = true;
    this.stopAnimation();

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
        this.animateCamera(zoomAt(this.camera.get(), screen, nextZoomStep(this.camera.get().zoom, 1)));
        return;
      }
      if (hit.kind === 'note') {
        this.selection.set(selectNotes([hit.note.id]));
        this.startEditNote(hit.note.id);
        return;
      }
      if (hit.kind === 'area-title') {
        this.selection.set(selectArea(hit.area.id));
        this.startEditArea(hit.area.id);
        return;
      }
      if (hit.kind === 'none' || hit.kind === 'area-body') {
        this.createNoteAt(board);
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
          ids: [...selection.notes].filter((noteId) => this.mayNote(noteId, this.rights().moveNote)),
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
        const next = unionSelection(g.base, selectionInRect(this.index, this.sortedAreas(), rect));
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
          this.commitNoteMove(drag.noteIds, drag.dx, drag.dy);
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
        if (g.moved && preview) {
          setAreaRect(this.client.board, preview.id, preview.rect);
          this.endStep();
        }
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

  private cancelGesture(): void {
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
    this.userMovedCamera = true;
    this.stopAnimation();
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

  // ---- keyboard -------------------------------------------------------------------------

  /** Returns true when the key was used (the caller then prevents the browser's default). */
  keyDown(k: KeyInput): boolean {
    if (k.editable) return false;
    const key = k.key;
    if (key === ' ' && !k.onControl) {
      this.spaceDown = true;
      if (this.gesture.kind === 'none') this.cursorStyle.set('grab');
      return true;
    }
    if (key === 'Escape') {
      if (this.gesture.kind !== 'none') {
        this.cancelGesture();
        return true;
      }
      if (!isSelectionEmpty(this.selection.get())) {
        this.selection.set(EMPTY_SELECTION);
        return true;
      }
      if (this.tool.get() !== 'move') {
        this.tool.set('move');
        return true;
      }
      return false;
    }
    if (k.mod && !k.alt) {
      const lower = key.toLowerCase();
      if (lower === 'z' && !this.readOnly) {
        if (k.shift) this.redo();
        else this.undo();
        return true;
      }
      if (lower === 'y' && !this.readOnly) {
        this.redo();
        return true;
      }
      if (lower === 'a' && !this.readOnly) {
        this.selectAll();
        return true;
      }
      return false;
    }
    if (k.alt) return false;
    if (k.onControl && (key === 'Enter' || key === ' ')) return false;
    if ((key === '+' || key === '=') && !k.mod) {
      this.zoomIn();
      return true;
    }
    if (key === '-' || key === '_') {
      this.zoomOut();
      return true;
    }
    if (k.shift && k.code === 'Digit1') {
      this.zoomToFit();
      return true;
    }
    if (k.shift && k.code === 'Digit2') {
      this.zoomToWhole();
      return true;
    }
    if (k.shift && k.code === 'Digit0') {
      this.resetZoom();
      return true;
    }
    if (this.readOnly) return false;
    if (key === 'Delete' || key === 'Backspace') {
      if (isSelectionEmpty(this.selection.get())) return false;
      this.deleteSelection();
      return true;
    }
    if (key === 'Enter') {
      const s = this.selection.get();
      if (s.notes.size === 1 && s.areas.size === 0) {
        this.startEditNote([...s.notes][0]!);
        return true;
      }
      if (s.areas.size === 1 && s.notes.size === 0) {
        this.startEditArea([...s.areas][0]!);
        return true;
      }
      return false;
    }
    if (key.startsWith('Arrow')) {
      const s = this.selection.get();
      if (s.notes.size === 0) return false;
      const step = k.shift ? 50 : 10;
      const dx = key === 'ArrowLeft' ? -step : key === 'ArrowRight' ? step : 0;
      const dy = key === 'ArrowUp' ? -step : key === 'ArrowDown' ? step : 0;
      this.commitNoteMove([...s.notes], dx, dy);
      return true;
    }
    return false;
  }

  keyUp(k: Pick<KeyInput, 'key'>): void {
    if (k.key === ' ') this.releaseSpace();
  }

  /** The window lost focus: a held key will never report its release. */
  releaseSpace(): void {
    if (!this.spaceDown) return;
    this.spaceDown = false;
    if (this.gesture.kind === 'none') this.cursorStyle.set('default');
  }

  // ---- board actions (each one named mutation, undoable) --------------------------------

  /**
   * Ends the current undo step: each action here (a move, a colour, a delete, an edit) is
   * undone on its own, even when the next one follows within the UndoManager's merge window.
   */
  private endStep(): void {
    this.client.undoManager.stopCapturing();
  }

  private commitNoteMove(ids: readonly string[], dx: number, dy: number): void {
    if (this.readOnly) return;
    const notes = this.snapshot.notes;
    const areas = this.sortedAreas();
    const rights = this.rights();
    const moves: Array<{ id: string; pos: Point; areaId: string | null }> = [];
    for (const id of ids) {
      const note = notes.get(id);
      if (!note || !rights.moveNote(note)) continue;
      const pos = { x: Math.round(note.pos.x + dx), y: Math.round(note.pos.y + dy) };
      moves.push({ id, pos, areaId: areaAt(areas, pos) });
    }
    if (moves.length > 0) moveNotes(this.client.board, moves);
    this.endStep();
  }

  /** Creates an empty note centred on a board point and opens it for typing. */
  createNoteAt(centre: Point): string | null {
    if (this.readOnly || !this.rights().createNote) return null;
    const pos = { x: Math.round(centre.x - NOTE_WIDTH / 2), y: Math.round(centre.y - NOTE_HEIGHT / 2) };
    const id = createNote(this.client.board, {
      text: '',
      pos,
      color: this.noteColor.get(),
      areaId: areaAt(this.sortedAreas(), pos),
      ...this.authorship(),
    });
    this.openFresh(id);
    return id;
  }

  /**
   * A note just made, still empty, open for its first words. Left without any (Escape, or saved
   * blank), it goes again, with its creation taken off the undo history, so no "Empty note" is
   * left behind and undo does not bring one back.
   */
  private fresh: { id: string; undoDepth: number } | null = null;

  private openFresh(id: string): void {
    this.endStep();
    this.fresh = { id, undoDepth: this.client.undoManager.undoStack.length };
    this.selection.set(selectNotes([id]));
    this.startEditNote(id);
  }

  /** Removes the note opened by openFresh if it is still empty; answers whether it did. */
  private dropFreshIfEmpty(id: string, typed: string): boolean {
    const fresh = this.fresh;
    this.fresh = null;
    if (!fresh || fresh.id !== id || typed.trim() !== '') return false;
    const note = notesMap(this.client.board).get(id);
    if (!note || String(note.get('text') ?? '').trim() !== '' || !this.mayNote(id, this.rights().deleteNote)) return false;
    const um = this.client.undoManager;
    if (um.undoStack.length === fresh.undoDepth) {
      // The creation is still the last step: undo it, and forget it could be redone.
      um.undo();
      um.redoStack.pop();
    } else {
      deleteNotes(this.client.board, [id]);
      this.endStep();
    }
    this.updateHistory();
    this.selection.set(EMPTY_SELECTION);
    return true;
  }

  /**
   * "Turn it around" (Reverse Brainstorming): a new note linked to `noteId` (`replyTo`), in
   * `areaId` when that area exists and is not the note's own (the solutions), else just beside
   * the note; opened for typing.
   */
  turnAround(noteId: string, areaId: string | null): string | null {
    if (this.readOnly || !this.rights().createNote) return null;
    const snap = this.snapshot;
    const parent = snap.notes.get(noteId);
    if (!parent) return null;
    const target = areaId !== null && areaId !== parent.areaId ? (snap.areas.get(areaId) ?? null) : null;
    let pos: Point;
    let inArea: string | null;
    if (target) {
      pos = findFreeSpots(snap.notes.values(), target, 1)[0] ?? { x: target.rect.x + 24, y: target.rect.y + 80 };
      inArea = target.id;
    } else {
      pos = { x: parent.pos.x + NOTE_WIDTH + 32, y: parent.pos.y + 24 };
      inArea = areaAt(this.sortedAreas(), pos);
    }
    const id = createNote(this.client.board, {
      text: '',
      pos,
      color: 'green',
      areaId: inArea,
      replyTo: parent.id,
      ...this.authorship(),
    });
    this.openFresh(id);
    const size = this.viewport.get();
    if (size.width > 0) this.scrollIntoView({ x: pos.x, y: pos.y, w: NOTE_WIDTH, h: NOTE_HEIGHT });
    return id;
  }

  /** The "Add note" button: a new note in the middle of the view, stepped aside from any note already there. */
  addNoteInView(): string | null {
    const size = this.viewport.get();
    const centre = size.width > 0 ? viewportCenter(this.camera.get(), size) : { x: 0, y: 0 };
    const snap = this.snapshot;
    this.index.sync(snap.notes);
    for (let i = 0; i < 12; i++) {
      const pos = { x: centre.x - NOTE_WIDTH / 2, y: centre.y - NOTE_HEIGHT / 2 };
      const clash = [...this.index.grid.queryPoint(pos)].some((id) => {
        const n = snap.notes.get(id);
        return n !== undefined && Math.abs(n.pos.x - pos.x) < 12 && Math.abs(n.pos.y - pos.y) < 12;
      });
      if (!clash) break;
      centre.x += 24;
      centre.y += 24;
    }
    return this.createNoteAt(centre);
  }

  /** The "Add area" button: a new area in the middle of the view, its title ready to type. */
  addAreaInView(): string | null {
    if (this.readOnly || !this.rights().writeAreas) return null;
    const size = this.viewport.get();
    const camera = this.camera.get();
    const centre = size.width > 0 ? viewportCenter(camera, size) : { x: 0, y: 0 };
    const view = size.width > 0 ? viewportBounds(camera, size) : { x: 0, y: 0, w: 1280, h: 800 };
    // Big enough to see when zoomed out, never bigger than most of the view when zoomed in.
    const scale = Math.max(Math.min(view.w / DEFAULT_AREA_SIZE.w, view.h / DEFAULT_AREA_SIZE.h) * 0.5, Math.min(1, (view.w * 0.8) / DEFAULT_AREA_SIZE.w));
    const w = Math.round(Math.max(AREA_MIN_SIZE * 2, DEFAULT_AREA_SIZE.w * scale));
    const h = Math.round(Math.max(AREA_MIN_SIZE * 2, DEFAULT_AREA_SIZE.h * scale));
    const rect = { x: Math.round(centre.x - w / 2), y: Math.round(centre.y - h / 2), w, h };
    const id = createArea(this.client.board, { title: t('board.newArea'), rect, color: this.nextAreaColor() });
    this.selection.set(selectArea(id));
    this.startEditArea(id);
    return id;
  }

  private nextAreaColor(): AreaColor {
    const names = Object.keys(AREA_COLORS) as AreaColor[];
    return names[this.snapshot.areas.size % names.length]!;
  }

  deleteSelection(): void {
    if (this.readOnly) return;
    const s = this.selection.get();
    if (isSelectionEmpty(s)) return;
    const doc = this.client.board;
    const rights = this.rights();
    const notes = [...s.notes].filter((id) => this.mayNote(id, rights.deleteNote));
    const areas = rights.writeAreas ? [...s.areas] : [];
    // One transaction, so one undo brings everything back.
    doc.transact(() => {
      if (notes.length > 0) deleteNotes(doc, notes);
      if (areas.length > 0) deleteAreas(doc, areas);
    }, LOCAL_ORIGIN);
    this.endStep();
    this.selection.set(EMPTY_SELECTION);
    this.editing.set(null);
  }

  setSelectedNotesColor(color: NoteColor): void {
    this.noteColor.set(color);
    if (this.readOnly) return;
    const rights = this.rights();
    const ids = [...this.selection.get().notes].filter((id) => this.mayNote(id, rights.editNote));
    if (ids.length > 0) setNoteColor(this.client.board, ids, color);
    this.endStep();
  }

  setSelectedAreasColor(color: AreaColor): void {
    if (this.readOnly || !this.rights().writeAreas) return;
    const doc = this.client.board;
    const ids = [...this.selection.get().areas];
    if (ids.length === 0) return;
    doc.transact(() => {
      for (const id of ids) setAreaColor(doc, id, color);
    }, LOCAL_ORIGIN);
    this.endStep();
  }

  selectAll(): void {
    this.selection.set({ notes: new Set(this.snapshot.notes.keys()), areas: new Set() });
  }

  /** "Move to…": puts notes into free spots inside an area (or outside every area), as one undo step. */
  moveNotesToArea(ids: readonly string[], areaId: string | null): number {
    if (this.readOnly) return 0;
    const rights = this.rights();
    const movable = ids.filter((id) => this.mayNote(id, rights.moveNote));
    const moves = planMoveToArea(this.snapshot.notes, this.sortedAreas(), movable, areaId);
    if (moves.length > 0) moveNotes(this.client.board, moves);
    this.endStep();
    return moves.length;
  }

  /**
   * Tab / Shift+Tab on the focused board: selects the next note in reading order and pans it
   * into view when it is off screen (a keyboard user must see what they are on); null past the end.
   */
  selectNextNote(backward: boolean): string | null {
    const notes = this.snapshot.notes;
    const order = notesInReadingOrder(notes.values()).map((n) => n.id);
    const id = nextNoteId(order, this.selection.get().notes, backward);
    if (!id) return null;
    this.selection.set(selectNotes([id]));
    const note = notes.get(id);
    const size = this.viewport.get();
    if (note && size.width > 0 && size.height > 0) this.scrollIntoView(noteRect(note));
    return id;
  }

  clearSelection(): void {
    if (!isSelectionEmpty(this.selection.get())) this.selection.set(EMPTY_SELECTION);
  }

  setSelection(selection: Selection): void {
    this.selection.set(selection);
  }

  setTool(tool: Tool): void {
    this.tool.set(tool);
    this.cursorStyle.set(tool === 'select' ? 'crosshair' : 'default');
  }

  undo(): void {
    if (this.readOnly) return;
    this.editing.set(null);
    this.client.undoManager.undo();
    this.updateHistory();
  }

  redo(): void {
    if (this.readOnly) return;
    this.editing.set(null);
    this.client.undoManager.redo();
    this.updateHistory();
  }

  // ---- text editing ---------------------------------------------------------------------

  /** Whether a rule allows this note; a note too new for the snapshot is this person's own, just created. */
  private mayNote(id: string, rule: (note: Note) => boolean): boolean {
    const note = this.snapshot.notes.get(id);
    return note ? rule(note) : this.rights().writeBoard;
  }

  startEditNote(id: string): void {
    // Read the document, not the snapshot: a note created a moment ago is not in it yet.
    if (this.readOnly || !notesMap(this.client.board).has(id) || !this.mayNote(id, this.rights().editNote)) return;
    this.editing.set({ kind: 'note', id });
  }

  startEditArea(id: string): void {
    if (this.readOnly || !areasMap(this.client.board).has(id) || !this.rights().writeAreas) return;
    this.editing.set({ kind: 'area', id });
  }

  /** Writes the edited text (once, on commit) and closes the editor. */
  commitEdit(text: string): void {
    const editing = this.editing.get();
    if (!editing) return;
    this.editing.set(null);
    if (editing.kind === 'note') {
      if (this.dropFreshIfEmpty(editing.id, text)) return;
      // The board was loaded again while this was open (a refused change): the note is gone,
      // or writing is paused, but what the person typed is not thrown away.
      const writable = notesMap(this.client.board).has(editing.id) && this.mayNote(editing.id, this.rights().editNote);
      if (writable) setNoteText(this.client.board, editing.id, text);
      else if (text.trim()) this.client.keepTypedText?.(editing.id, text);
    } else {
      const title = text.trim();
      const current = areasMap(this.client.board).get(editing.id)?.get('title');
      if (current !== undefined && current !== title) setAreaTitle(this.client.board, editing.id, title);
    }
    this.endStep();
  }

  /** Escape: closes the editor without saving; a new note still empty goes. */
  cancelEdit(): void {
    const editing = this.editing.get();
    this.editing.set(null);
    if (editing?.kind === 'note') this.dropFreshIfEmpty(editing.id, '');
  }

  /** Where a board rectangle is on screen (for HTML overlays). */
  screenRect(rect: Rect): Rect {
    const camera = this.camera.get();
    const p = boardToScreen(camera, rect);
    return { x: p.x, y: p.y, w: rect.w * camera.zoom, h: rect.h * camera.zoom };
  }
}
