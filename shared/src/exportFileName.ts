/** Longest title part of a file name, in characters: long enough to tell sessions apart. */
const MAX_TITLE_CHARS = 60;

/**
 * The name of a file made from a room, `tributary-<title>.<extension>`: one rule for every
 * export (the server's Markdown, CSV and JSON, and the board picture the facilitator's screen
 * draws). The title keeps its letters and digits in any script ("Café", "Grŵp", "لقاء"), and
 * everything else (spaces, punctuation, characters file systems refuse) becomes one hyphen.
 * The server sends non-ASCII names as RFC 6266 `filename*` (server/src/export/contentDisposition.ts).
 */
export function exportFileName(title: string, extension: string): string {
  const words = title
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  // Cut by characters, not UTF-16 units, so a letter outside the BMP is never split in half.
  const cut = Array.from(words).slice(0, MAX_TITLE_CHARS).join('').replace(/-+$/, '');
  return `tributary-${cut || 'session'}.${extension}`;
}
