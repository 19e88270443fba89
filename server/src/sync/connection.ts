import { CloseCode, MAX_MESSAGE_BYTES, type DocName, type Role } from '@tributary/shared';

/** The socket under a connection. The sync core never sees Fastify or `ws`, only this. */
export interface Transport {
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Bytes queued for sending and not yet handed to the network. */
  readonly bufferedAmount: number;
}

/** Who is on the other end, as established by the token. */
export interface ConnectionIdentity {
  roomId: string;
  docName: DocName;
  role: Role;
  participantId: string | null;
  name: string | null;
}

export interface ConnectionLimits {
  maxMessageBytes: number;
  /** A client that lets this much pile up unread is disconnected rather than buffered without end. */
  maxBufferedBytes: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxMessageBytes: MAX_MESSAGE_BYTES,
  maxBufferedBytes: 16 * 1024 * 1024,
};

type FrameHandler = (connection: Connection, frame: Uint8Array) => Promise<void> | void;

/**
 * One socket's session with one document. Frames are handled strictly in arrival order
 * (a chain of promises), and frames that arrive before the room has loaded wait in line.
 */
export class Connection {
  /** Awareness client ids this connection has published; removed when it leaves. */
  readonly awarenessClients = new Set<number>();
  private handler: FrameHandler | null = null;
  private backlog: Uint8Array[] = [];
  private chain: Promise<void> = Promise.resolve();
  private closeListeners: Array<() => void> = [];
  closed = false;

  constructor(
    readonly transport: Transport,
    readonly identity: ConnectionIdentity,
    readonly limits: ConnectionLimits = DEFAULT_CONNECTION_LIMITS,
  ) {}

  /** Feeds one incoming frame. Oversized frames close the socket before any work is done. */
  receive(frame: Uint8Array): void {
    if (this.closed) return;
    if (frame.byteLength > this.limits.maxMessageBytes) {
      this.close(CloseCode.TooLarge, 'message too large');
      return;
    }
    if (!this.handler) {
      this.backlog.push(frame);
      return;
    }
    this.enqueue(frame);
  }

  /** Starts handling frames (those already received first). */
  attach(handler: FrameHandler): void {
    this.handler = handler;
    const backlog = this.backlog;
    this.backlog = [];
    for (const frame of backlog) this.enqueue(frame);
  }

  private enqueue(frame: Uint8Array): void {
    const handler = this.handler!;
    this.chain = this.chain.then(() => (this.closed ? undefined : handler(this, frame)));
  }

  send(frame: Uint8Array): void {
    if (this.closed) return;
    if (this.transport.bufferedAmount > this.limits.maxBufferedBytes) {
      this.close(CloseCode.RateLimited, 'not keeping up with updates');
      return;
    }
    this.transport.send(frame);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.backlog = [];
    try {
      this.transport.close(code, reason);
    } finally {
      this.notifyClosed();
    }
  }

  /** Called by the adapter when the socket closed from the other side. */
  notifyClosed(): void {
    this.closed = true;
    const listeners = this.closeListeners;
    this.closeListeners = [];
    for (const listener of listeners) listener();
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }
}
