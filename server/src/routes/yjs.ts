import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { CloseCode, REMOVED_REASON, UNKNOWN_ROOM_REASON, isDocName } from '@tributary/shared/protocol';
import { checkToken } from '../auth/tokenCheck.ts';
import { connectionMetrics } from '../metrics.ts';
import { DEFLATE_THRESHOLD } from '../plugins/external.ts';
import { Connection, type ConnectionMetrics, type Transport } from '../sync/connection.ts';

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The parts of ws's internals (8.x) that hold a connection's zlib stream for sending. */
interface WsDeflateInternals {
  _extensions?: Record<string, { _deflate: { close(): void } | null } | undefined>;
  _sender?: { _state: number; _queue: unknown[] } | null;
}

/**
 * ws keeps a connection's deflate stream after its first compressed message (it only resets it
 * between messages), which is about 85 KiB per connection that ever received a large frame (a
 * board's first sync): measured RSS per idle connection was 138 KiB against 54 KiB without
 * compression. Once nothing is being compressed or waiting, release it; the next large frame
 * makes a new one. Only after frames large enough to have been compressed.
 */
function releaseDeflate(socket: WebSocket): void {
  const internals = socket as unknown as WsDeflateInternals;
  const deflate = internals._extensions?.['permessage-deflate'];
  const sender = internals._sender;
  if (!deflate?._deflate || !sender || sender._state !== 0 || sender._queue.length > 0) return;
  deflate._deflate.close();
  deflate._deflate = null;
}

/**
 * A connection's socket as the sync core sees it. A class, not an object literal: a literal
 * with a getter gets a hidden class of its own per connection, which made every send in a
 * relay loop a megamorphic property lookup (measured with perf under bench:server's 500
 * connections: V8's LoadIC was 4.5% of the main thread's time, against 1.6% in y-websocket).
 */
class SocketTransport implements Transport {
  /** Negotiated at the upgrade and fixed after it; ws builds the string on every read. */
  private readonly compresses: boolean;

  constructor(private readonly socket: WebSocket) {
    this.compresses = socket.extensions !== '';
  }

  send(frame: Uint8Array): void {
    if (frame.byteLength < DEFLATE_THRESHOLD || !this.compresses) this.socket.send(frame, SEND_BINARY);
    else this.socket.send(frame, SEND_BINARY, () => releaseDeflate(this.socket));
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }
}

/** ws copies the options it is given, so one object serves every send. */
const SEND_BINARY = Object.freeze({ binary: true });

interface SocketRequest {
  roomId: string;
  doc: string;
  token: string;
  log: FastifyBaseLogger;
}

/**
 * Wires one upgraded socket to the sync core. Takes only what it needs from the HTTP request:
 * the socket's listeners live as long as the connection, and closures that captured the
 * Fastify request kept its headers, reply and logger alive (about 3-4 KiB per idle
 * connection, measured with heap snapshots).
 */
function acceptSocket(app: FastifyInstance, socket: WebSocket, { roomId, doc, token, log }: SocketRequest, metrics: ConnectionMetrics): void {
  const limits = app.config.websocket.limits;
  const early: Uint8Array[] = [];
  let earlyBytes = 0;
  let connection: Connection | null = null;

  socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    if (!isBinary) {
      socket.close(CloseCode.Malformed, 'text frames are not part of the protocol');
      return;
    }
    const frame = toBytes(data);
    if (connection) {
      connection.receive(frame);
      return;
    }
    // Before the token is checked nobody is known: hold no more than a connection may queue.
    if (frame.byteLength > limits.maxMessageBytes) {
      socket.close(CloseCode.TooLarge, 'message too large');
      return;
    }
    earlyBytes += frame.byteLength;
    if (early.length >= limits.maxQueuedFrames || earlyBytes > limits.maxQueuedBytes) {
      early.length = 0;
      socket.close(CloseCode.RateLimited, 'sending faster than the server accepts');
      return;
    }
    early.push(frame);
  });
  socket.on('close', () => connection?.notifyClosed());
  socket.on('error', (error) => log.debug({ err: error.message }, 'websocket error'));

  const open = async () => {
    if (!isDocName(doc)) return socket.close(CloseCode.NotFound, 'unknown document');
    const room = await app.storage.getRoom(roomId);
    if (!room) return socket.close(CloseCode.NotFound, UNKNOWN_ROOM_REASON);
    const check = await checkToken(app.storage, token, roomId);
    if (check.status === 'removed') return socket.close(CloseCode.Unauthorized, REMOVED_REASON);
    if (check.status === 'unknown') return socket.close(CloseCode.Unauthorized, 'bad token');
    const record = check.record;
    if (socket.readyState !== socket.OPEN) return;
    const identity = { roomId, docName: doc, role: record.role, participantId: record.participantId, name: record.name };
    connection = new Connection(new SocketTransport(socket), identity, limits, metrics);
    for (const frame of early.splice(0)) connection.receive(frame);
    await app.sync.connect(connection);
  };
  open().catch((error: unknown) => {
    log.error({ err: error instanceof Error ? error.message : String(error), roomId }, 'opening websocket failed');
    socket.close(1011, 'server error');
  });
}

/**
 * @fastify/websocket routes an upgrade through Fastify with a ServerResponse it assigns to the
 * socket, and gives the upgraded socket an 'error' listener that closes over the Fastify request
 * and reply. Both would live as long as the connection: bench:server's 1,500 idle connections
 * held 10.4 KiB of heap each with them and 6.1 KiB without (y-websocket: 4.4). The handler is
 * the last thing that needs them, so it detaches the response (the counterpart of that
 * assignSocket) and swaps the listener for acceptSocket's own. Nothing is lost: ws closes the
 * socket itself after an error, and acceptSocket logs it.
 */
function releaseUpgradeRequest(socket: WebSocket, raw: IncomingMessage): void {
  const response = (raw.socket as { _httpMessage?: ServerResponse | null })._httpMessage;
  if (response) response.detachSocket(raw.socket);
  socket.removeAllListeners('error');
}

/**
 * `/yjs/:roomId/:doc?token=…`: the y-websocket endpoint. Authenticates, then hands the socket
 * to the sync core. Frames that arrive while the token is being checked wait in line.
 */
export default async function yjsRoutes(app: FastifyInstance) {
  const metrics = connectionMetrics(app.metricsRegistry);
  app.get<{ Params: { roomId: string; doc: string }; Querystring: { token?: string } }>(
    '/yjs/:roomId/:doc',
    // A websocket has its own compression (permessage-deflate, plugins/external.ts); an HTTP
    // compressor on the upgrade would only get in its way.
    { websocket: true, compress: false },
    (socket, request) => {
      releaseUpgradeRequest(socket, request.raw);
      const token = typeof request.query.token === 'string' ? request.query.token : '';
      acceptSocket(app, socket, { roomId: request.params.roomId, doc: request.params.doc, token, log: request.log }, metrics);
    },
  );
}
