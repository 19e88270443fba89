/**
 * Transaction origins. Every write is a named mutation inside `doc.transact(fn, origin)`;
 * the origin says who made it, so the UndoManager can track only the local person's own
 * changes and observers can tell remote changes from local ones.
 */
/** A change made by the person at this device. The only origin undo/redo tracks. */
export const LOCAL_ORIGIN = 'tributary:local';
/** A change made by the server itself (control document, anonymous notes, moderation). */
export const SERVER_ORIGIN = 'tributary:server';
/** Changes loaded from storage when a room is opened. */
export const STORAGE_ORIGIN = 'tributary:storage';
/**
 * Server only: a change another server process has already stored, arriving over the room bus
 * (docs/SCALING.md). Relayed to this process's clients, never stored again.
 */
export const REMOTE_ORIGIN = 'tributary:remote';
