import { createHash, randomBytes, randomInt } from 'node:crypto';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '@tributary/shared';

/** A bearer token: 192 random bits, URL-safe. Only its hash is ever stored. */
export function createToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Tokens are random and long, so a fast hash is enough: there is nothing to brute-force. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * A key made from a raw bearer token for one purpose (a rate-limit counter, a stored reply to a
 * resent request). The database keeps only `hashToken(token)`, a different hash, and never the
 * token, so nothing stored or in Redis can be matched to a key made here: it says "the same
 * person" to the server that holds the token, and nothing about who to anyone reading the data.
 */
export function keyFromBearer(purpose: string, bearer: string, ...context: string[]): string {
  return createHash('sha256').update(JSON.stringify([purpose, ...context, bearer])).digest('base64url');
}

/** Room ids appear in URLs; 96 random bits. Holding one grants nothing without a token. */
export function createRoomId(): string {
  return randomBytes(12).toString('base64url');
}

/** Opaque participant session id, carried by that person's named notes. */
export function createParticipantId(): string {
  return `p_${randomBytes(12).toString('base64url')}`;
}

export function createJoinCode(): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}
