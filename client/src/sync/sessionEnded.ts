import { CloseCode, UNKNOWN_ROOM_REASON } from '@tributary/shared/protocol';

/** What a connection's end says about it (RoomClient's ConnectionState has these; not imported, so there is no import circle). */
interface ConnectionEnd {
  status: string;
  closeCode?: number;
  closeReason?: string;
}

/**
 * The room is gone for good: deleted while this screen was connected (4410), or already gone
 * when it connected again (4404 "unknown room", a phone reloaded after the end). Either way the
 * session has ended, and nothing of it but what this device kept should be shown.
 */
export function sessionEnded(connection: ConnectionEnd): boolean {
  if (connection.status !== 'closed') return false;
  return connection.closeCode === CloseCode.RoomDeleted || (connection.closeCode === CloseCode.NotFound && connection.closeReason === UNKNOWN_ROOM_REASON);
}
