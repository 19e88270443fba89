/**
 * A lightweight raw-protocol client for `npm run bench:server`: one `ws` socket and one Y.Doc,
 * speaking y-protocols sync + awareness directly, so 1,500 of them fit in one load generator.
 *
 * Two wire dialects:
 * - `y`: the stock y-websocket protocol (Tributary and @y/websocket-server): frames are
 *   `[type][payload]`.
 * - `hocuspocus`: the multiplexed protocol of @hocuspocus/server (every frame starts with the
 *   document name as a varString), and an auth frame must come first.
 *
 * Unlike the stock providers, this client never echoes other people's presence back: it sends
 * only its own awareness state (the stock y-websocket and hocuspocus providers re-broadcast every
 * awareness change they receive; servers drop those echoes because the clock did not move).
 */
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export type Dialect = 'y' | 'hocuspocus';

const MSG_SYNC = 0;
const MSG_AWARENESS = 1;
const MSG_AUTH = 2;
const MSG_SYNC_REPLY = 4; // hocuspocus only
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

/** Wall clock in ms with sub-ms resolution, comparable across processes on one machine. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

export interface BenchClientOptions {
  /** Full websocket URL. */
  url: string;
  dialect: Dialect;
  /** hocuspocus: the document name that prefixes each frame. */
  docName?: string;
  /** hocuspocus: the token sent in the auth frame. */
  token?: string;
  /** Called for each awareness entry received from another client: its state (already parsed). */
  onAwareness?: (clientId: number, state: Record<string, unknown> | null) => void;
  /**
   * false: never apply what the server sends (a join-storm joiner on a phone applies its board
   * on its own CPU; 300 of them in one load generator would measure the load generator).
   * `onRemote` still sees every sync step 2 and update payload.
   */
  applyRemote?: boolean;
  onRemote?: (syncType: 'step2' | 'update', payload: Uint8Array, at: number) => void;
  /** Offer permessage-deflate, as browsers do (only Tributary accepts it; the peers run ws without it). */
  deflate?: boolean;
}

/** The origin of updates that came from the server, so the client does not send them back. */
const REMOTE = Symbol('remote');

export class BenchClient {
  readonly doc = new Y.Doc();
  readonly ws: WebSocket;
  /** Resolves once the server's sync step 2 (the whole document) has been applied. */
  readonly synced: Promise<void>;
  readonly opened: Promise<void>;
  /** When the socket was asked for, and when sync step 2 was applied (ms, nowMs clock). */
  readonly startedAt = nowMs();
  syncedAt = 0;
  /** When the frame carrying sync step 2 arrived, before it was applied. */
  step2At = 0;
  closed = false;
  closeCode = 0;
  awarenessFrames = 0;
  private awarenessClock = 0;
  private prefix: Uint8Array | null = null;
  private resolveSynced!: () => void;

  constructor(private readonly options: BenchClientOptions) {
    if (options.dialect === 'hocuspocus') {
      const enc = encoding.createEncoder();
      encoding.writeVarString(enc, options.docName ?? '');
      this.prefix = encoding.toUint8Array(enc);
    }
    this.synced = new Promise((resolve) => (this.resolveSynced = resolve));
    this.ws = new WebSocket(options.url, { perMessageDeflate: options.deflate ?? process.env.BENCH_DEFLATE === '1' });
    this.ws.binaryType = 'nodebuffer';
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.ws.on('open', () => this.onOpen());
    this.ws.on('message', (data: Buffer) => this.onMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    this.ws.on('close', (code) => {
      this.closed = true;
      this.closeCode = code;
    });
    this.ws.on('error', () => undefined);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      this.sendSync(SYNC_UPDATE, update);
    });
  }

  /** Whether this client applies what the server sends (see BenchClientOptions.applyRemote). */
  get appliesRemote(): boolean {
    return this.options.applyRemote !== false;
  }

  private encoder(type: number): encoding.Encoder {
    const enc = encoding.createEncoder();
    if (this.prefix) encoding.writeUint8Array(enc, this.prefix);
    encoding.writeVarUint(enc, type);
    return enc;
  }

  private send(frame: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
  }

  private sendSync(syncType: number, payload: Uint8Array, type = MSG_SYNC): void {
    const enc = this.encoder(type);
    encoding.writeVarUint(enc, syncType);
    encoding.writeVarUint8Array(enc, payload);
    this.send(encoding.toUint8Array(enc));
  }

  private onOpen(): void {
    if (this.options.dialect === 'hocuspocus') {
      // Auth first (Token, then the token string); the server queues what follows until it answers.
      const enc = this.encoder(MSG_AUTH);
      encoding.writeVarUint(enc, 0);
      encoding.writeVarString(enc, this.options.token ?? 'bench');
      this.send(encoding.toUint8Array(enc));
    }
    this.sendSync(SYNC_STEP1, Y.encodeStateVector(this.doc));
  }

  private onMessage(frame: Uint8Array): void {
    const dec = decoding.createDecoder(frame);
    if (this.prefix) decoding.readVarString(dec);
    const type = decoding.readVarUint(dec);
    if (type === MSG_SYNC || type === MSG_SYNC_REPLY) {
      const syncType = decoding.readVarUint(dec);
      const payload = decoding.readVarUint8Array(dec);
      if (syncType === SYNC_STEP1) {
        this.sendSync(SYNC_STEP2, Y.encodeStateAsUpdate(this.doc, payload));
      } else {
        const at = nowMs();
        if (syncType === SYNC_STEP2 && !this.step2At) this.step2At = at;
        this.options.onRemote?.(syncType === SYNC_STEP2 ? 'step2' : 'update', payload, at);
        if (this.options.applyRemote !== false) Y.applyUpdate(this.doc, payload, REMOTE);
        if (syncType === SYNC_STEP2 && !this.syncedAt) {
          this.syncedAt = this.options.applyRemote === false ? this.step2At : nowMs();
          this.resolveSynced();
        }
      }
    } else if (type === MSG_AWARENESS) {
      this.awarenessFrames++;
      const onAwareness = this.options.onAwareness;
      if (!onAwareness) return;
      const update = decoding.readVarUint8Array(dec);
      const ad = decoding.createDecoder(update);
      const count = decoding.readVarUint(ad);
      for (let i = 0; i < count; i++) {
        const clientId = decoding.readVarUint(ad);
        decoding.readVarUint(ad);
        const json = decoding.readVarString(ad);
        if (clientId === this.doc.clientID) continue;
        onAwareness(clientId, JSON.parse(json) as Record<string, unknown> | null);
      }
    }
    // Auth replies, hocuspocus' SyncStatus acks and anything else: nothing to do.
  }

  /** Publishes this client's own presence (one awareness entry, the clock moved on). */
  setAwareness(state: Record<string, unknown> | null): void {
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, this.doc.clientID);
    encoding.writeVarUint(inner, ++this.awarenessClock);
    encoding.writeVarString(inner, JSON.stringify(state));
    const enc = this.encoder(MSG_AWARENESS);
    encoding.writeVarUint8Array(enc, encoding.toUint8Array(inner));
    this.send(encoding.toUint8Array(enc));
  }

  close(): void {
    this.closed = true;
    try {
      this.ws.terminate();
    } catch {
      // already gone
    }
    this.doc.destroy();
  }
}

