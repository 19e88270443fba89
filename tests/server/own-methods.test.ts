import { beforeAll, describe, expect, test } from 'vitest';
import { listAreas } from '@tributary/shared/board/queries';
import { readControl } from '@tributary/shared/control/state';
import { readMethodStarts } from '@tributary/shared/control/methodStarts';
import { LIBRARY_MAX_METHODS, METHOD_MAX_BYTES } from '@tributary/shared/libraryApi';
import { getTemplate } from '@tributary/shared/templates/index';
import type { TemplateDefinition } from '@tributary/shared/templates/types';
import { hashToken } from '../../server/src/auth/tokens.ts';
import { useServer } from '../helpers/fixture.ts';
import { mustJoin, type CreatedRoom } from '../helpers/server.ts';

// Facilitators' own methods (issue 19): a library behind a token, saving a room as a method,
// starting rooms from saved or imported methods, and session plans of several methods.

// Saving methods is rate limited like making rooms; this file saves and makes many.
const t = useServer({ config: { rateLimit: { createRoomPerMinute: 500 } } });
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const groupAgreement = getTemplate('group-agreement')!;
const wordAssociation = getTemplate('word-association')!;

async function newLibrary(): Promise<string> {
  const res = await t.request('POST', '/api/library');
  expect(res.status).toBe(201);
  return (res.body as { libraryToken: string }).libraryToken;
}

async function createRoom(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.request('POST', '/api/rooms', { body, headers });
}

/** The room's areas (relative to its first) and its steps as a facilitator's client sees them. */
async function roomShape(room: CreatedRoom) {
  const board = t.doc(room.roomId, 'board', room.facilitatorToken);
  const control = t.doc(room.roomId, 'control', room.facilitatorToken);
  await Promise.all([board.synced, control.synced]);
  const areas = listAreas(board.doc);
  const origin = areas[0]!.rect;
  const state = readControl(control.doc);
  return {
    areas: areas.map((a) => ({ title: a.title, color: a.color, role: a.role, rect: { ...a.rect, x: a.rect.x - origin.x, y: a.rect.y - origin.y } })),
    absolute: areas.map((a) => ({ title: a.title, rect: a.rect })),
    steps: state.steps.map((s) => ({ title: s.title, prompt: s.prompt, mode: s.mode, timerSeconds: s.timerSeconds, area: areas.find((a) => a.id === s.areaId)?.title ?? null })),
    method: state.method,
    starts: readMethodStarts(control.doc),
  };
}

async function saveFromRoom(library: string, room: CreatedRoom, token = room.facilitatorToken, title = 'Our agreement') {
  return t.request('POST', '/api/library/methods', { token: library, body: { fromRoom: { roomId: room.roomId }, title }, headers: { 'x-room-token': token } });
}

