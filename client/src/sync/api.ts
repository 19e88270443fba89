import { t } from '../i18n/i18n.ts';
import type { Command, CommandReply, CreateRoomBody, CreateRoomReply, JoinReply, OwnNoteReply, PostNoteBody, PostNoteReply, PresenterLinkReply, FacilitatorLinkReply, RoomInfoReply, VoteReply, VotesReply, ChooseGroupReply, QueueReply, WordFilterReply } from '@tributary/shared/api';
import type { PublishedResultsReply, PublishResultsReply, ResultsStateReply } from '@tributary/shared/publishedResults';
import type { TemplateSummary } from '@tributary/shared/templates/types';
import { fileNameFromDisposition } from './contentDisposition.ts';
import type { MessageValues } from '@tributary/shared/i18n/catalog';
import { serverWording } from './wording.ts';

/** What a vote goes on: a note (by id, or `{ noteId }`) or, in marker rounds, an area. */
export type VoteTargetRef = string | { noteId: string } | { areaId: string };

/** The files the board can be exported as: GET /api/rooms/:roomId/export?format=… */
export type ExportFormat = 'md' | 'csv' | 'json';

/** One person in the room, as `GET /api/rooms/:roomId/participants` lists them. */
export interface ParticipantSummary {
  participantId: string;
  name: string | null;
  connected: boolean;
}

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

type ErrorPayload = { message?: string; code?: string; values?: MessageValues } | null;

function replyError(status: number, payload: ErrorPayload): ApiError {
  return new ApiError(status, payload?.message ?? `Something went wrong (${status}).`, payload?.code ?? 'HTTP', payload?.values);
}

async function request<T>(
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

const roomPath = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}`;

export const api = {
  createRoom: (body: CreateRoomBody) => request<CreateRoomReply>('POST', '/api/rooms', { body }),
  /** `deviceKey`: this phone's key (session.ts), so joining again gives back the same participant. */
  join: (joinCode: string, name?: string, deviceKey?: string) =>
    request<JoinReply>('POST', '/api/join', { body: { joinCode, ...(name ? { name } : {}), ...(deviceKey ? { deviceKey } : {}) } }),
  /** Facilitator only: the projector link (read-only token), the same every time. */
  presenterLink: (roomId: string, token: string) => request<PresenterLinkReply>('POST', `${roomPath(roomId)}/presenter-link`, { token }),
  /** Facilitator only: a new facilitator link (a token of its own) for a co-facilitator. */
  facilitatorLink: (roomId: string, token: string) => request<FacilitatorLinkReply>('POST', `${roomPath(roomId)}/facilitator-link`, { token }),
  /** Facilitator only: the board as a file to keep (`md`, `csv` or `json`), named as the server names it. */
  exportBoard: async (roomId: string, token: string, format: ExportFormat): Promise<{ blob: Blob; filename: string }> => {
    let response: Response;
    try {
      response = await fetch(`${roomPath(roomId)}/export?format=${format}`, { headers: { authorization: `Bearer ${token}` } });
    } catch {
      throw new ApiError(0, t('common.couldNotReachServer'), 'NETWORK');
    }
    if (!response.ok) {
      throw replyError(response.status, (await response.json().catch(() => null)) as ErrorPayload);
    }
    return { blob: await response.blob(), filename: fileNameFromDisposition(response.headers.get('content-disposition'), `tributary-session.${format}`) };
  },
  room: (roomId: string, token: string) => request<RoomInfoReply>('GET', `/api/rooms/${encodeURIComponent(roomId)}`, { token }),
  command: (roomId: string, token: string, command: Command) =>
    request<CommandReply>('POST', `${roomPath(roomId)}/commands`, { body: command, token }),
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
  hideNote: (roomId: string, token: string, noteId: string) =>
    request<CommandReply>('POST', `${roomPath(roomId)}/commands`, { body: { type: 'note.hide', noteId }, token }),
  /** Notes waiting for the facilitator to check them, without their authors. */
  queue: (roomId: string, token: string) => request<QueueReply>('GET', `${roomPath(roomId)}/queue`, { token }),
  /** The room's word filter, for the facilitator's settings. */
  wordFilter: (roomId: string, token: string) => request<WordFilterReply>('GET', `${roomPath(roomId)}/filter`, { token }),
  hiddenNotes: (roomId: string, token: string) =>
    request<Array<{ noteId: string; text: string; anonymous: boolean; authorName?: string }>>('GET', `${roomPath(roomId)}/hidden`, { token }),
  vote: (roomId: string, token: string, target: VoteTargetRef, delta: 1 | -1) =>
    request<VoteReply>('POST', `${roomPath(roomId)}/votes`, {
      body: { ...(typeof target === 'string' ? { noteId: target } : target), delta },
      token,
    }),
  chooseGroup: (roomId: string, token: string, groupId: string) =>
    request<ChooseGroupReply>('POST', `${roomPath(roomId)}/groups/choose`, { body: { groupId }, token }),
  votes: (roomId: string, token: string) => request<VotesReply>('GET', `${roomPath(roomId)}/votes`, { token }),
  /** The method templates a room can start with or add: `[{ id, title, description, minutes }]`. */
  templates: (language?: string) =>
    request<TemplateSummary[]>('GET', language && language !== 'en' ? `/api/templates?language=${encodeURIComponent(language)}` : '/api/templates'),
  time: () => request<{ now: number }>('GET', '/api/time'),
  /** Facilitator only: everyone who has joined, by id and name (null when they gave none). */
  participants: (roomId: string, token: string) =>
    request<ParticipantSummary[]>('GET', `${roomPath(roomId)}/participants`, { token }),
  deleteRoom: (roomId: string, token: string) => request<void>('DELETE', `/api/rooms/${encodeURIComponent(roomId)}`, { token }),
  /** Facilitator only: whether the "what we said" page is up, its link (for the link that made it) and "what happened next". */
  resultsState: (roomId: string, token: string) => request<ResultsStateReply>('GET', `${roomPath(roomId)}/results`, { token }),
  /** Facilitator only: puts the page up (or answers the link it already has). */
  publishResults: (roomId: string, token: string) => request<PublishResultsReply>('POST', `${roomPath(roomId)}/results`, { token }),
  setResultsNext: (roomId: string, token: string, text: string) => request<ResultsStateReply>('PUT', `${roomPath(roomId)}/results/next`, { token, body: { text } }),
  takeResultsDown: (roomId: string, token: string) => request<void>('DELETE', `${roomPath(roomId)}/results`, { token }),
  /** Anyone with the link: the published page's content. No token. */
  publishedResults: (resultsToken: string) => request<PublishedResultsReply>('GET', `/api/results/${encodeURIComponent(resultsToken)}`),
};
