import type { Area } from '@tributary/shared/board/area';
import { rectsIntersect, type Rect } from '@tributary/shared/board/geometry';
import type { Note } from '@tributary/shared/board/note';
import type { BoardSnapshot } from '../sync/boardStore.ts';
import { Store } from '../sync/store.ts';
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
  unionBounds,
  viewportBounds,
  viewportCenter,
  zoomAt,
  type Camera,
  type FitRegions,
  type Size,
} from './camera.ts';
import { LOD_ZOOM, NOTE_FONT_SIZE, TEXT_MIN_SCREEN_PX } from './layout.ts';
import { NoteIndex, compareNotes, noteRect } from './spatialIndex.ts';

/** See {@link Viewport.view}. */
export interface ViewState {
  /** The culling rectangle ("x,y,w,h"), empty before the canvas has a size. */
  key: string;
  lod: boolean;
}

/** What the viewport reads from the room. */
export interface ViewportSource {
  snapshot(): BoardSnapshot;
  /** The area the current step is about, if any ("Fit" shows it when the board is too big). */
  stepAreaId(): string | null;
}

/** Below LOD_ZOOM, boards with more notes than this are always blocks (drawing each whole would slow every frame). */
const FULL_DETAIL_MAX_NOTES = 500;

/** "Fit" reads the size of at most this many notes' words; past it, it assumes the standard size. */
const FIT_FONT_SAMPLE = 2000;

const ANIMATION_MS = 180;

function prefersReducedMotion(): boolean {
  try {
    return globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;
  } catch {
    return false;
  }
}

/**
 * The part of the board on screen: the camera (pan, zoom, "Fit", animations), the canvas size,
 * and culling: which notes and areas are near enough to the view to be drawn, and whether they
 * are drawn whole or as blocks.
 */
export class Viewport {
  readonly camera = new Store<Camera>(DEFAULT_CAMERA);
  readonly size = new Store<Size>({ width: 0, height: 0 });
  /**
   * What the canvas' React tree depends on: the culling rectangle and the level of detail.
   * It changes only when the view leaves the culling rectangle or the detail level flips,
   * never on every frame of a pan or zoom (the camera itself is applied to Konva without React).
   */
  readonly view = new Store<ViewState>({ key: '', lod: false });
  /** The zoom in whole percent, for labels: a pan never changes it. */
  readonly zoomPercent = new Store<number>(100);
  readonly index = new NoteIndex(512);

  private userMovedCamera = false;
  private animationFrame: number | null = null;
  private animationTarget: Camera | null = null;
  private sortedAreasCache: { source: ReadonlyMap<string, Area> | null; list: Area[] } = { source: null, list: [] };
  private visibleCache: { key: string; notes: Note[] } = { key: '', notes: [] };
  private cull: Rect | null = null;
  private visibleAreasCache: { source: Area[] | null; key: string; areas: Area[] } = { source: null, key: '', areas: [] };
  /** Asked on every camera change (isLod): worked out once per board change. */
  private legibleCache: { notes: ReadonlyMap<string, Note> | null; sizer: ((note: Note) => number) | null; zoom: number } = { notes: null, sizer: null, zoom: 0 };
  /**
   * The size of a note's words as drawn, in board units (a card's answers, for a card). The
   * canvas, which lays the words out, sets it (setNoteFontSize); until then every note is standard.
   */
  private noteFontSize: (note: Note) => number = () => NOTE_FONT_SIZE;

  constructor(
    private readonly source: ViewportSource,
    private readonly animate: boolean,
  ) {
    this.index.sync(source.snapshot().notes);
    // Derived views of the camera, kept here so every reader gets them without React.
    this.camera.subscribe(() => this.updateView());
    this.size.subscribe(() => this.updateView());
  }

