import { createHash } from 'node:crypto';
import type pg from 'pg';
import { nextPostCount } from './limits.ts';

/**
 * How storage keeps the count of notes each person posted in a step (`post_counts`) without
 * anything that tells people apart. A row per note posted, not a row per person with a number:
 * the n-th note of a poster fills the slot sha256(poster, n). Every slot looks unrelated to every
 * other, so the table shows how many notes went up in each step (which the board and the held
 * notes show anyway) and never who posted several. A row per person with a count would let a
 * facilitator match counts against the named notes on the board and find who posted the one
 * anonymous note of a step. Only the server, which derives `poster` from the raw bearer token
 * (never stored), can find a person's slots again.
 */

/** Slots looked up per query while counting. */
const BATCH = 16;

/** The slot that a poster's n-th note (0-based) in a step fills. */
export function postSlot(poster: string, n: number): string {
  return createHash('sha256').update(`${poster}:${n}`).digest('base64url');
}

/** Of these slots, the ones stored (in the room and step the caller asks about). */
export type FindSlots = (slots: readonly string[]) => Promise<ReadonlySet<string>>;
/** Stores a slot; answers false when it was already stored (another post took it first). */
export type FillSlot = (slot: string) => Promise<boolean>;

/** How many notes `poster` has posted: the slots are filled in order, so the first empty one. */
export async function countFilledSlots(poster: string, find: FindSlots): Promise<number> {
  for (let from = 0; ; from += BATCH) {
    const slots = Array.from({ length: BATCH }, (_, i) => postSlot(poster, from + i));
    const stored = await find(slots);
    const empty = slots.findIndex((slot) => !stored.has(slot));
    if (empty >= 0) return from + empty;
  }
}

/** Storage.countPost over a backend's two slot queries. */
export async function fillNextSlot(poster: string, limit: number | null, find: FindSlots, fill: FillSlot): Promise<number | null> {
  for (;;) {
    const count = await countFilledSlots(poster, find);
    const next = nextPostCount(count, limit);
    if (next === null) return null;
    // Taken in between (two copies of one post at once): count again.
    if (await fill(postSlot(poster, count))) return next;
  }
}

/** The two slot queries of a room's step in PostgreSQL. */
export function postgresSlots(pool: pg.Pool, roomId: string, stepKey: string): { find: FindSlots; fill: FillSlot } {
  return {
    async find(slots) {
      const sql = 'SELECT slot FROM post_counts WHERE room_id = $1 AND step_key = $2 AND slot = ANY($3::text[])';
      const { rows } = await pool.query<{ slot: string }>(sql, [roomId, stepKey, [...slots]]);
      return new Set(rows.map((row) => row.slot));
    },
    async fill(slot) {
      const sql = 'INSERT INTO post_counts (room_id, step_key, slot) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING';
      return (await pool.query(sql, [roomId, stepKey, slot])).rowCount === 1;
    },
  };
}
