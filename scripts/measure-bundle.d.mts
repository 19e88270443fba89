// Types for scripts/measure-bundle.mjs (used by tests/client/build-size.test.ts).
export interface ChunkSize {
  file: string;
  raw: number;
  gzip: number;
}
export interface ViewSize {
  module: string;
  gzip: number;
  raw: number;
  chunks: ChunkSize[];
  lazyLater: string[];
}
export interface BundleSizes {
  measuredAt: string;
  entry: string;
  budget: Record<string, number>;
  ceiling: Record<string, number>;
  views: Record<string, ViewSize>;
}
export const VIEWS: Record<string, string>;
export const PHONE_BUDGET: number;
export const PHONE_CEILING: number;
export function gzipSize(buffer: Uint8Array): number;
export function measure(dist?: string): BundleSizes;
export function firstLoadText(dist: string, result: BundleSizes, view: string): string;
