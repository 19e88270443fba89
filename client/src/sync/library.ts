import type { CreateRoomBody, CreateRoomReply } from '@tributary/shared/api';
import type { CreateLibraryReply, MethodListReply, SaveMethodReply } from '@tributary/shared/libraryApi';
import { LIBRARY_TOKEN_HEADER, ROOM_TOKEN_HEADER } from '@tributary/shared/libraryApi';
import type { MessageValues } from '@tributary/shared/i18n/catalog';
import { t } from '../i18n/i18n.ts';
import { ApiError } from './api.ts';
import { fileNameFromDisposition } from './contentDisposition.ts';
import { keep, readKept } from './deviceStorage.ts';

/**
 * A facilitator's own methods (docs/API.md "Your own methods"): the library key kept on this
 * device, and the calls that use it. Kept apart from api.ts so phones never load it.
 */

const LIBRARY_KEY = 'tributary:library-token';

/** The library key kept on this device, or null. */
export const keptLibraryToken = (): string | null => readKept(LIBRARY_KEY);
/** Keeps the key on this device (null forgets it). False when the device would not keep it. */
export const keepLibraryToken = (token: string | null): boolean => keep(LIBRARY_KEY, token);

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, t('common.couldNotReachServer'), 'NETWORK');
  }
  if (!response.ok) {
    const payload = (await response.json().catch(() => null)) as { message?: string; code?: string; values?: MessageValues } | null;
    throw new ApiError(response.status, payload?.message ?? `Something went wrong (${response.status}).`, payload?.code ?? 'HTTP', payload?.values);
  }
  return response;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const library = {
  make: async () => ((await (await call('POST', '/api/library', {})).json()) as CreateLibraryReply).libraryToken,
  methods: async (token: string) => (await (await call('GET', '/api/library/methods', bearer(token))).json()) as MethodListReply,
  /** Saves the room as a method: its facilitator token travels in X-Room-Token. */
  saveRoom: async (token: string, roomId: string, roomToken: string, title: string) =>
    ((await (await call('POST', '/api/library/methods', { ...bearer(token), [ROOM_TOKEN_HEADER]: roomToken }, { fromRoom: { roomId }, title })).json()) as SaveMethodReply).methodId,
  remove: async (token: string, methodId: string) => void (await call('DELETE', `/api/library/methods/${encodeURIComponent(methodId)}`, bearer(token))),
  /** The room as a method file, named by the server. */
  roomFile: async (roomId: string, roomToken: string, title: string) => {
    const response = await call('GET', `/api/rooms/${encodeURIComponent(roomId)}/method?title=${encodeURIComponent(title)}`, bearer(roomToken));
    return { blob: await response.blob(), filename: fileNameFromDisposition(response.headers.get('content-disposition'), 'tributary-method.json') };
  },
  /** POST /api/rooms with a method, a saved method (`methodId`, the key in X-Library-Token) or a plan. */
  createRoom: async (body: CreateRoomBody, token?: string | null) =>
    (await (await call('POST', '/api/rooms', token ? { [LIBRARY_TOKEN_HEADER]: token } : {}, body)).json()) as CreateRoomReply,
};
