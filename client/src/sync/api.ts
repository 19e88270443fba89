import type { Command, CreateRoomBody, CreateRoomReply, JoinReply, RoomInfoReply } from '@tributary/shared';

/** An HTTP API failure with the server's plain-language message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function request<T>(method: string, path: string, options: { body?: unknown; token?: string } = {}): Promise<T> {
  const headers: Record<string, string> = {};
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
    throw new ApiError(0, 'Could not reach the server. Check your connection and try again.', 'NETWORK');
  }
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => null)) as { message?: string; code?: string } | null;
  if (!response.ok) {
    throw new ApiError(response.status, payload?.message ?? `Something went wrong (${response.status}).`, payload?.code ?? 'HTTP');
  }
  return payload as T;
}

export const api = {
  createRoom: (body: CreateRoomBody) => request<CreateRoomReply>('POST', '/api/rooms', { body }),
  join: (joinCode: string, name?: string) =>
    request<JoinReply>('POST', '/api/join', { body: name ? { joinCode, name } : { joinCode } }),
  room: (roomId: string, token: string) => request<RoomInfoReply>('GET', `/api/rooms/${encodeURIComponent(roomId)}`, { token }),
  command: (roomId: string, token: string, command: Command) =>
    request<{ control: unknown }>('POST', `/api/rooms/${encodeURIComponent(roomId)}/commands`, { body: command, token }),
  deleteRoom: (roomId: string, token: string) => request<void>('DELETE', `/api/rooms/${encodeURIComponent(roomId)}`, { token }),
};