/**
 * A note exactly as the Tributary board holds it (docs/API.md "The board document"): the server
 * checks every field, so the send time travels in the text, which readers parse (sentAtOf).
 * Written by the room's facilitator, who carries no author name.
 */
export function makeNote(seq: number, sentAt: number): Y.Map<unknown> {
  return new Y.Map<unknown>([
    ['text', `Bench note ${seq} sent at ${sentAt}: what worked well today?`],
    ['pos', { x: (seq * 37) % 4000, y: (seq * 53) % 3000 }],
    ['color', 'yellow'],
    ['areaId', null],
    ['anonymous', false],
    ['createdAt', Math.round(sentAt)],
  ]);
}

/** The send time a bench note carries in its text (makeNote), or NaN. */
export function sentAtOf(note: Y.Map<unknown> | undefined): number {
  const text = note?.get('text');
  const match = typeof text === 'string' ? / sent at ([0-9.]+):/.exec(text) : null;
  return match ? Number(match[1]) : NaN;
}

/** Writes one bench note (one transaction, so one update frame) and returns its key. */
export function writeNote(client: BenchClient, seq: number, prefix = 'bench'): string {
  const key = `${prefix}-${seq}`;
  client.doc.transact(() => {
    client.doc.getMap('notes').set(key, makeNote(seq, nowMs()));
  });
  return key;
}

/**
 * Calls `onNote(key, sentAt)` for every note that arrives from the server after this is called
 * (added keys only; a merged update carrying several notes reports each).
 */
export function watchNotes(client: BenchClient, onNote: (key: string, sentAt: number, at: number) => void): void {
  const notes = client.doc.getMap<Y.Map<unknown>>('notes');
  notes.observe((event) => {
    const at = nowMs();
    for (const [key, change] of event.changes.keys) {
      if (change.action !== 'add') continue;
      const note = notes.get(key);
      onNote(key, sentAtOf(note), at);
    }
  });
}

/**
 * Whether an encoded update carries a map entry with this key, without decoding it: Yjs writes
 * a map key as a varString (length, then UTF-8), so the length byte makes the match exact
 * ("burst-1" does not match "burst-10"). Keys here are short ASCII, so the length is one byte.
 */
export function updateHasKey(update: Uint8Array, key: string): boolean {
  const needle = Buffer.from([key.length, ...Buffer.from(key, 'utf8')]);
  return Buffer.from(update.buffer, update.byteOffset, update.byteLength).indexOf(needle) !== -1;
}

/**
 * For a client that does not apply what it receives: one writer's notes `<prefix>-0`, `-1`, ...
 * arrive in order, so a frame carries the next ones or none. Returns the sequence number after
 * the last note found in `update`, starting the search at `next` and never reaching `limit`
 * (the number of notes written so far).
 */
export function nextNoteIn(update: Uint8Array, prefix: string, next: number, limit: number): number {
  let seq = next;
  while (seq < limit && updateHasKey(update, `${prefix}-${seq}`)) seq++;
  return seq;
}
