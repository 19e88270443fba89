import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { mustJoinAs } from '../helpers/board.ts';
import { useServer } from '../helpers/fixture.ts';
import { createRoom, mustCreateRoom, type CreatedRoom, type JsonResponse } from '../helpers/server.ts';
import { mustUpload } from './images/imageClient.ts';
import { plainJpeg } from './images/imageFixtures.ts';

// The published "what we said" page (docs/API.md "Published results"): the facilitator publishes,
// anyone with the link reads it with no other credential, and it shows what was said and counted,
// never who: no author names or ids, no hidden, sealed or waiting notes, no times finer than the day.

const marker = (label: string): string => `${label}-${randomBytes(6).toString('hex')}`;
const presenterToken = (room: CreatedRoom) => decodeURIComponent(room.links.presenter.split('#token=')[1]!);

describe('published results', () => {
  const server = useServer();
  const api = (method: string, path: string, token?: string, body?: unknown) =>
    server.request(method, path, { ...(token !== undefined ? { token } : {}), ...(body !== undefined ? { body } : {}) });
  const results = (room: CreatedRoom) => `/api/rooms/${room.roomId}/results`;
  const publish = async (room: CreatedRoom, token = room.facilitatorToken) => {
    const res = await api('POST', results(room), token);
    expect([200, 201], res.text).toContain(res.status);
    return res.body as { resultsToken: string; url: string };
  };
  const read = (resultsToken: string) => api('GET', `/api/results/${encodeURIComponent(resultsToken)}`);
  const page = (resultsToken: string) => fetch(`${server.url}/results/${encodeURIComponent(resultsToken)}`, { headers: { accept: 'text/html' } });
  const post = (room: CreatedRoom, token: string, body: Record<string, unknown>) => api('POST', `/api/rooms/${room.roomId}/notes`, token, body);
  const cmd = async (room: CreatedRoom, body: Record<string, unknown>) => {
    const res = await api('POST', `/api/rooms/${room.roomId}/commands`, room.facilitatorToken, body);
    expect(res.status, res.text).toBe(200);
    return res;
  };
  /** Every number in a JSON value: none may be a time (epoch ms). */
  const numbersIn = (value: unknown): number[] =>
    typeof value === 'number' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(numbersIn) : [];

  test('publish, read with no credential, publish again for the same link, take down: 410 at once', async () => {
    const room = await mustCreateRoom(server.url, 'Closing the loop');
    const said = marker('SAID');
    const ana = await mustJoinAs(server.url, room.joinCode, 'Ana');
    expect((await post(room, ana.token, { text: said })).status).toBe(201);

    expect((await api('GET', results(room), room.facilitatorToken)).body).toEqual({ published: false, next: '' });
    const first = await api('POST', results(room), room.facilitatorToken);
    expect(first.status, first.text).toBe(201);
    const { resultsToken, url } = first.body as { resultsToken: string; url: string };
    expect(resultsToken.length).toBeGreaterThanOrEqual(32);
    expect(url).toBe(`${server.url}/results/${resultsToken}`);

    // After a reload the facilitator sees the same link; publishing again answers it too.
    expect((await api('GET', results(room), room.facilitatorToken)).body).toEqual({ published: true, url, next: '' });
    const again = await api('POST', results(room), room.facilitatorToken);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ resultsToken, url });

    const shown = await read(resultsToken);
    expect(shown.status, shown.text).toBe(200);
    expect(shown.body.title).toBe('Closing the loop');
    expect(shown.body.areas.flatMap((a: { notes: Array<{ text: string }> }) => a.notes.map((n) => n.text))).toEqual([said]);
    expect(shown.headers.get('cache-control')).toBe('no-store');
    expect(shown.headers.get('x-robots-tag')).toContain('noindex');
    expect(shown.headers.get('referrer-policy')).toBe('no-referrer');

    const live = await page(resultsToken);
    expect(live.headers.get('x-robots-tag')).toContain('noindex');
    expect(live.headers.get('referrer-policy')).toBe('no-referrer');

    const down = await api('DELETE', results(room), room.facilitatorToken);
    expect(down.status).toBe(204);
    const gone = await read(resultsToken);
    expect(gone.status).toBe(410);
    expect(gone.body.code).toBe('TRIB_RESULTS_TAKEN_DOWN');
    expect(gone.text).not.toContain(said);
    expect(gone.headers.get('cache-control')).toBe('no-store');
    const gonePage = await page(resultsToken);
    expect(gonePage.status).toBe(410);
    expect(gonePage.headers.get('content-type')).toContain('text/html');
    const goneHtml = await gonePage.text();
    expect(goneHtml).toContain('This page was taken down by the facilitator');
    expect(goneHtml).not.toContain(said);
    expect((await api('GET', results(room), room.facilitatorToken)).body).toEqual({ published: false, next: '' });

    // Publishing after taking down makes a new link; the old one stays down.
    const renewed = await publish(room);
    expect(renewed.resultsToken).not.toBe(resultsToken);
    expect((await read(renewed.resultsToken)).status).toBe(200);
    expect((await read(resultsToken)).status).toBe(410);
  });

  test('a Welsh room: the taken-down page says so in Welsh', async () => {
    const created = await createRoom(server.url, { title: 'Panel tenantiaid', language: 'cy' });
    expect(created.status).toBe(201);
    const room = created.body;
    const { resultsToken } = await publish(room);
    expect((await api('DELETE', results(room), room.facilitatorToken)).status).toBe(204);
    const gone = await page(resultsToken);
    expect(gone.status).toBe(410);
    const html = await gone.text();
    expect(html).toContain('<html lang="cy"');
    expect(html).toContain('Cafodd y dudalen hon ei thynnu i lawr gan yr hwylusydd.');
  });

  test('a guessed link is 404, as JSON and as a page', async () => {
    const guess = randomBytes(24).toString('base64url');
    const res = await read(guess);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('TRIB_RESULTS_NOT_FOUND');
    const html = await page(guess);
    expect(html.status).toBe(404);
    expect(await html.text()).toContain('There is no results page at this link');
  });

  test('only the facilitator publishes, writes next and takes down: participants and the projector get 403', async () => {
    const room = await mustCreateRoom(server.url, 'Roles');
    const ana = await mustJoinAs(server.url, room.joinCode, 'Ana');
    for (const token of [ana.token, presenterToken(room)]) {
      expect((await api('POST', results(room), token)).status).toBe(403);
      expect((await api('GET', results(room), token)).status).toBe(403);
      expect((await api('PUT', `${results(room)}/next`, token, { text: 'x' })).status).toBe(403);
      expect((await api('DELETE', results(room), token)).status).toBe(403);
    }
    expect((await api('POST', results(room))).status).toBe(401);
    // Nothing was published by any of those.
    expect((await api('GET', results(room), room.facilitatorToken)).body.published).toBe(false);

    // Another room's facilitator cannot touch this room's page.
    const other = await mustCreateRoom(server.url, 'Other');
    const { resultsToken } = await publish(room);
    expect((await api('DELETE', results(room), other.facilitatorToken)).status).toBe(401);
    expect((await read(resultsToken)).status).toBe(200);
  });

  test('what happened next: set any time after publishing, shown on the same link, emptied to clear, capped', async () => {
    const room = await mustCreateRoom(server.url, 'Next');
    const early = await api('PUT', `${results(room)}/next`, room.facilitatorToken, { text: 'Too early' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('TRIB_RESULTS_NOT_PUBLISHED');

    const { resultsToken } = await publish(room);
    expect((await read(resultsToken)).body.next).toBe('');
    const text = 'We took your three ideas to the board in March.\nTwo are now in the plan.';
    const set = await api('PUT', `${results(room)}/next`, room.facilitatorToken, { text: `  ${text}  ` });
    expect(set.status, set.text).toBe(200);
    expect(set.body.next).toBe(text);
    expect((await read(resultsToken)).body.next).toBe(text);
    expect((await api('GET', results(room), room.facilitatorToken)).body.next).toBe(text);

    const tooLong = await api('PUT', `${results(room)}/next`, room.facilitatorToken, { text: 'x'.repeat(5001) });
    expect(tooLong.status).toBe(400);
    expect((await api('PUT', `${results(room)}/next`, room.facilitatorToken, { nope: 1 })).status).toBe(400);
    expect((await read(resultsToken)).body.next).toBe(text);

    expect((await api('PUT', `${results(room)}/next`, room.facilitatorToken, { text: '' })).status).toBe(200);
    expect((await read(resultsToken)).body.next).toBe('');
  });

  test('a co-facilitator sees the page is up but not its link, and cannot publish a second one', async () => {
    const room = await mustCreateRoom(server.url, 'Two facilitators');
    const link = await api('POST', `/api/rooms/${room.roomId}/facilitator-link`, room.facilitatorToken);
    const coToken = decodeURIComponent((link.body.facilitator as string).split('#token=')[1]!);
    const { resultsToken } = await publish(room);
    expect((await api('GET', results(room), coToken)).body).toEqual({ published: true, next: '' });
    const second = await api('POST', results(room), coToken);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('TRIB_RESULTS_PUBLISHED_ELSEWHERE');
    // The co-facilitator may still write next and take it down.
    expect((await api('PUT', `${results(room)}/next`, coToken, { text: 'Next steps' })).status).toBe(200);
    expect((await read(resultsToken)).body.next).toBe('Next steps');
    expect((await api('DELETE', results(room), coToken)).status).toBe(204);
    expect((await read(resultsToken)).status).toBe(410);
  });

  test('never shown: hidden, sealed and waiting notes, author names and ids, anyone who joined, times finer than the day', async () => {
    const room = await mustCreateRoom(server.url, 'What we said');
    await cmd(room, {
      type: 'steps.set',
      index: 0,
      steps: [
        { title: 'Say', prompt: 'Say it', mode: 'open' },
        { title: 'Vote', prompt: 'Dots', mode: 'voting', voteBudget: 3 },
        { title: 'Alone', prompt: 'Write alone', mode: 'private' },
      ],
    });
    const people = [];
    for (const name of ['Ana Quietname', 'Ben Secretname', 'Cas Hiddenname']) people.push(await mustJoinAs(server.url, room.joinCode, name));
    const [ana, ben, cas] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];

    const named = marker('NAMED');
    const hidden = marker('HIDDEN');
    const anonymous = people.map((p, i) => marker(`ANON${i}`));
    const namedRes = await post(room, ana.token, { text: named });
    expect(namedRes.body.status).toBe('visible');
    const hiddenRes = await post(room, ben.token, { text: hidden });
    // Three people's anonymous notes go up together (a batch).
    for (const [i, p] of people.entries()) expect((await post(room, p.token, { text: anonymous[i], anonymous: true })).status).toBe(201);
    await cmd(room, { type: 'anonymous.release' });
    await cmd(room, { type: 'note.hide', noteId: hiddenRes.body.noteId });
    // One person's anonymous note alone waits for others: not on the board.
    const waiting = marker('WAITING');
    expect((await post(room, cas.token, { text: waiting, anonymous: true })).body.status).toBe('pending');

    const { resultsToken } = await publish(room);
    const before = await read(resultsToken);
    expect(before.status).toBe(200);
    const noteTexts = (res: JsonResponse) => (res.body.areas as Array<{ notes: Array<{ text: string }> }>).flatMap((a) => a.notes.map((n) => n.text));
    expect(noteTexts(before).sort()).toEqual([named, ...anonymous].sort());
    // Votes: none shown yet, so none on the page.
    expect(before.body.votes).toBeNull();
    expect(before.body.bars).toEqual([]);

    // Voting: the totals reach the page only once the facilitator shows them.
    await cmd(room, { type: 'step.goto', index: 1 });
    expect((await api('POST', `/api/rooms/${room.roomId}/votes`, ben.token, { noteId: namedRes.body.noteId, delta: 1 })).status).toBe(200);
    const unshown = await read(resultsToken);
    expect(unshown.body.votes).toBeNull();
    expect(unshown.body.bars).toEqual([]);
    expect(unshown.body.areas[0].notes.every((n: { votes: unknown }) => n.votes === null)).toBe(true);
    await cmd(room, { type: 'voting.close', showTotals: true });
    const shown = await read(resultsToken);
    expect(shown.body.votes).toBe(1);
    expect(shown.body.bars).toEqual([{ id: '0', label: named, value: 1 }]);

    // A private step: Ben's sealed note is not on the page until the reveal.
    await cmd(room, { type: 'step.goto', index: 2 });
    const sealed = marker('SEALED');
    expect((await post(room, ben.token, { text: sealed })).body.status).toBe('sealed');

    const after = await read(resultsToken);
    const text = after.text;
    for (const absent of [hidden, waiting, sealed]) expect(text).not.toContain(absent);
    for (const p of people) {
      expect(text).not.toContain(p.name!.split(' ')[1]!);
      expect(text).not.toContain(p.participantId);
    }
    for (const field of ['author', 'authorName', 'authorId', 'anonymous', 'participant', 'createdAt', 'publishedAt']) expect(text).not.toContain(`"${field}"`);
    // The board's note ids are not on the page either.
    expect(text).not.toContain(namedRes.body.noteId);
    expect(after.body.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(numbersIn(after.body).every((n) => n < 1e9)).toBe(true);

    await cmd(room, { type: 'reveal' });
    expect(noteTexts(await read(resultsToken))).toContain(sealed);
  });

  test('Group Agreement: what the group agreed is the suggestions with dots, once shown', async () => {
    const created = await createRoom(server.url, { template: 'group-agreement' });
    expect(created.status).toBe(201);
    const room = created.body;
    const [ana, ben] = [await mustJoinAs(server.url, room.joinCode, 'Ana'), await mustJoinAs(server.url, room.joinCode, 'Ben')];
    const ids: Record<string, string> = {};
    for (const [who, text] of [[ana, 'One voice at a time'], [ben, 'Phones on silent'], [ana, 'Breaks when needed']] as const) {
      const res = await post(room, who.token, { text });
      expect(res.status, res.text).toBe(201);
      ids[text] = res.body.noteId;
    }
    await cmd(room, { type: 'step.goto', index: 2 });
    for (const [who, text] of [[ana, 'Breaks when needed'], [ben, 'Breaks when needed'], [ben, 'One voice at a time']] as const) {
      expect((await api('POST', `/api/rooms/${room.roomId}/votes`, who.token, { noteId: ids[text], delta: 1 })).status).toBe(200);
    }
    const { resultsToken } = await publish(room);
    expect((await read(resultsToken)).body.agreed).toEqual([]);
    await cmd(room, { type: 'voting.close', showTotals: true });
    const shown = await read(resultsToken);
    expect(shown.body.agreed).toEqual([
      { id: '0', label: 'Breaks when needed', value: 2 },
      { id: '1', label: 'One voice at a time', value: 1 },
    ]);
  });

  test('a picture suggestion nobody described: its bar says it is a photo, with no note or image id', async () => {
    const room = (await createRoom(server.url, { template: 'group-agreement' })).body;
    const ana = await mustJoinAs(server.url, room.joinCode, 'Ana');
    const imageId = await mustUpload(server.url, room.roomId, ana.token, plainJpeg(), 'image/jpeg');
    const res = await post(room, ana.token, { imageId });
    expect(res.status, res.text).toBe(201);
    await cmd(room, { type: 'step.goto', index: 2 });
    expect((await api('POST', `/api/rooms/${room.roomId}/votes`, ana.token, { noteId: res.body.noteId, delta: 1 })).status).toBe(200);
    await cmd(room, { type: 'voting.close', showTotals: true });
    const { resultsToken } = await publish(room);
    const shown = await read(resultsToken);
    // The page labels it "Picture, not described yet" (client barWords): never an empty bar.
    expect(shown.body.agreed).toEqual([{ id: '0', label: '', value: 1, imageKind: 'photo' }]);
    expect(JSON.stringify(shown.body)).not.toContain(imageId);
  });

  test('deleting the room kills the link', async () => {
    const room = await mustCreateRoom(server.url, 'Short-lived');
    const { resultsToken } = await publish(room);
    expect((await read(resultsToken)).status).toBe(200);
    expect((await api('DELETE', `/api/rooms/${room.roomId}`, room.facilitatorToken)).status).toBe(204);
    expect((await read(resultsToken)).status).toBe(404);
    expect((await page(resultsToken)).status).toBe(404);
  });
});
