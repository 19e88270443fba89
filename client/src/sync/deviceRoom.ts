import { emptyControl, type ControlState } from '@tributary/shared/control/state';
import { api } from './api.ts';
import type { BoardSnapshot } from './boardStore.ts';
import { loadLastControl } from './lastControl.ts';
import { Outbox } from './outbox.ts';
import { OwnNotes, currentStepKey } from './ownNotes.ts';
import type { PresenceUser } from './presenceState.ts';
import type { RoomSession } from './session.ts';
import { Store } from './store.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'offline' | 'closed';

export interface ConnectionState {
  status: ConnectionStatus;
  /** True once both documents have synced with the server since the last (re)connection. */
  synced: boolean;
  /** Set when the server closed the connection for good (bad token, room deleted, …). */
  closeCode?: number;
  closeReason?: string;
  /** The browser says this device has no network at all (navigator.onLine is false). */
  deviceOffline?: boolean;
}

/** What a room's screen reads, the same from the room kept on the device and from the live room (RoomClient). */
export type RoomStores = Pick<DeviceRoom, 'roomId' | 'session' | 'controlStore' | 'boardStore' | 'connection' | 'presence' | 'ownNotes' | 'outbox'>;

/**
 * The room as this device kept it, ready before the live room (Yjs, the connections) is even
 * loaded, as an offline-first app opens: the room's last reading (sync/lastControl.ts), the
 * person's own notes and the send queue over them. A phone shows its note box from this at once;
 * the live room (RoomClient) then takes these same stores over, so nothing typed or posted is
 * copied between two places. Until then the queue is held: a note posted meanwhile is kept and
 * sent once, when the live room starts it (the server's rules decide, as always).
 */
export class DeviceRoom {
  readonly roomId: string;
  readonly session: RoomSession;
  /** The room's last reading until the live control document arrives (RoomClient sets it then). */
  readonly controlStore: Store<ControlState>;
  /** This device had kept a reading of the room (false on a first visit: the question is not known yet). */
  readonly keptReading: boolean;
  readonly ownNotes: OwnNotes;
  readonly outbox: Outbox;
  /** Stand-ins until the live room is here: not connected yet (offline, if the browser knows it), no board, nobody present. */
  readonly connection = new Store<ConnectionState>(
    globalThis.navigator?.onLine === false ? { status: 'offline', synced: false, deviceOffline: true } : { status: 'connecting', synced: false },
  );
  readonly boardStore = new Store<BoardSnapshot>({ version: 0, notes: new Map(), areas: new Map() });
  readonly presence = new Store<PresenceUser[]>([]);

  constructor(session: RoomSession) {
    this.session = session;
    this.roomId = session.roomId;
    const empty = emptyControl();
    const kept = loadLastControl(this.roomId, empty);
    this.keptReading = kept !== null;
    this.controlStore = new Store(kept ?? empty);
    this.ownNotes = new OwnNotes(this.roomId);
    this.outbox = new Outbox({
      roomId: this.roomId,
      notes: this.ownNotes,
      send: (body, idempotencyKey) => api.postNote(this.roomId, session.token, body, idempotencyKey),
      // Read when the server answers: by then the live room keeps this store up to date.
      stepKey: () => currentStepKey(this.controlStore.get()),
      held: true,
    });
  }
}
