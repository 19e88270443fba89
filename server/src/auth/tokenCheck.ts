import type { Storage, TokenRecord } from '../storage/types.ts';
import { hashToken } from './tokens.ts';

/** What a bearer token is worth in a room: nothing, a removed participant's, or a live one. */
export type TokenCheck = { status: 'valid'; record: TokenRecord } | { status: 'unknown' } | { status: 'removed' };

/**
 * The one check of a bearer token, for HTTP and websockets alike: it must belong to this room
 * and must not have been revoked (the facilitator removed its participant).
 */
export async function checkToken(storage: Storage, token: string | null, roomId: string): Promise<TokenCheck> {
  const record = token ? await storage.findToken(hashToken(token)) : null;
  if (!record || record.roomId !== roomId) return { status: 'unknown' };
  if (record.revokedAt !== null) return { status: 'removed' };
  return { status: 'valid', record };
}
