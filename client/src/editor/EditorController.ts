import type { Area } from '@tributary/shared/board/area';
import type { AreaColor, NoteColor } from '@tributary/shared/board/colors';
import type { Point, Rect } from '@tributary/shared/board/geometry';
import type { Note } from '@tributary/shared/board/note';
import type { BoardSnapshot } from '../sync/boardStore.ts';
import type { PresenceUser } from '../sync/presenceState.ts';
import { Store } from '../sync/store.ts';
import { BoardActions, type Editing, type HistoryState } from './boardActions.ts';
import type { Camera, FitRegions, Size } from './camera.ts';
import type { EditorClient } from './editorClient.ts';
import { PointerGestures, type AreaPreview, type CursorStyle, type Hit, type LocalDrag, type Tool } from './gestures.ts';
import type { KeyInput, PointerInput, WheelInput } from './input.ts';
import { boardKeyDown, selectNextNote, type KeyboardParts } from './keyboard.ts';
import { distinctPeople, peopleKey, remoteDragsOf, type RemoteDrags } from './presence.ts';
import type { Selection } from './selection.ts';
import type { NoteIndex } from './spatialIndex.ts';
import { Viewport, type ViewState } from './viewport.ts';

// What the façade takes and gives, so a view imports the editor from one place.
export type { EditorClient } from './editorClient.ts';
export type { Editing, HistoryState } from './boardActions.ts';
export type { AreaPreview, CursorStyle, Hit, LocalDrag, Tool } from './gestures.ts';
export type { KeyInput, PointerInput, WheelInput } from './input.ts';
export type { ViewState } from './viewport.ts';

export interface EditorOptions {
  /** The phone's board view: pan and zoom only, no writes, no cursor sent. */
  readOnly?: boolean;
  /** For tests: no animations. */
  animate?: boolean;
}

/**
 * The board editor without React, as the views use it: a façade over its parts, each doing one
 * job. {@link Viewport}: the camera and culling. {@link PointerGestures}: what presses, drags and
 * the wheel do. keyboard.ts: what keys do. {@link BoardActions}: every write the person
 * makes, each through a named mutation from `shared`, with undo. The canvas renders the stores
 * here and forwards pointer, wheel and key input.
 */
export class EditorController {
  readonly camera: Store<Camera>;
  /** The canvas' size in CSS pixels. */
  readonly viewport: Store<Size>;
  readonly selection: Store<Selection>;
  readonly tool: Store<Tool>;
  readonly editing: Store<Editing | null>;
  readonly marquee: Store<Rect | null>;
  readonly localDrag: Store<LocalDrag | null>;
  readonly areaPreview: Store<AreaPreview | null>;
  readonly history: Store<HistoryState>;
  readonly remoteDrags = new Store<RemoteDrags>(new Map());
  /**
   * Presence without the cursor and drag churn, one entry per person (not per tab): changes only
   * when people come, go or rename.
   */
  readonly people = new Store<PresenceUser[]>([]);
  readonly cursorStyle: Store<CursorStyle>;
  /** The colour new notes get: the last one picked. */
  readonly noteColor: Store<NoteColor>;
  /** See {@link Viewport.view}. */
  readonly view: Store<ViewState>;
  /** The zoom in whole percent, for labels: a pan never changes it. */
  readonly zoomPercent: Store<number>;
  readonly index: NoteIndex;
  readonly readOnly: boolean;

  private readonly parts: KeyboardParts;
  private remoteDragKey = '';
  private peopleKey = '';
  private mounted = 0;
  private unmountFns: Array<() => void> = [];

  constructor(
    readonly client: EditorClient,
    options: EditorOptions = {},
  ) {
    const readOnly = options.readOnly === true;
    const viewport = new Viewport(
      { snapshot: () => client.boardStore.get(), stepAreaId: () => client.controlStore?.get().areaId ?? null },
      options.animate !== false,
    );
    const actions = new BoardActions(client, viewport, readOnly);
    const gestures = new PointerGestures(client, viewport, actions, readOnly);
    this.parts = { readOnly, viewport, actions, gestures };
    this.readOnly = readOnly;
    this.camera = viewport.camera;
    this.viewport = viewport.size;
    this.view = viewport.view;
    this.zoomPercent = viewport.zoomPercent;
    this.index = viewport.index;
    this.selection = actions.selection;
    this.editing = actions.editing;
    this.history = actions.history;
    this.noteColor = actions.noteColor;
    this.tool = gestures.tool;
    this.cursorStyle = gestures.cursorStyle;
    this.marquee = gestures.marquee;
    this.localDrag = gestures.localDrag;
    this.areaPreview = gestures.areaPreview;
  }