  updateView(): void {
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
   * and fro in a small area never does; the canvas draws only what is near the view.
   */
  private updateCull(): Rect | null {
    const size = this.size.get();
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

  /** Areas in drawing order (bottom first). Cached per snapshot. */
  sortedAreas(): Area[] {
    const areas = this.source.snapshot().areas;
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
    return this.source.snapshot().notes.size > FULL_DETAIL_MAX_NOTES || zoom < this.legibleZoom();
  }

  /**
   * The notes the canvas draws: those in the viewport plus a margin, in drawing order.
   * The query rectangle ({@link cullRect}) changes only when the view leaves it, so while
   * panning the same array comes back (and React skips the list) until the view has moved by
   * a good part of a screen.
   */
  visibleNotes(): Note[] {
    const snap = this.source.snapshot();
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

  /** The board changed: the index follows, and new words can change the zoom below which notes become blocks. */
  boardChanged(): void {
    this.index.sync(this.source.snapshot().notes);
    this.updateView();
  }

  setSize(size: Size): void {
    const before = this.size.get();
    if (before.width === size.width && before.height === size.height) return;
    if (before.width > 0 && before.height > 0) {
      // Keep the middle of the view where it was (rotating a phone, opening a panel).
      const cam = this.camera.get();
      this.camera.set(panBy(cam, (size.width - before.width) / 2, (size.height - before.height) / 2));
    }
    this.size.set(size);
    this.fitUntilMoved();
  }

  /** Until the person moves the view, show the whole board when it arrives. */
  fitUntilMoved(): void {
    if (this.userMovedCamera) return;
    const size = this.size.get();
    if (size.width === 0 || size.height === 0) return;
    const target = this.fitCamera();
    if (!camerasEqual(target, this.camera.get())) this.camera.set(target);
  }

  setNoteFontSize(size: (note: Note) => number): void {
    this.noteFontSize = size;
    this.fitUntilMoved();
    this.updateView();
  }

  /** Where "Fit" goes: the most of the board that fits with its words readable (legibleFit). */
  fitCamera(): Camera {
    return legibleFit(this.fitRegions(), this.size.get(), this.legibleZoom());
  }

  /** The board's regions "Fit" chooses from: everything, the areas holding notes, the step's area. */
  fitRegions(): FitRegions {
    const snap = this.source.snapshot();
    const rects: Rect[] = [];
    const holding = new Set<string>();
    for (const note of snap.notes.values()) {
      if (note.areaId !== null && snap.areas.has(note.areaId)) holding.add(note.areaId);
      else rects.push(noteRect(note));
    }
    for (const id of holding) rects.push(snap.areas.get(id)!.rect);
    const stepAreaId = this.source.stepAreaId();
    const stepArea = stepAreaId !== null ? snap.areas.get(stepAreaId) : undefined;
    return { whole: this.contentBounds(), notes: unionBounds(rects), step: stepArea?.rect ?? null };
  }

  /**
   * The lowest zoom at which every note's words show (TEXT_MIN_SCREEN_PX): set by the smallest
   * words on the board: short notes drawn large allow a lower zoom than the standard size, a
   * User Manual card (drawn whole, small) needs a higher one. With no words, any zoom will do.
   */
  legibleZoom(): number {
    const notes = this.source.snapshot().notes;
    const cached = this.legibleCache;
    if (cached.notes === notes && cached.sizer === this.noteFontSize) return cached.zoom;
    const zoom = this.computeLegibleZoom(notes);
    this.legibleCache = { notes, sizer: this.noteFontSize, zoom };
    return zoom;
  }

  private computeLegibleZoom(notes: ReadonlyMap<string, Note>): number {
    let smallest = Infinity;
    let seen = 0;
    for (const note of notes.values()) {
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
    const snap = this.source.snapshot();
    const rects: Rect[] = [];
    const notes = unionBounds((function* () {
      for (const note of snap.notes.values()) yield noteRect(note);
    })());
    if (notes) rects.push(notes);
    for (const area of snap.areas.values()) rects.push(area.rect);
    return unionBounds(rects);
  }

  /** The person took the view in hand (a press, a wheel): no more fitting, no animation running on. */
  takeOver(): void {
    this.userMovedCamera = true;
    this.stopAnimation();
  }

  setCamera(camera: Camera): void {
    this.takeOver();
    this.camera.set({ x: camera.x, y: camera.y, zoom: clampZoom(camera.zoom) });
  }

  stopAnimation(): void {
    if (this.animationFrame !== null) globalThis.cancelAnimationFrame?.(this.animationFrame);
    this.animationFrame = null;
  }

  /** Moves the camera smoothly, or at once when the person prefers reduced motion. */
  animateCamera(target: Camera): void {
    this.takeOver();
    this.animationTarget = target;
    const from = this.camera.get();
    if (!this.animate || prefersReducedMotion() || typeof globalThis.requestAnimationFrame !== 'function') {
      this.camera.set(target);
      return;
    }
    const start = performance.now();
    // Interpolate the zoom geometrically and keep the screen centre on a straight path.
    const size = this.size.get();
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
    const size = this.size.get();
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
    const size = this.size.get();
    const bounds = this.contentBounds();
    this.animateCamera(bounds ? fitBounds(bounds, size, 48, 1) : centerOn({ x: 0, y: 0 }, size, 1));
  }

  /** Pans (without zooming) so a board rectangle is in view, if it is not already. */
  scrollIntoView(rect: Rect): void {
    const size = this.size.get();
    const view = viewportBounds(this.camera.get(), size);
    if (rect.x >= view.x && rect.y >= view.y && rect.x + rect.w <= view.x + view.w && rect.y + rect.h <= view.y + view.h) return;
    this.animateCamera(centerOn({ x: rect.x + rect.w / 2, y: rect.y + rect.h / 2 }, size, this.camera.get().zoom));
  }

  /** Where a board rectangle is on screen (for HTML overlays). */
  screenRect(rect: Rect): Rect {
    const camera = this.camera.get();
    const p = boardToScreen(camera, rect);
    return { x: p.x, y: p.y, w: rect.w * camera.zoom, h: rect.h * camera.zoom };
  }

  /** The middle of the view on the board (the origin before the canvas has a size). */
  centre(): { x: number; y: number } {
    const size = this.size.get();
    return size.width > 0 ? viewportCenter(this.camera.get(), size) : { x: 0, y: 0 };
  }

  /** The part of the board on screen, or a laptop-sized guess before the canvas has a size. */
  bounds(): Rect {
    const size = this.size.get();
    return size.width > 0 ? viewportBounds(this.camera.get(), size) : { x: 0, y: 0, w: 1280, h: 800 };
  }

  /** Whether the canvas has a size yet (before, nothing can be scrolled into view). */
  hasSize(): boolean {
    const size = this.size.get();
    return size.width > 0 && size.height > 0;
  }
}
