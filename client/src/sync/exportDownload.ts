/**
 * "Download the notes as Markdown / CSV / JSON" for any button: fetches the facilitator's export
 * (GET /api/rooms/:roomId/export?format=…, docs/API.md) and saves it under the name the server
 * gives. Kept out of api.ts so phones, which never export, do not carry it.
 */
import { ApiError } from './api.ts';
import { fileNameFromDisposition } from './contentDisposition.ts';

export type ExportFormat = 'md' | 'csv' | 'json';

/** What each format is, in plain words, for the buttons that offer them. */
export const EXPORT_FORMATS: ReadonlyArray<{ format: ExportFormat; label: string; hint: string }> = [
  { format: 'md', label: 'Notes as a document (Markdown)', hint: 'Every note by area, the words, votes and markers, and whole cards, to read or paste into a report.' },
  { format: 'csv', label: 'Notes as a spreadsheet (CSV)', hint: 'One row per note, for Excel or Google Sheets.' },
  { format: 'json', label: 'Everything as data (JSON)', hint: 'For other tools.' },
];

/** The file name from a Content-Disposition header (`filename*` first), or a plain fallback. */
export function exportFileName(disposition: string | null, format: ExportFormat): string {
  return fileNameFromDisposition(disposition, `tributary-session.${format}`);
}

/** Downloads the room's export in `format`; throws ApiError with a plain message when it cannot. */
export async function downloadExport(roomId: string, token: string, format: ExportFormat): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/api/rooms/${encodeURIComponent(roomId)}/export?format=${format}`, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError(0, 'Could not reach the server. Check your connection and try again.', 'NETWORK');
  }
  if (!response.ok) {
    const payload = (await response.json().catch(() => null)) as { message?: string; code?: string; values?: Record<string, string | number> } | null;
    throw new ApiError(response.status, payload?.message ?? `The export failed (${response.status}).`, payload?.code ?? 'HTTP', payload?.values);
  }
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = exportFileName(response.headers.get('content-disposition'), format);
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Let the click start the download before the data goes.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
