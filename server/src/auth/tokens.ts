import { createHash, randomBytes, randomInt } from 'node:crypto';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '@tributary/shared/joinCode';

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

/**
 * A token derived from a secret the caller already holds, for `purpose` in `roomId`: the same
 * inputs always give the same token, and nothing stored (its hash) leads back to the secret.
 * 192 bits, like createToken. Used so that the same device (its device key) gets the same
 * participant back, and the same facilitator gets the same presenter link.
 */
function derivedToken(purpose: 'participant' | 'presenter' | 'results', roomId: string, secret: string): string {
  return createHash('sha256').update(`${purpose}-token:${roomId}:${secret}`).digest().subarray(0, 24).toString('base64url');
}

/** The participant token of a device in a room, from the device key its phone keeps. */
export function participantTokenForDevice(roomId: string, deviceKey: string): string {
  return derivedToken('participant', roomId, deviceKey);
}

/**
 * The presenter (projector) token of a room, from its facilitator token. Holding it reveals
 * nothing of the facilitator token (a hash does not run backwards), and the facilitator can
 * always get the same link again, also for rooms made before presenter tokens existed.
 */
export function presenterTokenFor(roomId: string, facilitatorToken: string): string {
  return derivedToken('presenter', roomId, facilitatorToken);
}

/**
 * The token of a published "what we said" link, from the facilitator token that published it and
 * the publication's random salt (stored). Only the hash of the result is stored, so the database
 * alone cannot give the link back, while the facilitator who published it can see it again after
 * a reload; publishing anew (a new salt) makes a new link.
 */
export function resultsTokenFor(roomId: string, facilitatorToken: string, salt: string): string {
  return derivedToken('results', roomId, `${salt}:${facilitatorToken}`);
}

/** A fresh salt for a results link: 128 random bits. */
export function createSalt(): string {
  return randomBytes(16).toString('base64url');
}

/** Room ids appear in URLs; 96 random bits. Holding one grants nothing without a token. */
export function createRoomId(): string {
  return randomBytes(12).toString('base64url');
}

/** Opaque participant id, carried by that person's named notes. */
export function createParticipantId(): string {
  return `p_${randomBytes(12).toString('base64url')}`;
}

export function createJoinCode(): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}
