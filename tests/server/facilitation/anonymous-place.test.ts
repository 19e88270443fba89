import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { connectDoc, waitFor, type DocClient } from '../../helpers/clients.ts';
import { command, mustCreateRoom, request, type CreatedRoom } from '../../helpers/server.ts';
import { useServer } from '../../helpers/fixture.ts';
import { mustJoinAs, type NamedParticipant as Person } from '../../helpers/board.ts';

// An anonymous note never lands where fewer than three people could have written it (DESIGN.md
// section 3, "Place"). The attack from issue 15: the facilitator makes groups of one, each with its
// own area, runs an anonymous step that posts to group areas, and reads each note's area off the board.

type NoteJson = { text: string; areaId: string | null; anonymous: boolean };
type GroupJson = { id: string; members: string[]; areaId: string | null };

const ANONYMOUS_GROUP_STEP = { title: 'In your group, without names', prompt: 'What worries you?', mode: 'anonymous', postTo: 'group-area' };

describe('where anonymous notes land', () => {
  const server = useServer({ per: 'test' });
  let room: CreatedRoom;
  let people: Person[];
  let fBoard: DocClient;
  let fControl: DocClient;
  const clients: DocClient[] = [];

  const run = async (cmd: Record<string, unknown>) => {
    const res = await command(server.url, room.roomId, room.facilitatorToken, cmd);
    expect(res.status, `${String(cmd.type)}: ${res.text}`).toBe(200);
    return res.body as { control: { groups: GroupJson[] }; warning?: string };
  };
  const post = async (p: Person, text: string, extra: Record<string, unknown> = {}) => {
    const res = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: p.token, body: { text, ...extra } });
    expect(res.status, `${p.name}'s note: ${res.text}`).toBe(201);
    return res.body as { noteId: string; status: string };
  };
  const boardNotes = () => fBoard.doc.getMap('notes').toJSON() as Record<string, NoteJson>;
  const groupAreaOf = (groups: GroupJson[], p: Person) => groups.find((g) => g.members.includes(p.participantId))!.areaId;
  /** Sets the groups (each gets an area of its own: the Troika template's rule) and returns them. */
  const setGroups = async (members: Person[][]) =>
    (await run({ type: 'groups.set', groups: members.map((ps) => ({ members: ps.map((p) => p.participantId) })) })).control.groups;

  beforeEach(async () => {
    room = await mustCreateRoom(server.url, 'Place');
    // Troika gives every group an area of its own.
    await run({ type: 'template.add', templateId: 'troika-consulting' });
    await run({ type: 'steps.set', steps: [ANONYMOUS_GROUP_STEP, { title: 'Open', prompt: 'Anything else?', mode: 'open' }], index: 0 });
    people = [];
    for (const name of ['Ana', 'Ben', 'Cat', 'Dan']) {
      people.push(await mustJoinAs(server.url, room.joinCode, name));
    }
    fBoard = connectDoc(server.wsUrl, room.roomId, 'board', room.facilitatorToken);
    fControl = connectDoc(server.wsUrl, room.roomId, 'control', room.facilitatorToken);
    clients.push(fBoard, fControl);
    await Promise.all([fBoard.synced, fControl.synced]);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
  });

  test('the attack: groups of one, each with its own area, an anonymous step posting to group areas', async () => {
    const [ana, ben, cat] = people as [Person, Person, Person];
    const groups = await setGroups([[ana], [ben], [cat]]);
    const ownAreas = new Set(groups.map((g) => g.areaId));
    expect(ownAreas.size, 'each group of one has its own area').toBe(3);
    expect(ownAreas.has(null)).toBe(false);

    const posted = new Map<string, Person>();
    for (const p of [ana, ben, cat]) posted.set((await post(p, `${p.name} was here`)).noteId, p);
    await waitFor(() => [...posted.keys()].every((id) => id in boardNotes()), 5_000, 'the batch of three on the facilitator board');

    // What the facilitator reads off the board: an area that one person posts to names them.
    for (const [id, p] of posted) {
      const note = boardNotes()[id]!;
      expect(note.anonymous).toBe(true);
      expect(note.areaId, `${p.name}'s anonymous note sits in ${p.name}'s own area`).not.toBe(groupAreaOf(groups, p));
      expect(ownAreas.has(note.areaId), `${p.name}'s anonymous note sits in a group-of-one area`).toBe(false);
    }
  });

  test('one group under three sends every note of the step to the shared space, and the facilitator is told why', async () => {
    const [ana, ben, cat, dan] = people as [Person, Person, Person, Person];
    // Connected, as in a real session (the rule also counts people who are in no group).
    for (const p of people) {
      const c = connectDoc(server.wsUrl, room.roomId, 'control', p.token);
      clients.push(c);
      await c.synced;
    }
    const groupsSet = await run({ type: 'groups.set', groups: [{ members: [ana, ben, cat].map((p) => p.participantId) }, { members: [dan.participantId] }] });
    expect(groupsSet.warning, 'the facilitator is told in plain words').toMatch(/fewer than three people/);
    const groups = groupsSet.control.groups;
    const areas = new Set(groups.map((g) => g.areaId));

    // Pooling only Dan's notes would point at him just the same: nothing goes to a group area.
    const ids: string[] = [];
    for (const p of [dan, ana, ben]) ids.push((await post(p, `${p.name} thinks`)).noteId);
    await waitFor(() => ids.every((id) => id in boardNotes()), 5_000, 'the batch of three on the board');
    for (const id of ids) expect(areas.has(boardNotes()[id]!.areaId), `note ${id} landed in a group area`).toBe(false);

    // Groups of three or more: notes go to their group's area again, and no warning.
    const big = await run({ type: 'groups.set', groups: [{ members: people.map((p) => p.participantId) }] });
    expect(big.warning).toBeUndefined();
    const area = big.control.groups[0]!.areaId;
    const later: string[] = [];
    for (const p of [ana, ben, cat]) later.push((await post(p, `${p.name} again`)).noteId);
    await waitFor(() => later.every((id) => id in boardNotes()), 5_000, 'the second batch');
    for (const id of later) expect(boardNotes()[id]!.areaId).toBe(area);
  });

  test('groups changed between posting and release: notes waiting for a group area that is now too small go to the shared space', async () => {
    const [ana, ben, cat] = people as [Person, Person, Person];
    const trio = await setGroups([[ana, ben, cat]]);
    const trioArea = trio[0]!.areaId;
    const first = [await post(ana, 'Ana waits'), await post(ben, 'Ben waits')];
    for (const r of first) expect(r.status).toBe('pending');

    // The facilitator leaves Ana alone in the trio's area, then Cat's note completes the batch.
    const split = await setGroups([[ana], [ben, cat]]);
    expect(split[0]!.areaId, 'Ana keeps the trio area').toBe(trioArea);
    const smallAreas = new Set(split.map((g) => g.areaId));
    const last = await post(cat, 'Cat completes it');
    const ids = [...first.map((r) => r.noteId), last.noteId];
    await waitFor(() => ids.every((id) => id in boardNotes()), 5_000, 'the batch');
    for (const id of ids) expect(smallAreas.has(boardNotes()[id]!.areaId), `note ${id} landed in the area of a group under three`).toBe(false);
  });

  test('groups of one when posting, merged into a trio before release: the notes do not go to their writers\' old areas', async () => {
    const [ana, ben, cat] = people as [Person, Person, Person];
    const alone = await setGroups([[ana], [ben], [cat]]);
    const oldAreas = new Set(alone.map((g) => g.areaId));
    const waiting = [await post(ana, 'Ana alone'), await post(ben, 'Ben alone')];
    for (const r of waiting) expect(r.status).toBe('pending');
    // Merged into one trio sitting at Ana's old area: checked at release only, Ana's note would
    // look fine there and Ben's would sit alone in his old area.
    await run({ type: 'groups.set', groups: [{ members: [ana, ben, cat].map((p) => p.participantId), areaId: alone[0]!.areaId }] });
    const last = await post(cat, 'Cat in the trio');
    const ids = [...waiting.map((r) => r.noteId), last.noteId];
    await waitFor(() => ids.every((id) => id in boardNotes()), 5_000, 'the batch');
    for (const id of ids.slice(0, 2)) expect(oldAreas.has(boardNotes()[id]!.areaId), `note ${id} landed in its writer's old area of one`).toBe(false);
  });

  test('choosing the area of a group under three for an anonymous note is refused: the note goes to the shared space', async () => {
    const [ana, ben, cat] = people as [Person, Person, Person];
    const groups = await setGroups([[ana], [ben], [cat]]);
    // A plain anonymous step (no group areas): each sends their own area's id, as a modified phone could.
    await run({ type: 'steps.set', steps: [{ title: 'Anonymous', prompt: 'Say it', mode: 'anonymous' }], index: 0 });
    const ids: string[] = [];
    for (const p of [ana, ben, cat]) ids.push((await post(p, `${p.name} chose`, { areaId: groupAreaOf(groups, p) })).noteId);
    await waitFor(() => ids.every((id) => id in boardNotes()), 5_000, 'the batch');
    const areas = new Set(groups.map((g) => g.areaId));
    for (const id of ids) expect(areas.has(boardNotes()[id]!.areaId), `note ${id} landed in a group-of-one area`).toBe(false);
  });
});
