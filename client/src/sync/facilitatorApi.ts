import { t } from '../i18n/i18n.ts';
import type { Command, CommandReply, CreateRoomBody, CreateRoomReply, PresenterLinkReply, FacilitatorLinkReply, RoomInfoReply, QueueReply, WordFilterReply } from '@tributary/shared/api';
import type { PublishedResultsReply, PublishResultsReply, ResultsStateReply } from '@tributary/shared/publishedResults';
import type { TemplateSummary } from '@tributary/shared/templates/types';
import { ApiError, replyError, request, roomPath, type ErrorPayload } from './api.ts';
import { fileNameFromDisposition } from './contentDisposition.ts';

/** The files the board can be exported as: GET /api/rooms/:roomId/export?format=… */
export type ExportFormat = 'md' | 'csv' | 'json';

/** One person in the room, as `GET /api/rooms/:roomId/participants` lists them. */
export interface ParticipantSummary {
  participantId: string;
  name: string | null;
  connected: boolean;
}

/**
 * The HTTP calls no phone makes: the facilitator's (their room, its links, export, queue, results),
 * the home page's (making a room, the methods) and the published results page's. Kept apart
 * from api.ts, which the phone's first load carries (scripts/measure-bundle.mjs counts it).
 */
export const facilitatorApi = {
  createRoom: (body: CreateRoomBody) => request<CreateRoomReply>('POST', '/api/rooms', { body }),
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
  hideNote: (roomId: string, token: string, noteId: string) =>
    request<CommandReply>('POST', `${roomPath(roomId)}/commands`, { body: { type: 'note.hide', noteId }, token }),
  /** Notes waiting for the facilitator to check them, without their authors. */
  queue: (roomId: string, token: string) => request<QueueReply>('GET', `${roomPath(roomId)}/queue`, { token }),
  /** The room's word filter, for the facilitator's settings. */
  wordFilter: (roomId: string, token: string) => request<WordFilterReply>('GET', `${roomPath(roomId)}/filter`, { token }),
  hiddenNotes: (roomId: string, token: string) =>
    request<Array<{ noteId: string; text: string; anonymous: boolean; authorName?: string }>>('GET', `${roomPath(roomId)}/hidden`, { token }),
  /** The method templates a room can start with or add: `[{ id, title, description, minutes }]`. */
  templates: (language?: string) =>
    request<TemplateSummary[]>('GET', language && language !== 'en' ? `/api/templates?language=${encodeURIComponent(language)}` : '/api/templates'),
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
