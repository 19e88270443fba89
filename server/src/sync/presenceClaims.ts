import type { Awareness } from 'y-protocols/awareness';
import { MAX_AWARENESS_CLIENTS_PER_CONNECTION } from '@tributary/shared/protocol';
import type { Connection } from './connection.ts';
import type { AwarenessEntry } from './protocol.ts';

/**
 * Entries a connection may send for client ids it has no right to before it is closed (4429).
 * An honest client never sends one (see `sortPresence`); an attacker making up ids sends
 * thousands in a single frame.
 */
export const MAX_REFUSED_PRESENCE_CLAIMS = 16;

/** What became of one connection's awareness entries. */
export interface SortedPresence {
  /** Entries for client ids this connection speaks for: to apply. */
  accepted: AwarenessEntry[];
  /** Entries for new client ids beyond what one connection may claim: dropped, and they count. */
  refused: number;
  /**
   * Client ids nobody holds now, sent with a clock no newer than the server's (their removal was
   * newer): ignored. Usually a client that reconnected and still counts from its old clock, so
   * the server tells it the newer removal, and a stock client then republishes above it.
   */
  behind: number[];
}

/** The live presence of one document, as far as claims are concerned. */
export interface PresenceOwners {
  readonly awareness: Awareness;
  /** Client id → the connection of this process that speaks for it. */
  readonly owners: Map<number, Connection>;
  /** Client ids whose presence comes from other server processes. */
  readonly remoteClients: Set<number>;
}

/**
 * "A connection speaks only for the client ids it writes with" (DESIGN.md section 2). Sorts one
 * connection's entries, claiming new client ids for it (at most
 * MAX_AWARENESS_CLIENTS_PER_CONNECTION for the life of the socket, so presence memory is bounded
 * by the connections made, whatever they send).
 *
 * Stock y-websocket clients echo back every presence change they receive, so entries for ids
 * that another connection (here, or on another process) speaks for, and removals of ids nobody
 * holds (an echoed removal, or a client's own 30 s timeout of someone quiet), are normal and are
 * silently ignored: they are never applied and never count against the sender.
 */
export function sortPresence(doc: PresenceOwners, connection: Connection, entries: readonly AwarenessEntry[]): SortedPresence {
  const sorted: SortedPresence = { accepted: [], refused: 0, behind: [] };
  for (const entry of entries) {
    const owner = doc.owners.get(entry.clientId);
    if (owner === connection) {
      sorted.accepted.push(entry);
      continue;
    }
    if (owner || heldElsewhere(doc, entry.clientId) || entry.state === null) continue;
    // Not newer than what the server has (y-protocols would not apply it): no claim.
    const known = doc.awareness.meta.get(entry.clientId);
    if (entry.clock <= (known?.clock ?? 0)) {
      if (known && !doc.awareness.states.has(entry.clientId)) sorted.behind.push(entry.clientId);
      continue;
    }
    if (connection.awarenessClients.size >= MAX_AWARENESS_CLIENTS_PER_CONNECTION) {
      sorted.refused++;
      continue;
    }
    connection.awarenessClients.add(entry.clientId);
    doc.owners.set(entry.clientId, connection);
    sorted.accepted.push(entry);
  }
  return sorted;
}

/** A client of another server process with presence here now (not yet removed or timed out). */
function heldElsewhere(doc: PresenceOwners, clientId: number): boolean {
  if (!doc.remoteClients.has(clientId)) return false;
  if (doc.awareness.states.has(clientId)) return true;
  // Gone (its process removed it, or it timed out): free to be claimed again.
  doc.remoteClients.delete(clientId);
  return false;
}

/**
 * Gives up a closing connection's claims; returns the client ids whose presence it published
 * (a claim in the frame that closed it never was).
 */
export function releasePresence(doc: PresenceOwners, connection: Connection): number[] {
  const ids = [...connection.awarenessClients];
  for (const id of ids) if (doc.owners.get(id) === connection) doc.owners.delete(id);
  return ids.filter((id) => doc.awareness.meta.has(id));
}
