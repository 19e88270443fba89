import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { setNoteText } from '@tributary/shared/board/mutations';
import { CloseCode } from '@tributary/shared/protocol';
import { FACILITATOR_WRITER, mustJoinAs, noteText, writeNote } from '../helpers/board.ts';
import { waitFor } from '../helpers/clients.ts';
import { useServer } from '../helpers/fixture.ts';
import { createRoom, join } from '../helpers/server.ts';

// The room and token API of shared/API.md ("Rooms and tokens").

const LOOK_ALIKES = /[0O1IL]/;
const BASE64URL_TOKEN = /^[A-Za-z0-9_-]{22,}$/;

/** Every file under dir, recursively (the SQLite db and its -wal/-shm included). */
function allFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...allFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** Names of the files under dir whose bytes contain `needle` (as UTF-8). */
function filesContaining(dir: string, needle: string): string[] {
  const bytes = Buffer.from(needle, 'utf8');
  return allFiles(dir).filter((file) => fs.readFileSync(file).includes(bytes));
}

/** A plausible join code (right length, right alphabet) that is none of `taken`. */
function unusedCode(taken: string[]): string {
  for (const candidate of ['WXYWXY', 'QRTQRT', 'MNPMNP', 'HJKHJK']) {
    if (!taken.some((code) => code.toUpperCase().replace(/[\s-]/g, '') === candidate)) return candidate;
  }
  throw new Error('no unused code');
}

