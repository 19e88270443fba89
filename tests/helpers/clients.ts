import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/** y-websocket message types (first varuint of every frame). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;

export interface CloseInfo {
  code: number;
  reason: string;
}

export interface DocClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves at the first sync with the server; rejects if the server closes the socket for good first. */
  synced: Promise<void>;
  /** Every close the provider saw (code 1006 etc. included), newest last. */
  closes: CloseInfo[];
  destroy(): void;
}

/**
 * A stock y-websocket client, as any outside integration would use it:
 * `new WebsocketProvider(wsUrl + '/yjs/' + roomId, docName, ydoc, { params: { token } })`.
 */
export function connectDoc(
  wsUrl: string,
  roomId: string,
  docName: string,
  token: string | undefined,
  opts: { doc?: Y.Doc; syncTimeoutMs?: number; awareness?: Record<string, unknown> } = {},
): DocClient {
  const doc = opts.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(`${wsUrl}/yjs/${roomId}`, docName, doc, {
    params: token === undefined ? {} : { token },
    disableBc: true,
    // ws's WebSocket is API-compatible with the DOM one for what the provider uses.
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  if (opts.awareness) provider.awareness.setLocalState(opts.awareness);
  const closes: CloseInfo[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  const timeoutMs = opts.syncTimeoutMs ?? 10_000;
  const synced = new Promise<void>((resolve, reject) => {
    if (provider.synced) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      cleanup();
      reject(
        new Error(`${docName} of room ${roomId}: not synced within ${timeoutMs} ms (closes: ${JSON.stringify(closes)})`),
      );
    }, timeoutMs);
    const onSync = (state: boolean): void => {
      if (!state) return;
      cleanup();
      resolve();
    };
    const onClosed = (event: { code: number; reason: string }): void => {
      cleanup();
      reject(new Error(`${docName} of room ${roomId}: closed by the server with ${event.code} ${event.reason} before syncing`));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      provider.off('sync', onSync);
      provider.off('closed', onClosed);
    };
    provider.on('sync', onSync);
    provider.on('closed', onClosed);
  });
  // A caller that never awaits `synced` must not get an unhandled rejection.
  synced.catch(() => {});
  return {
    doc,
    provider,
    synced,
    closes,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/**
 * A round trip through the server on the client's own socket: sends a sync step 1 and resolves
 * once the server's sync step 2 answer has been applied. The server handles a socket's frames in
 * order and answers only with what it holds, so afterwards every frame the client sent before
 * has been handled (a refused one would have closed the socket, and this rejects), and the
 * client holds everything the server's document held. The positive sign that replaces "wait a
 * moment, then check that nothing happened".
 */
export function roundTrip(client: DocClient, timeoutMs = 5_000): Promise<void> {
  const ws = client.provider.ws;
  if (!ws || ws.readyState !== ws.OPEN) return Promise.reject(new Error('roundTrip: the client is not connected'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`roundTrip: no sync step 2 answer within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (event: MessageEvent): void => {
      const frame = new Uint8Array(event.data as ArrayBuffer);
      // messageSync, then messageYjsSyncStep2 (y-protocols/sync).
      if (frame[0] === MESSAGE_SYNC && frame[1] === 1) finish();
    };
    const onClose = (): void => finish(new Error('roundTrip: the server closed the socket before answering'));
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      ws.removeEventListener('message', onMessage);
      ws.removeEventListener('close', onClose);
      // The provider's own listener (registered first) has applied the answer by now.
      if (error) reject(error);
      else resolve();
    };
    ws.addEventListener('message', onMessage);
    ws.addEventListener('close', onClose);
    ws.send(encodeSyncStep1(client.doc));
  });
}

/** Polls until `predicate` is true; fails with `label` after `timeoutMs`. */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs: number,
  label: string,
  intervalMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await predicate()) return;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for: ${label}${why}`);
    }
    await sleep(intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The gap between two steps of a load generator or a poll loop: it sets how fast a test
 * produces activity, never what the test waits for. Named apart from `sleep` so that a grep
 * for fixed sleeps finds only real waits.
 */
export function pace(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface RawSocket {
  ws: WebSocket;
  /** Resolves when the socket is open; rejects if it closes or fails first. */
  opened: Promise<void>;
  /** Resolves with the close event (1006 when the connection failed without a close frame). */
  closed: Promise<CloseInfo>;
  /** Every binary message received, in order. */
  messages: Uint8Array[];
}

/** A bare `ws` socket, for sending hand-made frames. */
export function rawSocket(url: string, opts: { maxPayload?: number } = {}): RawSocket {
  const ws = new WebSocket(url, { maxPayload: opts.maxPayload ?? 64 * 1024 * 1024 });
  const messages: Uint8Array[] = [];
  ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    if (!isBinary) return;
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    messages.push(new Uint8Array(buf));
  });
  // An error (refused upgrade, reset) is followed by 'close'; without a listener it would throw.
  ws.on('error', () => {});
  const closed = new Promise<CloseInfo>((resolve) => {
    ws.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString('utf8') }));
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    void closed.then((info) => reject(new Error(`socket closed before opening: ${info.code} ${info.reason}`)));
  });
  opened.catch(() => {});
  return { ws, opened, closed, messages };
}

/**
 * `roundTrip` for a bare socket: sends a sync step 1 for an empty document and resolves at the
 * server's sync step 2 answer, so every frame sent before it has been handled and the socket is
 * still open. Rejects if the socket closes first.
 */
export function rawRoundTrip(socket: RawSocket, timeoutMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`rawRoundTrip: no sync step 2 answer within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (data: WebSocket.RawData): void => {
      const frame = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (frame[0] === MESSAGE_SYNC && frame[1] === 1) finish();
    };
    const onClose = (code: number, reason: Buffer): void => finish(new Error(`rawRoundTrip: closed with ${code} ${reason.toString('utf8')} before answering`));
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      socket.ws.off('message', onMessage);
      socket.ws.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    socket.ws.on('message', onMessage);
    socket.ws.on('close', onClose);
    const scratch = new Y.Doc();
    socket.ws.send(encodeSyncStep1(scratch));
    scratch.destroy();
  });
}

/** Resolves with the close info, or rejects after `timeoutMs` (a socket the server never closes). */
export function closedWithin(socket: RawSocket, timeoutMs: number, label: string): Promise<CloseInfo> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label}: socket still open after ${timeoutMs} ms`)), timeoutMs);
    void socket.closed.then((info) => {
      clearTimeout(timer);
      resolve(info);
    });
  });
}

