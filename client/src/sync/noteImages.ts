import { t } from '../i18n/i18n.ts';
import { ApiError } from './api.ts';
import { Store } from './store.ts';

/**
 * The pictures of image notes (sketches, photos of paper), fetched with the person's token:
 * `GET /api/rooms/:roomId/images/:imageId` needs `Authorization: Bearer`, which an <img src> cannot
 * send, so each picture is fetched once (fetch → blob), kept here per imageId, and shown from a
 * blob: the board draws an HTMLImageElement made from it, HTML lists an object URL of it that
 * lives as long as the <img> that shows it (useImageUrl).
 */

const imagePath = (roomId: string, imageId: string) => `/api/rooms/${encodeURIComponent(roomId)}/images/${encodeURIComponent(imageId)}`;

/** The types the server takes (it checks the bytes too). */
export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

/** Sends a picture's bytes; answers its imageId (`201 { imageId }`), or throws the server's ApiError (413, 415…). */
export async function uploadImage(roomId: string, token: string, blob: Blob, type: ImageType): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`/api/rooms/${encodeURIComponent(roomId)}/images`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body: blob,
    });
  } catch {
    throw new ApiError(0, t('common.couldNotReachServer'), 'NETWORK');
  }
  const payload = (await response.json().catch(() => null)) as { imageId?: string; message?: string; code?: string } | null;
  if (!response.ok || typeof payload?.imageId !== 'string') {
    throw new ApiError(response.status, payload?.message ?? `Something went wrong (${response.status}).`, payload?.code ?? 'HTTP');
  }
  return payload.imageId;
}

/** Where one picture stands for the board: being fetched, ready to draw, or failed (the text alternative shows alone). */
export type NoteImageState = { kind: 'loading' } | { kind: 'ready'; image: HTMLImageElement } | { kind: 'failed' };

/** Most pictures kept at once; the oldest used go first (a board rarely shows more). */
const MAX_KEPT = 150;

export class NoteImages {
  /** Counts pictures that arrived or failed: the board draws again when it changes. */
  readonly version = new Store(0);
  private readonly blobs = new Map<string, Promise<Blob>>();
  private readonly drawn = new Map<string, NoteImageState>();
  /** Settles when a picture asked for by forBoard is ready or failed. */
  private readonly decoding = new Map<string, Promise<void>>();
  private destroyed = false;

  constructor(
    private readonly roomId: string,
    private readonly token: string,
  ) {}

  /** The picture's bytes, fetched once (a failure is forgotten, so a later look tries again). */
  blob(imageId: string): Promise<Blob> {
    let pending = this.blobs.get(imageId);
    if (pending) {
      // Used again: it moves to the back of the queue of what goes first.
      this.blobs.delete(imageId);
      this.blobs.set(imageId, pending);
      return pending;
    }
    pending = fetch(imagePath(this.roomId, imageId), { headers: { authorization: `Bearer ${this.token}` } }).then(async (response) => {
      if (!response.ok) throw new ApiError(response.status, `Picture not loaded (${response.status}).`, 'HTTP');
      return response.blob();
    });
    pending.catch(() => this.blobs.delete(imageId));
    this.blobs.set(imageId, pending);
    this.trim();
    return pending;
  }

  /**
   * The picture for the board to draw: starts fetching it the first time it is asked for, and
   * bumps `version` when it is ready (or failed). The object URL is revoked once the image has
   * decoded: the element keeps its pixels.
   */
  forBoard(imageId: string): NoteImageState {
    const known = this.drawn.get(imageId);
    if (known) return known;
    const loading: NoteImageState = { kind: 'loading' };
    this.drawn.set(imageId, loading);
    const settle = (state: NoteImageState) => {
      if (this.destroyed || this.drawn.get(imageId) !== loading) return;
      this.drawn.set(imageId, state);
      this.version.set(this.version.get() + 1);
    };
    const done = this.blob(imageId)
      .then(async (blob) => {
        const url = URL.createObjectURL(blob);
        const image = new Image();
        image.src = url;
        try {
          await image.decode();
          settle({ kind: 'ready', image });
        } finally {
          URL.revokeObjectURL(url);
        }
      })
      .catch(() => settle({ kind: 'failed' }));
    this.decoding.set(imageId, done);
    return loading;
  }

  /** The picture once it is ready to draw (or failed): the board's PNG export waits for its pictures. */
  async whenDrawn(imageId: string): Promise<NoteImageState> {
    this.forBoard(imageId);
    await this.decoding.get(imageId);
    return this.forBoard(imageId);
  }

  private trim(): void {
    while (this.blobs.size > MAX_KEPT) {
      const oldest = this.blobs.keys().next().value as string;
      this.blobs.delete(oldest);
      this.drawn.delete(oldest);
      this.decoding.delete(oldest);
    }
  }

  destroy(): void {
    this.destroyed = true;
    this.blobs.clear();
    this.drawn.clear();
    this.decoding.clear();
  }
}

const byClient = new WeakMap<object, NoteImages>();

/**
 * The pictures of one room client (a RoomClient: its room and token), made when a board or a
 * list first shows a picture note, and gone with the client. Kept out of RoomClient itself so the
 * phone's first load does not carry it: only the board and the lists need it. Null for a client
 * without a token (tests' editor clients).
 */
export function noteImagesOf(client: object): NoteImages | null {
  const { roomId, session } = client as { roomId?: unknown; session?: { token?: unknown } };
  const token = session?.token;
  if (typeof roomId !== 'string' || typeof token !== 'string') return null;
  let images = byClient.get(client);
  if (!images) byClient.set(client, (images = new NoteImages(roomId, token)));
  return images;
}
