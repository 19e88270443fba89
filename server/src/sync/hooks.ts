import type * as Y from 'yjs';
import type { DocName } from '@tributary/shared/protocol';
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

/** Why a client's update was refused. */
export interface WriteRefusal {
  /** The websocket close code the writer's connection is closed with (CloseCode in shared). */
  closeCode: number;
  /** A short stable label: the refusal counter's label in /metrics. */
  reason: string;
  /** What the writer is told (the close frame's reason, shown on their screen). */
  message: string;
}

/**
 * Extensions plug rules into the sync core, run in ascending `priority` (hocuspocus' hooks).
 * The rules live in server/src/policy (board writes, migrations, person keys, anonymous
 * presence), and the core imports none of them. The core keeps only what makes relaying safe
 * whatever the rules say: frame, rate and document-size limits, and which presence client ids a
 * connection speaks for (presenceClaims.ts).
 */
export interface SyncExtension {
  name: string;
  /** Lower runs first. Default 100. */
  priority?: number;
  /** Called once a room's documents are loaded from storage, before anyone is attached. */
  afterLoad?(room: Room): void | Promise<void>;
  /**
   * Checks a client's update before it is applied, stored or relayed. The first refusal wins:
   * the update is applied nowhere and the connection is closed with the refusal's code.
   */
  checkUpdate?(context: { room: Room; connection: Connection; docName: DocName }, update: Uint8Array): WriteRefusal | null;
  /** Rewrites (or drops entries of) an awareness update before it is applied and relayed. */
  filterAwareness?(context: { room: Room; connection: Connection }, entries: AwarenessEntry[]): AwarenessEntry[];
}

export function sortExtensions(extensions: readonly SyncExtension[]): SyncExtension[] {
  return [...extensions].sort((a, b) => (a.priority ?? 100) - (b.priority ?? 100));
}
