import { describe, expect, test } from 'vitest';
import { useServer, type ServerFixture } from '../helpers/fixture.ts';
import { createRoom, join } from '../helpers/server.ts';

/** The board's areas (title, description) in board order, and the control's steps, as the facilitator's screen reads them. */
async function boardOf(server: ServerFixture, roomId: string, token: string) {
  const board = server.doc(roomId, 'board', token);
  const control = server.doc(roomId, 'control', token);
  await Promise.all([board.synced, control.synced]);
  const areas: { title: string; description?: string; order: number }[] = [];
  board.doc.getMap<any>('areas').forEach((m) => areas.push({ title: m.get('title'), description: m.get('description'), order: m.get('order') }));
  const steps = (control.doc.getMap('control').get('steps') as { title: string; prompt: string }[]) ?? [];
  board.destroy();
  control.destroy();
  return { areas: areas.sort((a, b) => a.order - b.order), steps };
}

describe('a room is made in its language (POST /api/rooms `language`)', () => {
  const server = useServer();

  test('Welsh: the template puts Welsh area titles and step prompts on the board', async () => {
    const created = await createRoom(server.url, { template: 'recovery-river', language: 'cy' });
    expect(created.status, created.text).toBe(201);
    const { areas, steps } = await boardOf(server, created.body.roomId, created.body.facilitatorToken);
    expect(areas.map((a) => a.title)).toEqual(['1. Y tarddiad', "2. I fyny'r afon", '3. Y dyfroedd gwyllt', '4. Dŵr tawelach', '5. Yr afon', '6. Y môr']);
    expect(areas[4]!.description).toMatch(/^Rwy'n teimlo'n nerfus/);
    expect(steps[0]!.title).toBe('Edrych ar yr afon');
    expect(steps[0]!.prompt).toMatch(/^Edrychwch ar yr afon/);
    // The room's title, when none is given, is the method's name in the room's language.
    const info = await server.request('GET', `/api/rooms/${created.body.roomId}`, { token: created.body.facilitatorToken });
    expect(info.body.title).toBe('Afon Adferiad');
  });

  test('English, without a language, is unchanged', async () => {
    const created = await createRoom(server.url, { template: 'recovery-river' });
    const { areas, steps } = await boardOf(server, created.body.roomId, created.body.facilitatorToken);
    expect(areas.map((a) => a.title)).toEqual(['1. The source', '2. Upstream', '3. The rapids', '4. Calmer water', '5. The river', '6. The ocean']);
    expect(steps[0]!.title).toBe('Look at the river');
  });

  test('a method added later, in a language asked for; an unknown language is refused with its values', async () => {
    const created = await createRoom(server.url, { title: 'Later' });
    const { roomId, facilitatorToken } = created.body;
    const refused = await server.command(roomId, facilitatorToken, { type: 'template.add', templateId: 'group-agreement', language: 'tlh' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'TRIB_UNKNOWN_LANGUAGE', values: { language: 'tlh' } });
    const added = await server.command(roomId, facilitatorToken, { type: 'template.add', templateId: 'group-agreement', language: 'pl' });
    expect(added.status, added.text).toBe(200);
    const { areas } = await boardOf(server, roomId, facilitatorToken);
    expect(areas.map((a) => a.title)).toEqual(['Propozycje']);
    expect((await createRoom(server.url, { template: 'group-agreement', language: 'tlh' })).status).toBe(400);
  });

  test('GET /api/templates?language= answers the method cards in that language; without it, English', async () => {
    const arabic = await server.request('GET', '/api/templates?language=ar');
    expect(arabic.status).toBe(200);
    expect(arabic.body.find((t: any) => t.id === 'world-cafe').title).toBe('المقهى العالمي');
    const river = arabic.body.find((t: any) => t.id === 'recovery-river');
    expect(river.describe[0]).toEqual({ key: 'stage-1', title: '1. المنبع', question: 'كيف قد يشعر شخص ما في هذه المرحلة، وماذا يحدث معه؟' });
    const english = await server.request('GET', '/api/templates');
    expect(english.body.find((t: any) => t.id === 'world-cafe').title).toBe('World Cafe');
  });
});

describe('error replies carry `values` (docs/API.md)', () => {
  const server = useServer();

  test('a message with arguments answers them by name, beside the English message', async () => {
    const created = await createRoom(server.url, { template: 'word-association' });
    const { roomId, joinCode, facilitatorToken } = created.body;
    const joined = await join(server.url, joinCode, 'Ana');
    const token = joined.body.participantToken;
    await server.command(roomId, facilitatorToken, { type: 'step.next' });
    for (let i = 0; i < 5; i++) expect((await server.request('POST', `/api/rooms/${roomId}/notes`, { token, body: { text: `word ${i}` } })).status).toBe(201);
    const sixth = await server.request('POST', `/api/rooms/${roomId}/notes`, { token, body: { text: 'one too many' } });
    expect(sixth.status).toBe(409);
    expect(sixth.body).toEqual({
      statusCode: 409,
      code: 'TRIB_NOTE_LIMIT',
      error: 'Conflict',
      message: 'You have written all 5 notes for this step. You can still change or take back the ones you wrote.',
      values: { count: 5 },
    });
    const step = await server.command(roomId, facilitatorToken, { type: 'step.goto', index: 20 });
    expect(step.body).toMatchObject({ code: 'TRIB_NO_SUCH_STEP', message: 'There is no step 21 in this session.', values: { step: 21 } });
  });

  test('a message without arguments has no values: the 404 of a wrong join code', async () => {
    const res = await join(server.url, 'ZZZZZZ');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ statusCode: 404, code: 'TRIB_JOIN_CODE_NOT_FOUND', error: 'Not Found', message: "We couldn't find a room with that code. Check the code and try again." });
  });
});
