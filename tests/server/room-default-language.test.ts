import { afterEach, describe, expect, test } from 'vitest';
import { connectDoc, waitFor, type DocClient } from '../helpers/clients.ts';
import { command, createRoom, join, mustCreateRoom, mustJoin, request } from '../helpers/server.ts';
import { useServer } from '../helpers/fixture.ts';

// The room's default language (docs/API.md "Languages"): set by the facilitator when the room is
// made or later by command, checked against the catalogs in shared/src/i18n/locales, stored in
// control where only the server writes, answered in the join reply and the room info.

describe('the room language', () => {
  const server = useServer();
  const clients: DocClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });

  const roomInfo = (roomId: string, token: string) => request(server.url, 'GET', `/api/rooms/${roomId}`, { token });

  test('is set when the room is made, and answered in the join reply and the room info', async () => {
    const made = await createRoom(server.url, { title: 'Gweithdy', language: 'cy' });
    expect(made.status, made.text).toBe(201);
    const joined = await join(server.url, made.body.joinCode);
    expect(joined.status, joined.text).toBe(200);
    expect((joined.body as { language?: unknown }).language).toBe('cy');
    const info = await roomInfo(made.body.roomId, joined.body.participantToken);
    expect(info.body.language).toBe('cy');
  });

  test("a blank room's title and prompt, which participants read, are written in the room's language", async () => {
    const made = await createRoom(server.url, { language: 'pl' });
    expect(made.status, made.text).toBe(201);
    const participant = await mustJoin(server.url, made.body.joinCode);
    const control = connectDoc(server.wsUrl, made.body.roomId, 'control', participant);
    clients.push(control);
    await control.synced;
    expect(control.doc.getMap('control').get('prompt')).toBe('Czym chcesz się podzielić?');
    expect(control.doc.getMap('control').get('title')).toBe('Nasza sesja');

    const english = await createRoom(server.url, {});
    const englishInfo = await roomInfo(english.body.roomId, english.body.facilitatorToken);
    expect(englishInfo.body.title).toBe('Our session');
  });

  test('is null when the facilitator sets none', async () => {
    const room = await mustCreateRoom(server.url, 'No language');
    const joined = await join(server.url, room.joinCode);
    expect((joined.body as { language?: unknown }).language).toBeNull();
  });

  test('a language with no catalog is refused with 400 naming the ones there are, and no room is made', async () => {
    for (const language of ['xx', 'en-XA']) {
      const res = await createRoom(server.url, { title: 'Nope', language });
      expect(res.status, res.text).toBe(400);
      const refusal = res.body as unknown as { code: string; message: string };
      expect(refusal.code).toBe('TRIB_UNKNOWN_LANGUAGE');
      expect(refusal.message).toContain(`"${language}"`);
      expect(refusal.message).toMatch(/ar, cy, en, pl/);
    }
    const malformed = await createRoom(server.url, { title: 'Nope', language: '<script>' });
    expect(malformed.status).toBe(400);
  });

  test('the facilitator changes it with room.language; phones see it in control', async () => {
    const room = await mustCreateRoom(server.url, 'Change');
    const participant = await mustJoin(server.url, room.joinCode);
    const control = connectDoc(server.wsUrl, room.roomId, 'control', participant);
    clients.push(control);
    await control.synced;
    const set = await command(server.url, room.roomId, room.facilitatorToken, { type: 'room.language', language: 'AR' });
    expect(set.status, set.text).toBe(200);
    await waitFor(() => control.doc.getMap('control').get('language') === 'ar', 5_000, 'the phone to see "ar"');
    expect((await roomInfo(room.roomId, participant)).body.language).toBe('ar');

    const unknown = await command(server.url, room.roomId, room.facilitatorToken, { type: 'room.language', language: 'tlh' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('TRIB_UNKNOWN_LANGUAGE');

    const cleared = await command(server.url, room.roomId, room.facilitatorToken, { type: 'room.language', language: null });
    expect(cleared.status, cleared.text).toBe(200);
    expect((await roomInfo(room.roomId, participant)).body.language).toBeNull();
  });

  test('attack: a participant cannot change it, by command or by writing control', async () => {
    const room = await mustCreateRoom(server.url, 'Attack');
    await command(server.url, room.roomId, room.facilitatorToken, { type: 'room.language', language: 'pl' });
    const participant = await mustJoin(server.url, room.joinCode);

    const byCommand = await command(server.url, room.roomId, participant, { type: 'room.language', language: 'ar' });
    expect(byCommand.status).toBe(403);

    const control = connectDoc(server.wsUrl, room.roomId, 'control', participant);
    clients.push(control);
    await control.synced;
    control.doc.getMap('control').set('language', 'ar');
    await waitFor(() => control.closes.some((close) => close.code === 4403), 5_000, 'the control socket to be closed with 4403');

    expect((await roomInfo(room.roomId, participant)).body.language).toBe('pl');
    const again = await join(server.url, room.joinCode);
    expect((again.body as { language?: unknown }).language).toBe('pl');
  });
});
