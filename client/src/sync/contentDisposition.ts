/**
 * The file name a Content-Disposition header gives: RFC 6266's `filename*` (UTF-8, so "Café"
 * keeps its accent; server/src/export/contentDisposition.ts writes it) when there is one, else the
 * plain `filename`, else `fallback`.
 */
export function fileNameFromDisposition(disposition: string | null, fallback: string): string {
  const extended = /filename\*=UTF-8''([^;\s]+)/i.exec(disposition ?? '')?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended);
    } catch {
      // Not valid percent-encoding: the plain name below.
    }
  }
  return /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? fallback;
}
