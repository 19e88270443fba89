/**
 * Join codes are typed on phones, read off projectors and said out loud. They use only
 * characters that cannot be mistaken for each other (no 0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V).
 */
export const JOIN_CODE_ALPHABET = '34679ACDEFGHJKMNPQRTWXY';
export const JOIN_CODE_LENGTH = 6;

/** Upper-cases and drops spaces and dashes, so "ab3 kx9" and "AB3-KX9" both work. */
export function normalizeJoinCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]+/g, '');
}

/** "AC3FKX" → "AC3 FKX": easier to read aloud and off a projector. */
export function formatJoinCode(code: string): string {
  const c = normalizeJoinCode(code);
  return c.length === 6 ? `${c.slice(0, 3)} ${c.slice(3)}` : c;
}