describe('rooms and tokens', () => {
  const server = useServer();

  test('POST /api/rooms returns 201 with id, a typeable join code, a long token and links', async () => {
    const res = await createRoom(server.url, { title: 'Kick-off' });
    expect(res.status, res.text).toBe(201);
    const { roomId, joinCode, facilitatorToken, links } = res.body;
    expect(typeof roomId).toBe('string');
    expect(roomId.length).toBeGreaterThan(0);

    expect(typeof joinCode).toBe('string');
    expect(joinCode.length).toBeGreaterThanOrEqual(6);
    expect(joinCode.length).toBeLessThanOrEqual(8);
    expect(joinCode.toUpperCase()).not.toMatch(LOOK_ALIKES);

    expect(facilitatorToken).toMatch(BASE64URL_TOKEN);

    const joinUrl = new URL(links.join);
    expect(joinUrl.protocol).toMatch(/^https?:$/);
    expect(decodeURIComponent(links.join)).toContain(joinCode);

    const presenterToken = decodeURIComponent(new URL(links.presenter).hash.replace(/^#token=/, ''));
    // The projector link carries a read-only token of its own, never the facilitator's.
    expect(presenterToken).toMatch(BASE64URL_TOKEN);
    expect(presenterToken).not.toBe(facilitatorToken);
    for (const [link, token] of [[links.facilitator, facilitatorToken], [links.presenter, presenterToken]] as const) {
      const url = new URL(link);
      expect(url.protocol).toMatch(/^https?:$/);
      expect(url.hash).toContain(token);
      // The token travels only in the fragment, which browsers never send to a server.
      expect(url.origin + url.pathname + url.search).not.toContain(token);
    }
    expect(links.presenter).not.toContain(facilitatorToken);
  });

  test('join codes never use look-alike characters and tokens differ between rooms', async () => {
    const rooms = [];
    for (let i = 0; i < 5; i++) rooms.push(await server.room(`Room ${i}`));
    for (const room of rooms) {
      expect(room.joinCode.length).toBeGreaterThanOrEqual(6);
      expect(room.joinCode.length).toBeLessThanOrEqual(8);
      expect(room.joinCode.toUpperCase()).not.toMatch(LOOK_ALIKES);
      expect(room.facilitatorToken).toMatch(BASE64URL_TOKEN);
    }
    expect(new Set(rooms.map((r) => r.roomId)).size).toBe(rooms.length);
    expect(new Set(rooms.map((r) => r.joinCode)).size).toBe(rooms.length);
    expect(new Set(rooms.map((r) => r.facilitatorToken)).size).toBe(rooms.length);
  });

  test('POST /api/join accepts the code as given, in lower case and with a space in the middle', async () => {
    const room = await server.room('Join test');
    const code = room.joinCode;
    const half = Math.floor(code.length / 2);
    const tokens: string[] = [];
    for (const variant of [code, code.toLowerCase(), `${code.slice(0, half)} ${code.slice(half)}`]) {
      const res = await join(server.url, variant, 'Ada');
      expect(res.status, `join with ${JSON.stringify(variant)}: ${res.text}`).toBe(200);
      expect(res.body.roomId).toBe(room.roomId);
      expect(res.body.participantToken).toMatch(BASE64URL_TOKEN);
      tokens.push(res.body.participantToken);
    }
    expect(new Set(tokens).size).toBe(3);
    expect(tokens).not.toContain(room.facilitatorToken);
  });

  test('POST /api/join with an unknown code answers 404 with a JSON message', async () => {
    const room = await server.room('Unknown code test');
    const res = await server.request('POST', '/api/join', { body: { joinCode: unusedCode([room.joinCode]) } });
    expect(res.status).toBe(404);
    expect(typeof res.body?.message).toBe('string');
    expect(res.body.message.length).toBeGreaterThan(0);
  });

  test('POST /api/join with a missing or invalid body answers 400 with a message', async () => {
    const cases: { label: string; body?: unknown; rawBody?: string }[] = [
      { label: 'empty object', body: {} },
      // (Values a schema validator may coerce to a string, such as numbers, are left out.)
      { label: 'joinCode is an object', body: { joinCode: { code: 'ABCDEF' } } },
      { label: 'joinCode is an array of arrays', body: { joinCode: [['ABCDEF']] } },
      { label: 'joinCode is empty', body: { joinCode: '' } },
      { label: 'joinCode is far too long', body: { joinCode: 'A'.repeat(500) } },
      { label: 'body is an array', body: ['ABCDEF'] },
      { label: 'not JSON', rawBody: '{"joinCode":' },
    ];
    for (const c of cases) {
      const res = await server.request('POST', '/api/join', { body: c.body, rawBody: c.rawBody });
      expect(res.status, `${c.label}: ${res.text}`).toBe(400);
      expect(typeof res.body?.message, `${c.label}: ${res.text}`).toBe('string');
    }
    const noBody = await fetch(server.url + '/api/join', { method: 'POST' });
    expect(noBody.status).toBe(400);
    const noBodyJson = (await noBody.json()) as { message?: unknown };
    expect(typeof noBodyJson.message).toBe('string');
  });

  test('POST /api/rooms with an invalid body answers 400 with a message', async () => {
    for (const body of [{ title: { text: 'x' } }, { title: 'x'.repeat(5000) }, ['title']]) {
      const res = await server.request('POST', '/api/rooms', { body });
      expect(res.status, `${JSON.stringify(body).slice(0, 40)}: ${res.text}`).toBe(400);
      expect(typeof res.body?.message).toBe('string');
    }
  });

  test('GET /api/rooms/:roomId: any token of the room reads it; others are refused', async () => {
    const room = await server.room('Readable title');
    const other = await server.room('Other room');
    const participant = await server.join(room.joinCode, 'Grace');
    const otherParticipant = await server.join(other.joinCode, 'Linus');
    const p = `/api/rooms/${room.roomId}`;

    for (const token of [room.facilitatorToken, participant]) {
      const res = await server.request('GET', p, { token });
      expect(res.status, res.text).toBe(200);
      expect(res.body.title).toBe('Readable title');
      expect(res.body.roomId).toBe(room.roomId);
    }

    const none = await server.request('GET', p);
    expect(none.status).toBe(401);
    const bad = await server.request('GET', p, { token: 'x'.repeat(43) });
    expect(bad.status).toBe(401);
    const malformedHeader = await server.request('GET', p, { headers: { authorization: 'Basic Zm9vOmJhcg==' } });
    expect(malformedHeader.status).toBe(401);

    for (const token of [other.facilitatorToken, otherParticipant]) {
      const res = await server.request('GET', p, { token });
      expect([401, 403], `token of another room: ${res.status} ${res.text}`).toContain(res.status);
    }
  });

  test('DELETE /api/rooms/:roomId: participants get 403, the facilitator 204, and the room is gone', async () => {
    const room = await server.room('Short-lived');
    const participant = await server.join(room.joinCode);
    const p = `/api/rooms/${room.roomId}`;

    const byParticipant = await server.request('DELETE', p, { token: participant });
    expect(byParticipant.status).toBe(403);
    expect((await server.request('GET', p, { token: room.facilitatorToken })).status).toBe(200);

    const noToken = await server.request('DELETE', p);
    expect(noToken.status).toBe(401);

    const byFacilitator = await server.request('DELETE', p, { token: room.facilitatorToken });
    expect(byFacilitator.status, byFacilitator.text).toBe(204);

    const after = await server.request('GET', p, { token: room.facilitatorToken });
    expect([401, 404]).toContain(after.status);
    const afterParticipant = await server.request('GET', p, { token: participant });
    expect([401, 404]).toContain(afterParticipant.status);
    const rejoin = await join(server.url, room.joinCode);
    expect(rejoin.status).toBe(404);
  });

  test('GET /healthz answers 200 and GET /metrics answers Prometheus text', async () => {
    const health = await fetch(server.url + '/healthz');
    expect(health.status).toBe(200);
    await health.arrayBuffer();

    const metrics = await fetch(server.url + '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type') ?? '').toMatch(/^text\/plain/);
    const text = await metrics.text();
    expect(text).toMatch(/^# TYPE \S+ (counter|gauge|histogram|summary|untyped)$/m);
  });
});

describe('join rate limit', () => {
  const server = useServer();

  test('guessing join codes is answered with 429 before long', async () => {
    const room = await server.room('Brute force');
    const alphabet = 'ACDEFGHJKMNPQRTWXY34679';
    const statuses: number[] = [];
    // Far more guesses than anyone mistyping a code would make.
    for (let i = 0; i < 100 && !statuses.includes(429); i++) {
      let guess = '';
      for (let j = 0; j < room.joinCode.length; j++) guess += alphabet[(i * 7 + j * 13) % alphabet.length];
      if (guess === room.joinCode) continue;
      const res = await server.request('POST', '/api/join', { body: { joinCode: guess } });
      statuses.push(res.status);
      if (res.status === 429) expect(typeof res.body?.message).toBe('string');
    }
    expect(statuses, 'a 429 within 100 wrong guesses').toContain(429);
    expect(statuses.filter((s) => s !== 404 && s !== 429)).toEqual([]);
  });
});

describe('storage of tokens and deleted rooms', () => {
  const server = useServer();

  test('tokens are stored only as hashes: no file in DATA_DIR contains a token', async () => {
    const room = await server.room('Hash check');
    const participant = await server.join(room.joinCode, 'Hash');
    // Use both tokens once, so any lazily written session data exists too.
    expect((await server.request('GET', `/api/rooms/${room.roomId}`, { token: room.facilitatorToken })).status).toBe(200);
    expect((await server.request('GET', `/api/rooms/${room.roomId}`, { token: participant })).status).toBe(200);

    const files = allFiles(server.dataDir);
    expect(files.length, 'the server stores something in DATA_DIR').toBeGreaterThan(0);
    // Sanity check of the scan itself: the room exists on disk.
    expect(filesContaining(server.dataDir, room.roomId).length, 'room id found in DATA_DIR').toBeGreaterThan(0);
    expect(filesContaining(server.dataDir, room.facilitatorToken)).toEqual([]);
    expect(filesContaining(server.dataDir, participant)).toEqual([]);
  });

  test('DELETE removes every stored trace: title and board content are no longer in DATA_DIR', async () => {
    const marker = `zebra-${Date.now().toString(36)}-marker`;
    const room = await server.room(`Title ${marker}`);
    const client = server.doc(room.roomId, 'board', room.facilitatorToken);
    await client.synced;
    writeNote(client.doc, FACILITATOR_WRITER, { text: `Note ${marker}` });
    // Wait until the board content is on disk, so the test proves that DELETE removes it.
    await waitFor(
      () => filesContaining(server.dataDir, `Note ${marker}`).length > 0,
      10_000,
      'the board write to reach DATA_DIR',
    );
    client.destroy();

    const res = await server.request('DELETE', `/api/rooms/${room.roomId}`, { token: room.facilitatorToken });
    expect(res.status).toBe(204);
    // Allow the server a moment to finish removing (and checkpointing) asynchronously.
    await waitFor(
      () => filesContaining(server.dataDir, marker).length === 0,
      5_000,
      'no file in DATA_DIR to contain the deleted room\'s title or notes',
    ).catch((err: Error) => {
      throw new Error(`${err.message}; still found in ${JSON.stringify(filesContaining(server.dataDir, marker))}`);
    });
    expect(filesContaining(server.dataDir, marker)).toEqual([]);
  });

  test('after DELETE, a client still connected is disconnected and cannot store anything', async () => {
    const marker = `yak-${Date.now().toString(36)}-late`;
    const room = await server.room('Deleted while in use');
    const late = await mustJoinAs(server.url, room.joinCode, 'Late');
    const participant = late.token;
    const client = server.doc(room.roomId, 'board', participant);
    await client.synced;
    const note = writeNote(client.doc, late, { text: 'before' });
    // The write is accepted (not refused): the close that follows comes from the DELETE.
    const watcher = server.doc(room.roomId, 'board', room.facilitatorToken);
    await watcher.synced;
    await waitFor(() => noteText(watcher.doc, note) === 'before', 5_000, 'the participant\'s note to reach the facilitator');
    watcher.destroy();
    expect(client.closes).toEqual([]);
    const res = await server.request('DELETE', `/api/rooms/${room.roomId}`, { token: room.facilitatorToken });
    expect(res.status).toBe(204);
    await waitFor(() => client.closes.length > 0, 5_000, 'the server to close the deleted room\'s socket');
    expect(client.closes[0]!.code, 'closed as a deleted room (a stock client stops there)').toBe(CloseCode.RoomDeleted);
    // The client writes offline, then connects again on purpose with everything it holds: the
    // server turns the attempt away and nothing comes back to disk.
    setNoteText(client.doc, note, marker);
    writeNote(client.doc, late, { text: `after ${marker}` });
    client.provider.connect();
    await waitFor(() => client.closes.length >= 2, 10_000, 'the reconnect to be made and turned away');
    expect(client.provider.synced, 'the reconnect synced with a deleted room').toBe(false);
    expect(filesContaining(server.dataDir, marker)).toEqual([]);
    expect(filesContaining(server.dataDir, room.roomId)).toEqual([]);
    const info = await server.request('GET', `/api/rooms/${room.roomId}`, { token: participant });
    expect([401, 404]).toContain(info.status);
  });
});
