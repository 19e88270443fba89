import { describe, expect, it } from 'vitest';
import {
  MAX_ZOOM,
  MIN_ZOOM,
  boardToScreen,
  clampZoom,
  fitBounds,
  nextZoomStep,
  pinchCamera,
  screenToBoard,
  unionBounds,
  viewportBounds,
  wheelZoomFactor,
  zoomAt,
} from '../../client/src/editor/camera.ts';

const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 6);

describe('camera', () => {
  it('maps board and screen both ways', () => {
    const cam = { x: 100, y: -50, zoom: 2 };
    const s = boardToScreen(cam, { x: 10, y: 20 });
    expect(s).toEqual({ x: 120, y: -10 });
    expect(screenToBoard(cam, s)).toEqual({ x: 10, y: 20 });
  });

  it('zooms around a point: the board point under it stays under it', () => {
    const cam = { x: 37, y: 12, zoom: 0.8 };
    const pointer = { x: 400, y: 300 };
    const before = screenToBoard(cam, pointer);
    const next = zoomAt(cam, pointer, 2.5);
    expect(next.zoom).toBe(2.5);
    const after = screenToBoard(next, pointer);
    close(after.x, before.x);
    close(after.y, before.y);
  });

  it('clamps zoom to its range', () => {
    expect(clampZoom(100)).toBe(MAX_ZOOM);
    expect(clampZoom(0.001)).toBe(MIN_ZOOM);
    expect(clampZoom(Number.NaN)).toBe(1);
    expect(zoomAt({ x: 0, y: 0, zoom: 1 }, { x: 0, y: 0 }, 50).zoom).toBe(MAX_ZOOM);
  });

  it('gives the viewport in board units', () => {
    expect(viewportBounds({ x: -200, y: -100, zoom: 2 }, { width: 800, height: 600 })).toEqual({ x: 100, y: 50, w: 400, h: 300 });
  });

  it('fits a rectangle inside the view with padding, centred, not past the max zoom', () => {
    const size = { width: 1000, height: 800 };
    const rect = { x: 1000, y: 1000, w: 2000, h: 1000 };
    const cam = fitBounds(rect, size, 50, 1);
    close(cam.zoom, 0.45);
    const view = viewportBounds(cam, size);
    expect(view.x).toBeLessThanOrEqual(rect.x);
    expect(view.x + view.w).toBeGreaterThanOrEqual(rect.x + rect.w);
    close(view.x + view.w / 2, 2000);
    close(view.y + view.h / 2, 1500);
    expect(fitBounds({ x: 0, y: 0, w: 10, h: 10 }, size, 50, 1).zoom).toBe(1);
  });

  it('unions rectangles', () => {
    expect(unionBounds([])).toBeNull();
    expect(unionBounds([{ x: 0, y: 0, w: 10, h: 10 }, { x: -5, y: 20, w: 5, h: 5 }])).toEqual({ x: -5, y: 0, w: 15, h: 25 });
  });

  it('steps zoom in and out through fixed levels', () => {
    expect(nextZoomStep(1, 1)).toBe(1.5);
    expect(nextZoomStep(1, -1)).toBe(0.75);
    expect(nextZoomStep(1.2, -1)).toBe(1);
    expect(nextZoomStep(MAX_ZOOM, 1)).toBe(MAX_ZOOM);
    expect(nextZoomStep(MIN_ZOOM, -1)).toBe(MIN_ZOOM);
  });

  it('wheel down zooms out, wheel up zooms in, pinch is stronger', () => {
    expect(wheelZoomFactor(100, 0, false)).toBeLessThan(1);
    expect(wheelZoomFactor(-100, 0, false)).toBeGreaterThan(1);
    expect(wheelZoomFactor(10, 0, true)).toBeLessThan(wheelZoomFactor(10, 0, false));
    expect(wheelZoomFactor(3, 1, false)).toBeCloseTo(wheelZoomFactor(48, 0, false));
  });

  it('pinch: fingers apart zoom in around their midpoint; moving together pans', () => {
    const start = { x: 0, y: 0, zoom: 1 };
    const a0 = { x: 100, y: 100 };
    const b0 = { x: 200, y: 100 };
    const zoomed = pinchCamera(start, a0, b0, { x: 50, y: 100 }, { x: 250, y: 100 });
    expect(zoomed.zoom).toBe(2);
    const mid = screenToBoard(zoomed, { x: 150, y: 100 });
    close(mid.x, 150);
    close(mid.y, 100);
    const panned = pinchCamera(start, a0, b0, { x: 130, y: 140 }, { x: 230, y: 140 });
    expect(panned).toEqual({ x: 30, y: 40, zoom: 1 });
  });
});
