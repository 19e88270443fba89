import { withMessages } from '../i18n/i18n.ts';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence, storeState } from 'y-indexeddb';
import type { BoardWriter } from '@tributary/shared/board/rules';
import { areasMap, notesMap } from '@tributary/shared/board/schema';
import { deleteNotes, setNoteText } from '@tributary/shared/board/mutations';
import { boardSituation, controlMap, readControl, type ControlState } from '@tributary/shared/control/state';
import { LOCAL_ORIGIN } from '@tributary/shared/origins';
import { FINAL_CLOSE_CODES, type DocName } from '@tributary/shared/protocol';
import { boardRights, type BoardRights } from './boardRights.ts';
import { BoardStore } from './boardStore.ts';
import { appendToDraft } from './drafts.ts';
import { DeviceRoom, type ConnectionState, type ConnectionStatus } from './deviceRoom.ts';
import { forgetLastControl, saveLastControl } from './lastControl.ts';
import type { Outbox } from './outbox.ts';
import type { OwnNotes } from './ownNotes.ts';
import { MAX_RECONNECT_DELAY_MS, reconnectDelay } from './reconnect.ts';
import { refusalLabelFromClose, type BoardRefusalNotice } from './refusalLabel.ts';
import { pageClock } from './serverClock.ts';
import { sessionEnded } from './sessionEnded.ts';
import type { RoomSession } from './session.ts';
import { withinPresenceCap, type PresenceState, type PresenceUser } from './presenceState.ts';
import { Store } from './store.ts';

export type { ConnectionState, ConnectionStatus };

export interface RoomClientOptions {
  session: RoomSession;
  /**
   * The room as this device kept it, whose stores (control, own notes, send queue) a phone
   * already shows (sync/deviceRoom.ts); this client takes them over, starts the queue, and only
   * holds it again when destroyed. Without one, the client keeps its own.
   */
  device?: DeviceRoom;
  /** `ws(s)://host:port`; defaults to the page's own origin. */
  serverUrl?: string;
  /** For Node tests: a WebSocket implementation (the `ws` package). */
  WebSocketImpl?: typeof WebSocket;
}

const CURSOR_COLORS = ['#B3261E', '#1D6FB8', '#2E7D32', '#8E24AA', '#C2410C', '#00796B', '#AD1457', '#4E5BA6'];

