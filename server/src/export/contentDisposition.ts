/**
 * `Content-Disposition: attachment` for a file name in any script (RFC 6266): `filename*` carries
 * the name in UTF-8 ("tributary-Café.csv" as `UTF-8''tributary-Caf%C3%A9.csv`), and `filename`
 * an ASCII stand-in for the rare client that cannot read it (accents dropped, anything else `_`).
 * Every file the server hands over is named through this one helper.
 */
export function attachment(fileName: string): string {
  const ascii = fileName
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}

/** Percent-encodes everything RFC 5987's `attr-char` does not allow as it is. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
