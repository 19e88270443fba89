import type * as Y from 'yjs';
import type { DocName } from '@tributary/shared';
import type { Connection } from './connection.ts';
import type { AwarenessEntry } from './protocol.ts';

/** What an extension sees of a room: its id and its live documents. */
export interface RoomView {
  readonly id: string;
  doc(name: DocName): Y.Doc;
  /** A change made by the server itself: stored and relayed like any other. */
  transactServer(name: DocName, fn: (doc: Y.Doc) => void): void;
}
type Room = RoomView;

/**
 * Extensions plug rules into the sync core, run in ascending `priority` (hocuspocus' hooks).
 * Access rules, facilitation rules, anonymity and limits are extensions; the core knows none
 * of them.
 */
export interface SyncExtension {
  name: string;
  /** Lower runs first. Default 100. */
  priority?: number;
  /** Called once a room's documents are loaded from storage, before anyone is attached. */
  afterLoad?(room: Room): void | Promise<void>;
  /**
   * May this connection change this document now? Any extension saying false drops the write
   * before it is applied, stored or relayed.
   */
  canWrite?(context: { room: Room; connection: Connection; docName: DocName }): boolean;
  /** Rewrites (or drops entries of) an awareness update before it is applied and relayed. */
  filterAwareness?(context: { room: Room; connection: Connection }, entries: AwarenessEntry[]): AwarenessEntry[];
  /** Called after a write was dropped, for metrics and logs. */
  onWriteDropped?(context: { room: Room; connection: Connection; docName: DocName }): void;
}

export function sortExtensions(extensions: readonly SyncExtension[]): SyncExtension[] {
  return [...extensions].sort((a, b) => (a.priority ?? 100) - (b.priority ?? 100));
}
