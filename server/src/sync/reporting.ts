import type { DocName } from '@tributary/shared/protocol';

/** Where the core logs (the adapter passes Fastify's pino logger). */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Counters the core reports; the adapter wires them to /metrics. */
export interface SyncMetrics {
  updateStored(docName: DocName, count: number): void;
  /** A client's update was refused (hooks' checkUpdate, or a size cap), by reason. */
  writeRefused(docName: DocName, reason: string): void;
  malformed(): void;
  storageFailure(): void;
  /** Presence entries dropped: `too-large` states, or `too-many-ids` for one connection. */
  presenceDropped(reason: 'too-large' | 'too-many-ids', count: number): void;
}
