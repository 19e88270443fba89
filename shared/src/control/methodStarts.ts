import type * as Y from 'yjs';
import { SERVER_ORIGIN } from '../origins.ts';
import { controlMap } from './state.ts';

/**
 * Where each method of a session plan starts in the script (`control.methodStarts`, written only
 * by the server): the id of the method's first step and the method's title, so the facilitator's
 * script shows a divider there. Found by step id, so it stays right when steps are edited; a
 * start whose step is gone is simply not shown.
 */
export interface MethodStart {
  stepId: string;
  title: string;
}

const MAX_STARTS = 50;

export function readMethodStarts(doc: Y.Doc): MethodStart[] {
  const value = controlMap(doc).get('methodStarts');
  if (!Array.isArray(value)) return [];
  return value
    .filter((s): s is MethodStart => !!s && typeof s === 'object' && typeof (s as MethodStart).stepId === 'string' && typeof (s as MethodStart).title === 'string')
    .slice(0, MAX_STARTS);
}

/** Server only: sets where each method starts. */
export function setMethodStarts(doc: Y.Doc, starts: readonly MethodStart[], origin: unknown = SERVER_ORIGIN): void {
  doc.transact(() => controlMap(doc).set('methodStarts', starts.slice(0, MAX_STARTS)), origin);
}

/** The method title to show before step `stepId`, when a method starts there and the script holds more than one. */
export function methodStartingAt(starts: readonly MethodStart[], stepId: string): string | null {
  if (starts.length < 2) return null;
  return starts.find((s) => s.stepId === stepId)?.title ?? null;
}
