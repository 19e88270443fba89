import type { CreatedRoom } from '../../helpers/server.ts';

/** POST /api/rooms/:roomId/images with raw bytes; the answer's status and JSON body. */
export async function upload(baseUrl: string, roomId: string, token: string | undefined, bytes: Uint8Array | string, type: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': type };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${baseUrl}/api/rooms/${encodeURIComponent(roomId)}/images`, { method: 'POST', headers, body: typeof bytes === 'string' ? bytes : Buffer.from(bytes) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Uploads and returns the new picture's id, failing loudly unless the server answers 201. */
export async function mustUpload(baseUrl: string, roomId: string, token: string, bytes: Uint8Array, type: string): Promise<string> {
  const res = await upload(baseUrl, roomId, token, bytes, type);
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.imageId as string;
}

/** GET /api/rooms/:roomId/images/:imageId. */
export async function fetchImage(baseUrl: string, roomId: string, imageId: string, token?: string): Promise<Response> {
  return fetch(`${baseUrl}/api/rooms/${encodeURIComponent(roomId)}/images/${encodeURIComponent(imageId)}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
}

/** The token in a room's presenter link. */
export function presenterTokenOf(room: CreatedRoom): string {
  return decodeURIComponent(new URL(room.links.presenter).hash.replace(/^#token=/, ''));
}
