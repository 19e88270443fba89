const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * A random id with a readable prefix (`note_…`, `area_…`), like tldraw's record ids.
 * 16 characters of base62 is about 95 bits: collisions between concurrent writers are not a
 * practical concern. Uses Web Crypto, available in browsers and Node 20.
 */
export function createId(prefix: string, length = 16): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${out}`;
}