  /** Subscribes to the room. Returns the matching cleanup; safe under React StrictMode's double effects. */
  mount(): () => void {
    this.mounted++;
    if (this.mounted === 1) {
      const { boardStore, presence } = this.client;
      const { actions } = this.parts;
      actions.startHistory();
      this.unmountFns.push(boardStore.subscribe(() => this.onSnapshot()));
      this.unmountFns.push(presence.subscribe(() => this.onPresence()));
      this.unmountFns.push(() => actions.stopHistory());
      this.onSnapshot();
      this.onPresence();
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.mounted--;
      if (this.mounted > 0) return;
      for (const fn of this.unmountFns.splice(0)) fn();
      this.parts.viewport.stopAnimation();
      this.parts.gestures.stop();
    };
  }

  private onSnapshot(): void {
    const { viewport, actions } = this.parts;
    viewport.boardChanged();
    actions.boardChanged();
    viewport.fitUntilMoved();
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

  get snapshot(): BoardSnapshot {
    return this.client.boardStore.get();
  }

  // ---- viewport: camera and culling -----------------------------------------------------

  /** The rectangle the canvas draws (view plus margin), or null before it has a size. */
  cullRect(): Rect | null {
    return this.parts.viewport.cullRect();
  }

  /** Areas in drawing order (bottom first). Cached per snapshot. */
  sortedAreas(): Area[] {
    return this.parts.viewport.sortedAreas();
  }

  /** Whether notes are drawn as blocks at this zoom (see Viewport.isLod). */
  isLod(zoom?: number): boolean {
    return this.parts.viewport.isLod(zoom);
  }

  /** The notes the canvas draws: those near the view, in drawing order (see Viewport.visibleNotes). */
  visibleNotes(): Note[] {
    return this.parts.viewport.visibleNotes();
  }

  /** The areas near the view, in drawing order. */
  visibleAreas(): Area[] {
    return this.parts.viewport.visibleAreas();
  }

  setViewportSize(size: Size): void {
    this.parts.viewport.setSize(size);
  }

  /** How big the canvas draws a note's words (it lays them out); "Fit" and the detail level follow it. */
  setNoteFontSize(size: (note: Note) => number): void {
    this.parts.viewport.setNoteFontSize(size);
  }

  /** Where "Fit" goes: the most of the board that fits with its words readable (legibleFit). */
  fitCamera(): Camera {
    return this.parts.viewport.fitCamera();
  }

  fitRegions(): FitRegions {
    return this.parts.viewport.fitRegions();
  }

  /** The lowest zoom at which every note's words show. */
  legibleZoom(): number {
    return this.parts.viewport.legibleZoom();
  }

  /** Bounds of everything on the board, or null when it is empty. */
  contentBounds(): Rect | null {
    return this.parts.viewport.contentBounds();
  }

  setCamera(camera: Camera): void {
    this.parts.viewport.setCamera(camera);
  }

  /** Moves the camera smoothly, or at once when the person prefers reduced motion. */
  animateCamera(target: Camera): void {
    this.parts.viewport.animateCamera(target);
  }

  zoomIn(): void {
    this.parts.viewport.zoomIn();
  }

  zoomOut(): void {
    this.parts.viewport.zoomOut();
  }

  /** Back to 100%, around the middle of the view. */
  resetZoom(): void {
    this.parts.viewport.resetZoom();
  }

  /** "Fit": as much of the board as fits with its words readable; people pan for the rest. */
  zoomToFit(): void {
    this.parts.viewport.zoomToFit();
  }

  /** Shows everything on the board, however small that makes it. */
  zoomToWhole(): void {
    this.parts.viewport.zoomToWhole();
  }

  /** Pans (without zooming) so a board rectangle is in view, if it is not already. */
  scrollIntoView(rect: Rect): void {
    this.parts.viewport.scrollIntoView(rect);
  }

  /** Where a board rectangle is on screen (for HTML overlays). */
  screenRect(rect: Rect): Rect {
    return this.parts.viewport.screenRect(rect);
  }

  // ---- gestures: pointer and wheel ------------------------------------------------------

  hitTest(board: Point): Hit {
    return this.parts.gestures.hitTest(board);
  }

  pointerDown(p: PointerInput): void {
    this.parts.gestures.pointerDown(p);
  }

  pointerMove(p: PointerInput): void {
    this.parts.gestures.pointerMove(p);
  }

  pointerUp(p: PointerInput): void {
    this.parts.gestures.pointerUp(p);
  }

  /** The pointer was taken away (a system gesture, the window losing focus): undo the preview. */
  pointerCancel(p: PointerInput): void {
    this.parts.gestures.pointerCancel(p);
  }

  /** The mouse left the canvas: others stop seeing this cursor. */
  pointerLeave(): void {
    this.parts.gestures.pointerLeave();
  }

  wheel(w: WheelInput): void {
    this.parts.gestures.wheel(w);
  }

  setTool(tool: Tool): void {
    this.parts.gestures.setTool(tool);
  }

  // ---- keyboard -------------------------------------------------------------------------

  /** Returns true when the key was used (the caller then prevents the browser's default). */
  keyDown(k: KeyInput): boolean {
    return boardKeyDown(this.parts, k);
  }

  keyUp(k: Pick<KeyInput, 'key'>): void {
    if (k.key === ' ') this.releaseSpace();
  }

  /** The window lost focus: a held key will never report its release. */
  releaseSpace(): void {
    this.parts.gestures.releaseSpace();
  }

  /**
   * Tab / Shift+Tab on the focused board: selects the next note in reading order and pans it
   * into view when it is off screen (a keyboard user must see what they are on); null past the end.
   */
  selectNextNote(backward: boolean): string | null {
    return selectNextNote(this.parts, this.snapshot.notes, backward);
  }

  // ---- board actions (each one named mutation, undoable) --------------------------------

  /** Creates an empty note centred on a board point and opens it for typing. */
  createNoteAt(centre: Point): string | null {
    return this.parts.actions.createNoteAt(centre);
  }

  /** "Turn it around" (Reverse Brainstorming): a new note linked to `noteId`, opened for typing. */
  turnAround(noteId: string, areaId: string | null): string | null {
    return this.parts.actions.turnAround(noteId, areaId);
  }

  /** The "Add note" button: a new note in the middle of the view. */
  addNoteInView(): string | null {
    return this.parts.actions.addNoteInView();
  }

  /** The "Add area" button: a new area in the middle of the view, its title ready to type. */
  addAreaInView(): string | null {
    return this.parts.actions.addAreaInView();
  }

  deleteSelection(): void {
    this.parts.actions.deleteSelection();
  }

  setSelectedNotesColor(color: NoteColor): void {
    this.parts.actions.setSelectedNotesColor(color);
  }

  setSelectedAreasColor(color: AreaColor): void {
    this.parts.actions.setSelectedAreasColor(color);
  }

  /** "Move to…": puts notes into free spots inside an area (or outside every area), as one undo step. */
  moveNotesToArea(ids: readonly string[], areaId: string | null): number {
    return this.parts.actions.moveNotesToArea(ids, areaId);
  }

  selectAll(): void {
    this.parts.actions.selectAll();
  }

  clearSelection(): void {
    this.parts.actions.clearSelection();
  }

  setSelection(selection: Selection): void {
    this.selection.set(selection);
  }

  undo(): void {
    this.parts.actions.undo();
  }

  redo(): void {
    this.parts.actions.redo();
  }

  startEditNote(id: string): void {
    this.parts.actions.startEditNote(id);
  }

  startEditArea(id: string): void {
    this.parts.actions.startEditArea(id);
  }

  /** Writes the edited text (once, on commit) and closes the editor. */
  commitEdit(text: string): void {
    this.parts.actions.commitEdit(text);
  }

  /** Escape: closes the editor without saving; a new note still empty goes. */
  cancelEdit(): void {
    this.parts.actions.cancelEdit();
  }
}
