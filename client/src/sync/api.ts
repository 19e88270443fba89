import { t } from '../i18n/i18n.ts';
import type { JoinReply, OwnNoteReply, PostNoteBody, PostNoteReply, VoteReply, VotesReply, ChooseGroupReply } from '@tributary/shared/api';
import type { MessageValues } from '@tributary/shared/i18n/catalog';
import { serverWording } from './wording.ts';

/** What a vote goes on: a note (by id, or `{ noteId }`) or, in marker rounds, an area. */
export type VoteTargetRef = string | { noteId: string } | { areaId: string };

/**
 * An HTTP API failure with the server's plain-language message, in this person's language when
 * the catalogs have it (`errors.<code>` with the reply's `values`), else the server's English.
 */
export class ApiError extends Error {
  /** The message as the server wrote it, in English. */
  readonly serverMessage: string;

  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
    readonly values?: MessageValues,
  ) {
    super(serverWording().error(code, values, message));
    this.serverMessage = message;
    this.name = 'ApiError';
  }
}

export type ErrorPayload = { message?: string; code?: string; values?: MessageValues } | null;

export function replyError(status: number, payload: ErrorPayload): ApiError {
  return new ApiError(status, payload?.message ?? `Something went wrong (${status}).`, payload?.code ?? 'HTTP', payload?.values);
}

export async function request<T>(
  method: string,
  path: string,
  options: { body?: unknown; token?: string; editKey?: string; idempotencyKey?: string } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.editKey) headers['x-edit-key'] = options.editKey;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, t('common.couldNotReachServer'), 'NETWORK');
  }
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => null)) as ErrorPayload;
  if (!response.ok) throw replyError(response.status, payload);
  return payload as T;
}

export const roomPath = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}`;

/**
 * The calls a phone makes (joining, its notes, votes, groups, the clock). The facilitator's, the
 * home page's and the results page's calls are in facilitatorApi.ts, so the phone's first load
 * does not carry them (scripts/measure-bundle.mjs).
 */
export const api = {
  /** `deviceKey`: this phone's key (session.ts), so joining again gives back the same participant. */
  join: (joinCode: string, name?: string, deviceKey?: string) =>
    request<JoinReply>('POST', '/api/join', { body: { joinCode, ...(name ? { name } : {}), ...(deviceKey ? { deviceKey } : {}) } }),
  /** `idempotencyKey`: the outbox's id for this note, sent as a header (the same on every retry). */
  postNote: (roomId: string, token: string, body: PostNoteBody, idempotencyKey?: string) =>
    request<PostNoteReply>('POST', `${roomPath(roomId)}/notes`, { body, token, ...(idempotencyKey ? { idempotencyKey } : {}) }),
  readOwnNote: (roomId: string, noteId: string, editKey: string) =>
    request<OwnNoteReply>('GET', `${roomPath(roomId)}/notes/${encodeURIComponent(noteId)}`, { editKey }),
  editNote: (roomId: string, noteId: string, editKey: string, text: string) =>
    request<OwnNoteReply>('PATCH', `${roomPath(roomId)}/notes/${encodeURIComponent(noteId)}`, { editKey, body: { text } }),
  /** The writer agrees that their waiting anonymous note may go out with fewer than three people's. */
  showAnyway: (roomId: string, noteId: string, editKey: string) =>
    request<OwnNoteReply>('POST', `${roomPath(roomId)}/notes/${encodeURIComponent(noteId)}/release-consent`, { editKey }),
  withdrawNote: (roomId: string, noteId: string, editKey: string) =>
    request<void>('DELETE', `${roomPath(roomId)}/notes/${encodeURIComponent(noteId)}`, { editKey }),
  vote: (roomId: string, token: string, target: VoteTargetRef, delta: 1 | -1) =>
    request<VoteReply>('POST', `${roomPath(roomId)}/votes`, {
      body: { ...(typeof target === 'string' ? { noteId: target } : target), delta },
      token,
    }),
  chooseGroup: (roomId: string, token: string, groupId: string) =>
    request<ChooseGroupReply>('POST', `${roomPath(roomId)}/groups/choose`, { body: { groupId }, token }),
  votes: (roomId: string, token: string) => request<VotesReply>('GET', `${roomPath(roomId)}/votes`, { token }),
  time: () => request<{ now: number }>('GET', '/api/time'),
};