export function defaultServerUrl(): string {
  const { protocol, host } = globalThis.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}`;
}

/**
 * Everything one device needs to take part in one room, created outside React:
 * the two live documents, their providers, presence, undo, and stores the views subscribe to.
 */
export class RoomClient {
  readonly roomId: string;
  readonly session: RoomSession;
  readonly control = new Y.Doc();
  readonly controlProvider: WebsocketProvider;
  readonly boardStore: BoardStore;
  readonly controlStore: Store<ControlState>;
  readonly connection = new Store<ConnectionState>({ status: 'connecting', synced: false });
  readonly presence = new Store<PresenceUser[]>([]);
  /** Set when the server refused a change this device wrote to the board (see boardRefusal.ts). */
  readonly boardRefusal = new Store<BoardRefusalNotice | null>(null);
  /** The server's clock (timers are measured on it), read once per page. */
  readonly clock = pageClock;
  /** The notes this person wrote here: waiting to be sent, or posted (with their edit keys). */
  readonly ownNotes: OwnNotes;
  /** Sends the own notes that wait (for the connection to come back, or the server to answer). */
  readonly outbox: Outbox;
  private readonly cleanups: Array<() => void> = [];
  /** Everything tied to one board document; all of it is replaced when the board is loaded again. */
  private boardDoc = new Y.Doc();
  private boardConnection!: WebsocketProvider;
  private boardUndo!: Y.UndoManager;
  private boardDeviceCache: IndexeddbPersistence | null = null;
  private boardCleanups: Array<() => void> = [];
  private readonly docsUrl: string;
  private readonly WebSocketImpl: typeof WebSocket | undefined;
  /** The device's room was made here (not handed in by a view that shows it), so it ends with this client. */
  private readonly ownsDevice: boolean;
  private destroyed = false;

  /** The live board document. A refusal replaces it: read it here each time, never keep it. */
  get board(): Y.Doc {
    return this.boardDoc;
  }

  get boardProvider(): WebsocketProvider {
    return this.boardConnection;
  }

  /** Undo and redo only this person's own changes (LOCAL_ORIGIN), never anyone else's. */
  get undoManager(): Y.UndoManager {
    return this.boardUndo;
  }

  /** The board kept on the device (IndexedDB), so edits made offline survive a reload. Never the control document. */
  get boardCache(): IndexeddbPersistence | null {
    return this.boardDeviceCache;
  }

  constructor(options: RoomClientOptions) {
    this.session = options.session;
    this.roomId = options.session.roomId;
    this.docsUrl = `${options.serverUrl ?? defaultServerUrl()}/yjs/${encodeURIComponent(this.roomId)}`;
    this.WebSocketImpl = options.WebSocketImpl;
    const device = options.device ?? new DeviceRoom(options.session);
    this.ownsDevice = !options.device;
    // Until the server's control document arrives, the room as this device last saw it (offline reload).
    this.controlStore = device.controlStore;
    this.ownNotes = device.ownNotes;
    this.outbox = device.outbox;
    this.outbox.release();
    this.openBoard(this.boardDoc);
    this.controlProvider = this.createProvider('control', this.control);
    // Presence lives on the board connection only; the control connection shares none.
    this.controlProvider.awareness.setLocalState(null);

    this.openBoardCache();
    this.watchNetwork();
    void this.clock.sync();
    this.boardStore = new BoardStore(this.board);
    let lastMode = this.controlStore.get().mode;
    const onControl = () => {
      const next = readControl(this.control);
      this.controlStore.set(next);
      saveLastControl(this.roomId, next);
      // Entering or leaving an anonymous step changes what this device may share.
      if (next.mode !== lastMode) {
        lastMode = next.mode;
        this.publishLocalPresence();
      }
    };
    controlMap(this.control).observe(onControl);
    this.cleanups.push(() => controlMap(this.control).unobserve(onControl));

    const color = CURSOR_COLORS[this.board.clientID % CURSOR_COLORS.length]!;
    this.localPresence = {
      name: this.session.name ?? '',
      color,
      role: this.session.role,
      cursor: null,
      drag: null,
      badge: null,
      following: false,
      viewport: null,
    };
    this.publishLocalPresence();
    this.publishPresence();
  }

  /** Connects a board document, with its undo and presence (not its device cache: see openBoardCache). */
  private openBoard(doc: Y.Doc): void {
    this.boardDoc = doc;
    this.boardConnection = this.createProvider('board', doc);
    this.boardUndo = new Y.UndoManager([notesMap(doc), areasMap(doc)], {
      trackedOrigins: new Set([LOCAL_ORIGIN]),
      captureTimeout: 400,
    });
    const awareness = this.boardConnection.awareness;
    const onAwareness = () => this.publishPresence();
    awareness.on('change', onAwareness);
    this.boardCleanups.push(() => awareness.off('change', onAwareness));
  }

  private openBoardCache(): void {
    if (typeof globalThis.indexedDB === 'undefined') return;
    try {
      this.boardDeviceCache = new IndexeddbPersistence(`tributary:board:${this.roomId}`, this.boardDoc);
      this.compactCacheAfterDeletions(this.boardDeviceCache);
    } catch {
      /* IndexedDB refused (private mode on some phones): the board lives in memory only */
    }
  }

  /** Who this person is to the board's rules: the same writer the server builds from their token. */
  boardWriter(): BoardWriter {
    return { role: this.session.role, participantId: this.session.participantId ?? null, name: this.session.name ?? null };
  }

  /**
   * What this person may do to the board right now, by the same rules the server checks, so the
   * controls offer only what will be accepted and a refusal can only come from a race.
   */
  boardRights(): BoardRights {
    return boardRights(this.boardWriter(), boardSituation(this.control));
  }

  /**
   * The server refused a change this device wrote to the board. Refusals only come from races,
   * so the recovery (boardRefusal.ts: load the board afresh, keep what was typed, tell the person)
   * is fetched only now, with its words; if the signal drops at that moment, it tries again.
   */
  private recoverFromRefusal(closeCode: number, closeReason: string, attempt = 1): void {
    // Its words (`refusals`) come with it, in the person's language.
    withMessages(import('./boardRefusal.ts'), 'refusals').then(
      (recovery) => recovery.recoverFromRefusal(this, closeCode, closeReason),
      () => {
        if (!this.destroyed) setTimeout(() => this.recoverFromRefusal(closeCode, closeReason, attempt + 1), reconnectDelay(attempt));
      },
    );
  }

  /** A note's text sent through `POST …/notes` (the outbox), with the room's choice about names. */
  postThroughServer(text: string): Promise<unknown> {
    return this.outbox.post({ text }, readControl(this.control).anonymousByDefault);
  }

  /**
   * Throws the board document away (the refused change is in it and in its device cache, and
   * y-websocket would send it again on every reconnection) and connects a fresh one. Resolves
   * with the fresh document once its device cache is open, or null if the client closed meanwhile.
   */
  async loadBoardAfresh(): Promise<Y.Doc | null> {
    if (this.destroyed) return null;
    const old = this.boardDoc;
    this.closeBoard();
    const doc = new Y.Doc();
    this.openBoard(doc);
    this.boardStore.rebind(doc);
    this.publishLocalPresence();
    this.publishPresence();
    const cache = this.boardDeviceCache;
    this.boardDeviceCache = null;
    // The device cache holds the refused change too: it goes with the document.
    const cleared = cache?.clearData().catch(() => {});
    old.destroy();
    if (cleared) {
      await cleared;
      if (this.destroyed || this.boardDoc !== doc) return null;
      this.openBoardCache();
    }
    return doc;
  }

  /** Changes the words of a note written straight onto the board (ask `boardRights` first). */
  setNoteText(noteId: string, text: string): void {
    setNoteText(this.board, noteId, text);
  }

  /** Deletes notes written straight onto the board (ask `boardRights` first). */
  deleteNotes(noteIds: string[]): void {
    deleteNotes(this.board, noteIds);
  }

  /** Stops for good after a close that retrying cannot help; the banner says why. */
  stopForGood(closeCode: number, closeReason: string): void {
    this.connection.set({ status: 'closed', synced: false, closeCode, closeReason });
  }

  /**
   * Text typed into a note the board no longer has, or may no longer take (an editor that was
   * open when the board was loaded again): kept in the composer's draft and shown with the notice.
   */
  keepTypedText(noteId: string, text: string): void {
    appendToDraft(this.roomId, text);
    const notice = this.boardRefusal.get();
    if (notice) this.boardRefusal.set({ ...notice, kept: [...notice.kept.filter((k) => k.noteId !== noteId), { noteId, text }] });
  }

  /** The person has read the refusal message. */
  dismissBoardRefusal(): void {
    this.boardRefusal.set(null);
  }

  private closeBoard(): void {
    for (const cleanup of this.boardCleanups.splice(0)) cleanup();
    this.boardUndo.destroy();
    this.boardConnection.destroy();
  }

  /**
   * Sends the outbox when the connection comes back (or the browser says it is online), and
   * says "offline" when the browser knows there is no network.
   */
  private watchNetwork(): void {
    let wasConnected = false;
    const unsubscribe = this.connection.subscribe(() => {
      const connected = this.connection.get().status === 'connected';
      if (connected && !wasConnected) void this.outbox.flush();
      wasConnected = connected;
    });
    this.cleanups.push(unsubscribe);
    // Notes left waiting by an earlier visit go as soon as possible.
    if (this.outbox.waiting > 0) void this.outbox.flush();
    const target = globalThis.window;
    if (!target?.addEventListener) return;
    let onlineTimer: ReturnType<typeof setTimeout> | undefined;
    const onOnline = () => {
      this.updateConnection();
      void this.outbox.flush();
      if (this.connection.get().status === 'closed') return;
      // Try the sockets again soon, not all phones at the same instant.
      clearTimeout(onlineTimer);
      onlineTimer = setTimeout(() => {
        for (const p of [this.boardProvider, this.controlProvider]) if (p.shouldConnect && !p.ws) p.connect();
      }, reconnectDelay(1));
    };
    const onOffline = () => {
      this.updateConnection();
      if (this.connection.get().status === 'closed') return;
      // A socket can look open for a long time after the network went; drop it and keep trying.
      for (const p of [this.boardProvider, this.controlProvider]) {
        if (p.ws && p.shouldConnect) {
          p.disconnect();
          p.connect();
        }
      }
    };
    target.addEventListener('online', onOnline);
    target.addEventListener('offline', onOffline);
    this.cleanups.push(() => {
      clearTimeout(onlineTimer);
      target.removeEventListener('online', onOnline);
      target.removeEventListener('offline', onOffline);
    });
  }

  private createProvider(name: DocName, doc: Y.Doc): WebsocketProvider {
    const WebSocketImpl = this.WebSocketImpl;
    // Only the board takes writes, so only its refusals are a race to recover from.
    const refusedWrite = (event: CloseEvent | null) => (name === 'board' && event ? refusalLabelFromClose(event.code, event.reason) : null);
    const provider = new WebsocketProvider(this.docsUrl, name, doc, {
      params: { token: this.session.token },
      disableBc: true,
      maxBackoffTime: MAX_RECONNECT_DELAY_MS,
      // Keep trying through rate limits and restarts; stop only when retrying cannot help.
      // A refused board write is recovered with a fresh document and connection (resetBoard).
      shouldReconnect: (event: CloseEvent) => !FINAL_CLOSE_CODES.has(event.code) && !refusedWrite(event),
      ...(WebSocketImpl ? { WebSocketPolyfill: WebSocketImpl } : {}),
    } as ConstructorParameters<typeof WebsocketProvider>[3]);
    // Jitter: y-websocket waits min(2^n * 100 ms, maxBackoffTime) after a close, the same for
    // every phone. Right after 'connection-close' it computes that wait, so we count tries
    // ourselves, push its own exponent out of the way and put our jittered delay in
    // maxBackoffTime. The count starts again once a connection synced.
    let attempts = 0;
    provider.on('sync', (synced: boolean) => {
      if (synced) attempts = 0;
    });
    provider.on('status', () => this.updateConnection());
    provider.on('sync', () => this.updateConnection());
    provider.on('connection-close', (event: CloseEvent | null) => {
      attempts++;
      provider.wsUnsuccessfulReconnects = 30;
      provider.maxBackoffTime = reconnectDelay(attempts);
      if (event && refusedWrite(event)) {
        // Asynchronous: not from inside the provider's own close handler, which still has work to do.
        this.recoverFromRefusal(event.code, event.reason);
      } else if (event && FINAL_CLOSE_CODES.has(event.code)) {
        this.stopForGood(event.code, event.reason);
        // The room is gone (deleted now, or found gone by a phone that was away): its board kept on
        // this phone (everyone's notes) and its last reading can go nowhere now. The person's own notes stay (ownNotes).
        if (sessionEnded({ status: 'closed', closeCode: event.code, closeReason: event.reason })) {
          void this.boardCache?.clearData().catch(() => {});
          forgetLastControl(this.roomId);
        }
      }
    });
    return provider;
  }

  private updateConnection(): void {
    if (this.connection.get().status === 'closed') return;
    const providers = [this.boardProvider, this.controlProvider].filter(Boolean);
    const connected = providers.length === 2 && providers.every((p) => p.wsconnected);
    const synced = connected && providers.every((p) => p.synced);
    const anyConnecting = providers.some((p) => p.wsconnecting);
    const deviceOffline = globalThis.navigator?.onLine === false;
    const status: ConnectionStatus = connected ? 'connected' : deviceOffline ? 'offline' : anyConnecting ? 'connecting' : 'offline';
    const current = this.connection.get();
    if (current.status !== status || current.synced !== synced || Boolean(current.deviceOffline) !== deviceOffline) {
      this.connection.set({ status, synced, ...(deviceOffline ? { deviceOffline } : {}) });
    }
  }

  private publishPresence(): void {
    const awareness = this.boardProvider.awareness;
    const users: PresenceUser[] = [];
    awareness.getStates().forEach((state, clientId) => {
      if (!state || typeof state !== 'object') return;
      const s = state as Partial<PresenceState> & { person?: unknown };
      // A projector is not a person: it is in no list and no count (the server stamps the role).
      if (s.role === 'presenter') return;
      users.push({
        clientId,
        isSelf: clientId === this.board.clientID,
        person: typeof s.person === 'string' ? s.person.slice(0, 64) : null,
        name: typeof s.name === 'string' ? s.name.slice(0, 40) : '',
        color: typeof s.color === 'string' ? s.color : '#555555',
        role: s.role === 'facilitator' ? 'facilitator' : 'participant',
        cursor: s.cursor && Number.isFinite(s.cursor.x) && Number.isFinite(s.cursor.y) ? s.cursor : null,
        drag: s.drag && Array.isArray(s.drag.ids) ? s.drag : null,
        badge: s.badge && (s.badge.kind === 'talk' || s.badge.kind === 'listen' || s.badge.kind === 'break') ? { kind: s.badge.kind, showName: s.badge.showName === true } : null,
        following: s.following === true,
        viewport:
          s.viewport && Number.isFinite(s.viewport.x) && Number.isFinite(s.viewport.y) && Number.isFinite(s.viewport.zoom) ? s.viewport : null,
      });
    });
    users.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name));
    this.presence.set(users);
  }

  /**
   * Updates this device's presence fields (cursor, drag, badge…) for everyone else to see.
   * While the step is anonymous, a participant shares no name, colour, cursor or drag at all
   * (the server strips them too; not sending them is the first line).
   */
  setPresence(partial: Partial<PresenceState>): void {
    this.localPresence = { ...this.localPresence, ...partial };
    this.publishLocalPresence();
  }

  /** Everything this device would share; what it does share depends on the step (below). */
  private localPresence!: PresenceState;

  private publishLocalPresence(): void {
    const awareness = this.boardProvider.awareness;
    const current = this.localPresence;
    // The projector shares nothing: no cursor, no name, not one of the people here.
    if (this.session.role === 'presenter') {
      awareness.setLocalState(null);
      return;
    }
    const anonymous = this.session.role === 'participant' && this.controlStore.get().mode === 'anonymous';
    const shared: Partial<PresenceState> = anonymous
      ? { role: current.role, badge: current.badge ? { kind: current.badge.kind, showName: false } : null, following: current.following }
      : withinPresenceCap(current);
    awareness.setLocalState(shared);
  }

  /**
   * The device cache keeps every update it was given until it trims itself, so a note the
   * facilitator hid or its author withdrew would still be readable on the phone. When notes leave
   * the board, rewrite the cache as the current (garbage-collected) state, shortly after.
   */
  private compactCacheAfterDeletions(cache: IndexeddbPersistence): void {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const onNotes = (event: Y.YMapEvent<Y.Map<unknown>>) => {
      let deleted = false;
      event.changes.keys.forEach((change) => {
        if (change.action === 'delete') deleted = true;
      });
      if (!deleted || timer) return;
      timer = setTimeout(() => {
        timer = null;
        void storeState(cache, true).catch(() => {});
      }, 500);
    };
    const notes = notesMap(this.board);
    notes.observe(onNotes);
    this.boardCleanups.push(() => {
      notes.unobserve(onNotes);
      if (timer) clearTimeout(timer);
    });
  }

  /** Drops and re-opens both connections (after a token change, or from a "try again" button). */
  reconnect(): void {
    this.connection.set({ status: 'connecting', synced: false });
    for (const p of [this.boardProvider, this.controlProvider]) {
      p.disconnect();
      p.connect();
    }
  }

  destroy(): void {
    this.destroyed = true;
    for (const cleanup of this.cleanups) cleanup();
    // A view's device room outlives this client (its note box is still on screen): its queue waits again.
    if (this.ownsDevice) this.outbox.destroy();
    else this.outbox.hold();
    void this.boardCache?.destroy();
    this.closeBoard();
    this.boardStore.destroy();
    this.controlProvider.destroy();
    this.board.destroy();
    this.control.destroy();
  }
}
