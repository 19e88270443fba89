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
  /** The phone only: its first load plus every on-demand part a room's script can prefetch. */
  withParts?: { gzip: number; raw: number; parts: ChunkSize[]; unlisted: string[] };
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
export const PHONE_WITH_PARTS_CEILING: number;
export const PHONE_PARTS: string[];
export const PHONE_ON_TAP: string;
export function gzipSize(buffer: Uint8Array): number;
export function measure(dist?: string): BundleSizes;
export function firstLoadText(dist: string, result: BundleSizes, view: string): string;
export const NOT_ON_THE_PHONE: string[];
export function phonePathFiles(dist?: string): Set<string>;
