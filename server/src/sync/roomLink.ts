import { DOC_NAMES, type DocName } from '@tributary/shared/protocol';
import type { BusMessage, RoomBus } from './bus.ts';

/** What a room does with each kind of message from the other processes serving it. */
export interface RoomLinkHandlers {
  /** A Yjs update another process has already stored. */
  update(docName: DocName, update: Uint8Array): void;
  /** Presence changes (a y-protocols awareness update) of people connected elsewhere. */
  awareness(docName: DocName, update: Uint8Array): void;
  /** Another process just loaded the room and asks for the presence held here. */
  presenceQuery(docName: DocName): void;
  /** The facilitator removed a participant through another process. */
  participantRemoved(participantId: string): void;
}

/**
 * One room's end of the cross-process bus (docs/SCALING.md): what it publishes, and the bus's
 * messages turned into calls on the room. With one process (LocalRoomBus) every publish is
 * skipped, so a lone server pays nothing for it.
 */
export class RoomLink {
  private readonly onMessage = (message: BusMessage): void => this.dispatch(message);
  private closed = false;

  constructor(
    private readonly roomId: string,
    private readonly bus: RoomBus,
    private readonly handlers: RoomLinkHandlers,
  ) {}

  /** True when other processes may serve this room: then storage, not memory, is the whole truth. */
  get distributed(): boolean {
    return this.bus.distributed;
  }

  /**
   * Starts listening before the room reads storage: an update another process stores after that
   * read still reaches us. One stored before the read and also received is merged twice, harmlessly.
   */
  async open(): Promise<void> {
    await this.bus.subscribe(this.roomId, this.onMessage);
    if (!this.bus.distributed) return;
    // Presence is not stored: ask the processes already serving this room for theirs.
    for (const name of DOC_NAMES) this.bus.publish(this.roomId, name, 'presence-query', new Uint8Array(0));
  }

  /** Tells the other processes about an update once it is stored (`seq`: its last sequence number). */
  publishUpdate(docName: DocName, update: Uint8Array, seq: number): void {
    if (this.bus.distributed) this.bus.publish(this.roomId, docName, 'update', update, seq);
  }

  publishAwareness(docName: DocName, update: Uint8Array): void {
    if (this.bus.distributed) this.bus.publish(this.roomId, docName, 'awareness', update);
  }

  publishParticipantRemoved(participantId: string): void {
    if (this.bus.distributed) this.bus.publish(this.roomId, 'control', 'participant-removed', new TextEncoder().encode(participantId));
  }

  close(): void {
    this.closed = true;
    void this.bus.unsubscribe(this.roomId, this.onMessage).catch(() => undefined);
  }

  private dispatch(message: BusMessage): void {
    if (this.closed) return;
    switch (message.kind) {
      case 'update':
        return this.handlers.update(message.docName, message.payload);
      case 'awareness':
        return this.handlers.awareness(message.docName, message.payload);
      case 'presence-query':
        return this.handlers.presenceQuery(message.docName);
      case 'participant-removed':
        return this.handlers.participantRemoved(new TextDecoder().decode(message.payload));
    }
  }
}
