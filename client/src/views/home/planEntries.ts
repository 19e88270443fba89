import type { PlanItem } from '@tributary/shared/libraryApi';

/** One method in a session plan as the home page lists it: built in, saved, or from a file. */
export type PlanEntry =
  | { kind: 'template'; id: string; title: string }
  | { kind: 'saved'; id: string; title: string }
  | { kind: 'file'; id: string; title: string; method: unknown };

/** What `POST /api/rooms` takes for this entry in `plan`. */
export function planItem(entry: PlanEntry): PlanItem {
  if (entry.kind === 'template') return { template: entry.id };
  if (entry.kind === 'saved') return { methodId: entry.id };
  return { method: entry.method };
}

/** The plan with the entry at `from` moved to `to` (unchanged when `to` is outside it). */
export function movePlanEntry(plan: readonly PlanEntry[], from: number, to: number): PlanEntry[] {
  if (to < 0 || to >= plan.length) return [...plan];
  const next = [...plan];
  const [entry] = next.splice(from, 1);
  next.splice(to, 0, entry!);
  return next;
}