describe('a library of my own methods', () => {
  let library: string;
  let room: CreatedRoom;
  beforeAll(async () => {
    library = await newLibrary();
    const made = await createRoom({ template: 'group-agreement' });
    expect(made.status).toBe(201);
    room = made.body as unknown as CreatedRoom;
    // A little editing: the first step's prompt and timer change before saving.
    const edited = await t.command(room.roomId, room.facilitatorToken, { type: 'step.update', index: 0, prompt: 'How shall we be together today?', timerSeconds: 240 });
    expect(edited.status).toBe(200);
  });

  test('save a room, list it, get it as a file, start a new room from it with the same areas and steps', async () => {
    const saved = await saveFromRoom(library, room);
    expect(saved.status).toBe(201);
    const { methodId } = saved.body as { methodId: string };

    const list = await t.request('GET', '/api/library/methods', { token: library });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([{ id: methodId, title: 'Our agreement', savedAt: expect.any(String) }]);

    const file = await t.request('GET', `/api/library/methods/${methodId}`, { token: library });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('attachment');
    expect(file.headers.get('content-disposition')).toContain('.json');
    const method = file.body as unknown as TemplateDefinition;
    expect(method.title).toBe('Our agreement');
    expect(method.steps[0]).toMatchObject({ prompt: 'How shall we be together today?', timerSeconds: 240, areaKey: 'area-1' });

    const fromId = await createRoom({ methodId }, { 'x-library-token': library });
    expect(fromId.status).toBe(201);
    const fromJson = await createRoom({ method });
    expect(fromJson.status).toBe(201);
    const original = await roomShape(room);
    for (const made of [fromId, fromJson]) {
      const shape = await roomShape(made.body as unknown as CreatedRoom);
      expect(shape.areas).toEqual(original.areas);
      expect(shape.steps).toEqual(original.steps);
    }
  });

  test('delete a method: gone from the list, and 404 after', async () => {
    const { methodId } = (await t.request('POST', '/api/library/methods', { token: library, body: { method: copy(wordAssociation) } })).body as { methodId: string };
    expect((await t.request('DELETE', `/api/library/methods/${methodId}`, { token: library })).status).toBe(204);
    expect((await t.request('GET', `/api/library/methods/${methodId}`, { token: library })).status).toBe(404);
    expect((await t.request('DELETE', `/api/library/methods/${methodId}`, { token: library })).status).toBe(404);
    const list = (await t.request('GET', '/api/library/methods', { token: library })).body as Array<{ id: string }>;
    expect(list.map((m) => m.id)).not.toContain(methodId);
  });

  test("a wrong library token is 401; another library's method is the same 404 as none at all", async () => {
    const { methodId } = (await t.request('POST', '/api/library/methods', { token: library, body: { method: copy(groupAgreement) } })).body as { methodId: string };
    for (const token of [undefined, 'not-a-library-token']) {
      expect((await t.request('GET', '/api/library/methods', { token })).status).toBe(401);
      expect((await t.request('GET', `/api/library/methods/${methodId}`, { token })).status).toBe(401);
    }
    // A room's facilitator token is no library token.
    expect((await t.request('GET', '/api/library/methods', { token: room.facilitatorToken })).status).toBe(401);
    const other = await newLibrary();
    const theirs = await t.request('GET', `/api/library/methods/${methodId}`, { token: other });
    const none = await t.request('GET', '/api/library/methods/m_nothing-here', { token: other });
    expect(theirs.status).toBe(404);
    expect({ ...theirs.body as object }).toEqual({ ...none.body as object });
    expect((await t.request('DELETE', `/api/library/methods/${methodId}`, { token: other })).status).toBe(404);
    expect((await t.request('GET', '/api/library/methods', { token: other })).body).toEqual([]);
    expect((await createRoom({ methodId }, { 'x-library-token': other })).status).toBe(404);
    expect((await createRoom({ methodId }, { 'x-library-token': 'nope' })).status).toBe(401);
    expect((await createRoom({ methodId })).status).toBe(401);
    // And the method is still there for its owner.
    expect((await t.request('GET', `/api/library/methods/${methodId}`, { token: library })).status).toBe(200);
  });

  test("saving a room needs that room's facilitator token: a participant's is 403, none or another room's 401", async () => {
    const participant = await mustJoin(t.url, room.joinCode, 'Sam');
    const asParticipant = await saveFromRoom(library, room, participant);
    expect(asParticipant.status).toBe(403);
    const other = (await createRoom({})).body as unknown as CreatedRoom;
    expect((await saveFromRoom(library, room, other.facilitatorToken)).status).toBe(401);
    expect((await t.request('POST', '/api/library/methods', { token: library, body: { fromRoom: { roomId: room.roomId } } })).status).toBe(401);
    // The token in the body instead of the header is an unknown field.
    const inBody = await t.request('POST', '/api/library/methods', { token: library, body: { fromRoom: { roomId: room.roomId, facilitatorToken: room.facilitatorToken } } });
    expect(inBody.status).toBe(400);
  });

  test('deleting the library deletes its methods; its token opens nothing after', async () => {
    const own = await newLibrary();
    const { methodId } = (await t.request('POST', '/api/library/methods', { token: own, body: { method: copy(groupAgreement) } })).body as { methodId: string };
    expect((await t.request('DELETE', '/api/library', { token: own })).status).toBe(204);
    expect((await t.request('GET', '/api/library/methods', { token: own })).status).toBe(401);
    const row = await t.app.storage.libraries.getMethod('any', methodId);
    expect(row).toBeNull();
  });

  test('caps: a method over the byte cap and a full library are 413', async () => {
    const big = copy(groupAgreement);
    big.description = 'x'.repeat(1000);
    big.areas = Array.from({ length: 40 }, (_, i) => ({ ...copy(groupAgreement.areas[0]!), key: `a${i}`, description: 'y'.repeat(1000), askDescription: 'z'.repeat(800) }));
    expect(JSON.stringify(big).length).toBeGreaterThan(METHOD_MAX_BYTES);
    const tooBig = await t.request('POST', '/api/library/methods', { token: library, body: { method: big } });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({ code: 'TRIB_METHOD_TOO_BIG' });
    const full = await newLibrary();
    for (let i = 0; i < LIBRARY_MAX_METHODS; i++) {
      expect((await t.request('POST', '/api/library/methods', { token: full, body: { method: groupAgreement } })).status).toBe(201);
    }
    const over = await t.request('POST', '/api/library/methods', { token: full, body: { method: groupAgreement } });
    expect(over.status).toBe(413);
    expect(over.body).toMatchObject({ code: 'TRIB_LIBRARY_FULL' });
  });
});

