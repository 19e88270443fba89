/** The two sheets a facilitator can print: the handout to write on, and the results. */
export type PrintSheet = 'handout' | 'results';

/** A print page's address (main.tsx routes it; the facilitator's panel links to it). */
export const printPath = (roomId: string, sheet: PrintSheet) => `/room/${encodeURIComponent(roomId)}/facilitate/${sheet}`;