/** The websocket URL of a room document, with an optional token. */
export function docUrl(wsUrl: string, roomId: string, docName: string, token?: string): string {
  const base = `${wsUrl}/yjs/${encodeURIComponent(roomId)}/${encodeURIComponent(docName)}`;
  return token === undefined ? base : `${base}?token=${encodeURIComponent(token)}`;
}

// ---- y-websocket frames, built with lib0/encoding and y-protocols/sync ----

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

export function encodeUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAwarenessMessage(awareness: awarenessProtocol.Awareness, clients?: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(
    encoder,
    awarenessProtocol.encodeAwarenessUpdate(awareness, clients ?? [awareness.clientID]),
  );
  return encoding.toUint8Array(encoder);
}

/**
 * Decodes a frame leniently (trailing bytes are not checked): reads the message type, then
 * applies the sync or awareness message to a scratch document. Returns true when that succeeds,
 * i.e. the frame could be a legitimate message. Frames for which this returns false cannot be
 * decoded or applied at all: malformed by any reading of the protocol.
 */
export function isDecodableFrame(frame: Uint8Array): boolean {
  // Copy into a buffer of its own: lib0 makes views on the underlying ArrayBuffer, and a view
  // into a larger pool would let an over-long length read past the frame.
  const own = new Uint8Array(frame.length);
  own.set(frame);
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  const silence = console.error;
  try {
    console.error = () => {};
    const decoder = decoding.createDecoder(own);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      // y-protocols swallows (and logs) errors of Y.applyUpdate unless given a handler.
      let failed = false;
      syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'check', () => {
        failed = true;
      });
      if (failed) return false;
      return true;
    }
    if (type === MESSAGE_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), 'check');
      return true;
    }
    return false;
  } catch {
    return false;
  } finally {
    console.error = silence;
    awareness.destroy();
    doc.destroy();
  }
}
