// Types for scripts/measure-bundle.mjs (used by tests/e2e/build-size.test.ts).
export interface ChunkSize {
  file: string;
  raw: number;
  /** Gzipped at level 9. */
  gzip: number;
  /** Sent to a browser that accepts brotli: the build's .br copy, or `raw` where it wrote none. */
  wire: number;
}
/** Sums over some files, in the three units. */
export interface Sizes {
  wire: number;
  gzip: number;
  raw: number;
}
export interface ViewSize extends Sizes {
  module: string;
  chunks: ChunkSize[];
  /** index.html and the first load's CSS, counted beside the JavaScript (not in the budget). */
  page: Sizes & { files: ChunkSize[] };
  lazyLater: string[];
  /**
   * The phone only: its first load plus every on-demand part a room's script can prefetch; `parts`
   * are all of those chunks, `afterPaint` the ones every phone fetches after its first screen.
   */
  withParts?: Sizes & { parts: ChunkSize[]; afterPaint: ChunkSize[]; unlisted: string[] };
}
export interface BundleSizes {
  measuredAt: string;
  units: Record<keyof Sizes, string>;
  entry: string;
  budget: Record<string, number>;
  ceiling: Record<string, number>;
  views: Record<string, ViewSize>;
}
export const VIEWS: Record<string, string>;
export const PHONE_BUDGET: number;
export const PHONE_WITH_PARTS_CEILING: number;
export const PHONE_PARTS: string[];
export const PHONE_AFTER_PAINT: string[];
export const PHONE_AFTER_PAINT_MESSAGES: string[];
export const PHONE_LIVE_ROOM: string;
export const PHONE_ON_TAP: string;
export function gzipSize(buffer: Uint8Array): number;
export function wireSize(dist: string, file: string, raw: number): number;
export function measure(dist?: string): BundleSizes;
export function firstLoadText(dist: string, result: BundleSizes, view: string): string;
export const NOT_ON_THE_PHONE: string[];
export function phonePathFiles(dist?: string): Set<string>;
