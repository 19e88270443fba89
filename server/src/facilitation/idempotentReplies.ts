import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { keyFromBearer } from '../auth/tokens.ts';
import type { Storage } from '../storage/types.ts';

const HOUR_MS = 60 * 60 * 1000;
export const IDEMPOTENT_REPLY_TTL_MS = 24 * HOUR_MS;

/** One resendable request: its room, the raw bearer token it came with, and the client's `Idempotency-Key`. */
export interface ResendKey {
  roomId: string;
  bearer: string;
  key: string;
}

/**
 * Answers to requests made with an `Idempotency-Key`, kept in storage for a day, so a phone
 * that resends a note after a lost answer gets the same note back instead of a second one,
 * whichever process the resend reaches, and after a restart. Callers look up and remember under
 * the room lock (Facilitation.inRoom), so two copies of one request arriving at two processes at
 * once still post once.
 *
 * An answer holds a note id and its edit key; for an anonymous note, that pair must never lead to
 * a person. So a database reader finds:
 * - a row key that is a hash of the raw bearer token and the Idempotency-Key (keyFromBearer). The
 *   tokens table holds a different hash of the token and no raw token, so no row can be matched to
 *   a participant, nor two rows to each other;
 * - the answer sealed (AES-256-GCM) with a key derived the same way: without the raw token, the
 *   note id and edit key cannot be read, so no row can be matched to a note either;
 * - what is left: how many notes were posted with a resend key in a room, to the hour (the
 *   expiry is rounded up to a whole hour).
 */
export class IdempotentReplies<T> {
  constructor(
    private readonly storage: Storage,
    private readonly ttlMs = IDEMPOTENT_REPLY_TTL_MS,
  ) {}

  /** The answer given the first time, or null: never asked, expired, or not readable with this token. */
  async find(resend: ResendKey, now = Date.now()): Promise<T | null> {
    const sealed = await this.storage.getIdempotentReply(resend.roomId, rowKey(resend), now);
    return sealed === null ? null : (unseal(sealed, resend) as T | null);
  }

  async remember(resend: ResendKey, reply: T, now = Date.now()): Promise<void> {
    const expiresAt = Math.ceil((now + this.ttlMs) / HOUR_MS) * HOUR_MS;
    await this.storage.putIdempotentReply({ roomId: resend.roomId, key: rowKey(resend), sealed: seal(reply, resend), expiresAt });
  }
}

function rowKey(resend: ResendKey): string {
  return keyFromBearer('idempotent-reply-row', resend.bearer, resend.roomId, resend.key);
}

/** 32 bytes (a SHA-256), an AES-256 key that only the holder of the token can make again. */
function sealingKey(resend: ResendKey): Buffer {
  return Buffer.from(keyFromBearer('idempotent-reply-seal', resend.bearer, resend.roomId, resend.key), 'base64url');
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

function seal(reply: unknown, resend: ResendKey): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(resend), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(reply), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** null when the row was altered (the tag does not match): the request is then treated as new. */
function unseal(sealed: string, resend: ResendKey): unknown {
  const bytes = Buffer.from(sealed, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(resend), bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const body = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    return JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
}
