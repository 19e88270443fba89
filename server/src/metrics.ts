import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { DocName } from '@tributary/shared/protocol';
import type { ConnectionMetrics } from './sync/connection.ts';
import type { SyncMetrics } from './sync/reporting.ts';
import type { SyncServer } from './sync/syncServer.ts';

/** Prometheus metrics for /metrics: process defaults plus what the sync core reports. */
export function createMetrics(getSync: () => SyncServer | null) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const updatesStored = new Counter({
    name: 'tributary_updates_stored_total',
    help: 'Document updates appended to storage',
    labelNames: ['doc'],
    registers: [registry],
  });
  const writesRefused = new Counter({
    name: 'tributary_writes_refused_total',
    help: 'Client updates refused (applied nowhere, connection closed), by document and reason (BOARD_REFUSALS in shared/src/board/rules.ts)',
    labelNames: ['doc', 'reason'],
    registers: [registry],
  });
  const malformed = new Counter({
    name: 'tributary_malformed_messages_total',
    help: 'Websocket messages that could not be decoded (socket closed with 4400)',
    registers: [registry],
  });
  const presenceDropped = new Counter({
    name: 'tributary_presence_dropped_total',
    help: 'Presence entries dropped: too-large states, or too-many-ids claimed by one connection',
    labelNames: ['reason'],
    registers: [registry],
  });
  const storageFailures = new Counter({
    name: 'tributary_storage_failures_total',
    help: 'Failed attempts to store updates (retried)',
    registers: [registry],
  });
  new Gauge({
    name: 'tributary_rooms_loaded',
    help: 'Rooms held in memory',
    registers: [registry],
    collect() {
      this.set(getSync()?.loadedRoomCount ?? 0);
    },
  });
  new Gauge({
    name: 'tributary_connections',
    help: 'Open websocket connections',
    registers: [registry],
    collect() {
      this.set(getSync()?.connectionCount ?? 0);
    },
  });
  const sync: SyncMetrics = {
    updateStored: (doc: DocName, count: number) => updatesStored.inc({ doc }, count),
    writeRefused: (doc: DocName, reason: string) => writesRefused.inc({ doc, reason }),
    malformed: () => malformed.inc(),
    storageFailure: () => storageFailures.inc(),
    presenceDropped: (reason, count) => presenceDropped.inc({ reason }, count),
  };
  return { registry, sync };
}

const connectionMetricsByRegistry = new WeakMap<Registry, ConnectionMetrics>();

/**
 * The per-connection limits' counters (throttled frames, 4429 closes), registered once on the
 * app's registry; the websocket route hands them to every Connection.
 */
export function connectionMetrics(registry: Registry): ConnectionMetrics {
  const existing = connectionMetricsByRegistry.get(registry);
  if (existing) return existing;
  const throttled = new Counter({
    name: 'tributary_frames_throttled_total',
    help: 'Incoming websocket frames that had to wait for their token bucket to refill',
    labelNames: ['kind'],
    registers: [registry],
  });
  const superseded = new Counter({
    name: 'tributary_awareness_superseded_total',
    help: 'Awareness frames replaced, before they were applied, by a newer one from the same connection',
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'tributary_rate_limited_closes_total',
    help: 'Connections closed with 4429: inbound (sent faster than allowed) or outbound (did not read)',
    labelNames: ['direction'],
    registers: [registry],
  });
  const metrics: ConnectionMetrics = {
    throttled: (kind) => throttled.inc({ kind }),
    awarenessSuperseded: () => superseded.inc(),
    rateLimited: (direction) => rateLimited.inc({ direction }),
  };
  connectionMetricsByRegistry.set(registry, metrics);
  return metrics;
}