describe('methods as JSON are checked: 400 TRIB_BAD_METHOD naming the field, and no room made', () => {
  test.each([
    ['an unknown field', (m: TemplateDefinition) => Object.assign(m, { owner: 'me' }), '/method/owner'],
    ['an unknown field in a step', (m: TemplateDefinition) => Object.assign(m.steps[0]!, { authorId: 'p_1' }), '/method/steps/0/authorId'],
    ['too many steps', (m: TemplateDefinition) => (m.steps = Array.from({ length: 51 }, () => copy(groupAgreement.steps[1]!))), '/method/steps'],
    ['an area too small', (m: TemplateDefinition) => (m.areas[0]!.rect.w = 5), '/method/areas/0/rect/w'],
    ['an area rect that is not a number', (m: TemplateDefinition) => Object.assign(m.areas[0]!.rect, { x: 'far' }), '/method/areas/0/rect/x'],
    ['a step naming no area', (m: TemplateDefinition) => (m.steps[0]!.areaKey = 'gone'), '/method/steps/0/areaKey'],
  ])('%s', async (_what, spoil, field) => {
    const method = copy(groupAgreement);
    spoil(method);
    const res = await createRoom({ method });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'TRIB_BAD_METHOD', values: { field } });
    const saved = await t.request('POST', '/api/library/methods', { token: await newLibrary(), body: { method } });
    expect(saved.status).toBe(400);
  });

  test('two sources at once are refused', async () => {
    const res = await createRoom({ template: 'group-agreement', method: copy(groupAgreement) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'TRIB_BAD_METHOD' });
  });
});

describe('a session plan: several methods in order in one room', () => {
  test('three methods: areas laid out in turn, steps in order, where each starts kept', async () => {
    const library = await newLibrary();
    const mine = copy(groupAgreement);
    mine.title = 'Check-in';
    mine.areas[0]!.title = 'How are we';
    const { methodId } = (await t.request('POST', '/api/library/methods', { token: library, body: { method: mine } })).body as { methodId: string };
    const res = await createRoom({ plan: [{ template: 'group-agreement' }, { template: 'word-association' }, { methodId }] }, { 'x-library-token': library });
    expect(res.status).toBe(201);
    const shape = await roomShape(res.body as unknown as CreatedRoom);
    const expected = [groupAgreement, wordAssociation, mine];
    expect(shape.steps.map((s) => s.title)).toEqual(expected.flatMap((m) => m.steps.map((s) => s.title)));
    expect(shape.absolute.map((a) => a.title)).toEqual(expected.flatMap((m) => m.areas.map((a) => a.title)));
    // Each method's areas start to the right of everything the one before put down.
    const counts = expected.map((m) => m.areas.length);
    let seen = 0;
    for (let i = 1; i < counts.length; i++) {
      const before = shape.absolute.slice(0, seen + counts[i - 1]!);
      seen += counts[i - 1]!;
      const right = Math.max(...before.map((a) => a.rect.x + a.rect.w));
      for (const area of shape.absolute.slice(seen, seen + counts[i]!)) expect(area.rect.x).toBeGreaterThan(right);
    }
    expect(shape.starts.map((s) => s.title)).toEqual(expected.map((m) => m.title));
  });

  test('two methods that both set group rules are refused with a plain 400; one is fine', async () => {
    const worldCafe = getTemplate('world-cafe')!;
    const troika = getTemplate('troika-consulting')!;
    const both = await createRoom({ plan: [{ template: 'world-cafe' }, { template: 'group-agreement' }, { template: 'troika-consulting' }] });
    expect(both.status).toBe(400);
    expect(both.body).toMatchObject({ code: 'TRIB_PLAN_RULES', values: { first: worldCafe.title, second: troika.title } });
    const one = await createRoom({ plan: [{ template: 'group-agreement' }, { template: 'world-cafe' }] });
    expect(one.status).toBe(201);
    expect((await roomShape(one.body as unknown as CreatedRoom)).method.rotate).toBe('groups-across-areas');
  });

  test('plan limits: more than six methods, an unknown template, a bad method naming its place', async () => {
    const seven = Array.from({ length: 7 }, () => ({ template: 'group-agreement' }));
    expect((await createRoom({ plan: seven })).status).toBe(400);
    const unknown = await createRoom({ plan: [{ template: 'no-such-thing' }] });
    expect(unknown.body).toMatchObject({ code: 'TRIB_UNKNOWN_TEMPLATE' });
    const spoilt = copy(groupAgreement) as unknown as Record<string, unknown>;
    spoilt.colour = 'red';
    const bad = await createRoom({ plan: [{ template: 'group-agreement' }, { method: spoilt }] });
    expect(bad.body).toMatchObject({ code: 'TRIB_BAD_METHOD', values: { field: '/plan/1/method/colour' } });
  });
});

// Last: the sweep deletes every library this file made that was not used in the year.
describe('retention', () => {
  test('a library unused for a year is swept with its methods; one in use is kept', async () => {
    const idle = await newLibrary();
    const used = await newLibrary();
    const year = 366 * 24 * 60 * 60 * 1000;
    // A year passes; `used` is opened just before the sweep, `idle` never.
    await t.app.storage.libraries.useLibrary(hashToken(used), Date.now() + year);
    await t.app.retention.sweep(Date.now() + year + 1000);
    expect((await t.request('GET', '/api/library/methods', { token: idle })).status).toBe(401);
    expect((await t.request('GET', '/api/library/methods', { token: used })).status).toBe(200);
  });

});
