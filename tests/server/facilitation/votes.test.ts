import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectDoc, waitFor, type DocClient } from '../../helpers/clients.ts';
import { command, mustCreateRoom, mustJoin, request, type CreatedRoom } from '../../helpers/server.ts';
import { useServer } from '../../helpers/fixture.ts';

// Dot voting (shared/API.md "votes", docs/API.md "Votes"): the server holds ballots and enforces
// the budget under any concurrency; only totals are ever published, and only when shown.

/** Totals compared by content, not by key order. */
const sameTotals = (a: unknown, b: Record<string, number>): boolean =>
  !!a && typeof a === 'object' && JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

describe('votes', () => {
  const server = useServer();
  let room: CreatedRoom;
  let p1: string;
  let p2: string;
  let fControl: DocClient;
  const noteIds: string[] = [];

  const vote = (token: string, noteId: string, delta: 1 | -1) =>
    request(server.url, 'POST', `/api/rooms/${room.roomId}/votes`, { token, body: { noteId, delta } });
  const votes = (token: string) => request(server.url, 'GET', `/api/rooms/${room.roomId}/votes`, { token });
  const cmd = async (body: Record<string, unknown>) => {
    const res = await command(server.url, room.roomId, room.facilitatorToken, body);
    expect(res.status, `${String(body.type)}: ${res.text}`).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    room = await mustCreateRoom(server.url, 'Votes');
    p1 = await mustJoin(server.url, room.joinCode, 'Ana');
    p2 = await mustJoin(server.url, room.joinCode, 'Ben');
    for (let i = 0; i < 5; i++) {
      const res = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: i % 2 ? p1 : p2, body: { text: `idea ${i}` } });
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('visible');
      noteIds.push(res.body.noteId);
    }
    fControl = connectDoc(server.wsUrl, room.roomId, 'control', room.facilitatorToken);
    await fControl.synced;
  });
  afterAll(async () => {
    fControl?.destroy();
  });

  test('before voting opens, votes are refused with 409', async () => {
    const res = await vote(p1, noteIds[0]!, 1);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('TRIB_VOTING_CLOSED');
  });

  test('budget 3: of 50 concurrent votes from one person exactly 3 succeed and 47 get 409', async () => {
    const opened = await cmd({ type: 'voting.open', budget: 3 });
    expect(opened.control.voting).toMatchObject({ open: true, budget: 3, totals: null });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => vote(p1, noteIds[i % noteIds.length]!, 1)));
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 409);
    expect(ok).toHaveLength(3);
    expect(refused).toHaveLength(47);
    for (const r of refused) expect(r.body.code).toBe('TRIB_BUDGET_SPENT');
    expect(ok.map((r) => r.body.remaining).sort()).toEqual([0, 1, 2]);
    const mine = await votes(p1);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ open: true, budget: 3, remaining: 0 });
    expect(Object.values(mine.body.mine as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(3);
    expect(mine.body).not.toHaveProperty('totals');
  });

  test('delta -1 takes one back; -1 where there is no vote is 409; a missing note is 404', async () => {
    const mine = (await votes(p1)).body.mine as Record<string, number>;
    const voted = Object.keys(mine)[0]!;
    const back = await vote(p1, voted, -1);
    expect(back.status).toBe(200);
    expect(back.body.remaining).toBe(1);
    expect((await votes(p1)).body.remaining).toBe(1);

    const unvoted = noteIds.find((id) => !(id in mine))!;
    const none = await vote(p1, unvoted, -1);
    expect(none.status).toBe(409);
    expect(none.body.code).toBe('TRIB_NO_VOTE');
    expect((await votes(p1)).body.remaining).toBe(1);

    const missing = await vote(p1, 'note_doesnotexist', 1);
    expect(missing.status).toBe(404);
    expect((await votes(p1)).body.remaining).toBe(1);
  });

  test("two participants' budgets are independent", async () => {
    for (let i = 0; i < 3; i++) {
      const res = await vote(p2, noteIds[0]!, 1);
      expect(res.status).toBe(200);
      expect(res.body.remaining).toBe(2 - i);
    }
    expect((await vote(p2, noteIds[1]!, 1)).status).toBe(409);
    expect((await votes(p2)).body.remaining).toBe(0);
    expect((await votes(p1)).body.remaining).toBe(1);
    expect((await vote(p1, noteIds[4]!, 1)).status).toBe(200);
    expect((await votes(p1)).body.remaining).toBe(0);
  });

  test('no totals until shown; then correct in GET /votes and in control.voting.totals, and kept up to date', async () => {
    for (const token of [p1, p2, room.facilitatorToken]) {
      const res = await votes(token);
      expect(res.status).toBe(200);
      expect(res.body).not.toHaveProperty('totals');
    }
    expect((fControl.doc.getMap('control').get('voting') as { totals: unknown }).totals ?? null).toBeNull();

    const expected: Record<string, number> = {};
    for (const token of [p1, p2]) {
      for (const [id, n] of Object.entries((await votes(token)).body.mine as Record<string, number>)) expected[id] = (expected[id] ?? 0) + n;
    }
    expect(Object.values(expected).reduce((a, b) => a + b, 0)).toBe(6);

    const shown = await cmd({ type: 'voting.showTotals' });
    expect(shown.control.voting.totals).toEqual(expected);
    for (const token of [p1, p2, room.facilitatorToken]) expect((await votes(token)).body.totals).toEqual(expected);
    await waitFor(
      () => sameTotals((fControl.doc.getMap('control').get('voting') as { totals: unknown }).totals, expected),
      5_000,
      'control.voting.totals',
    );

    // Still open: a vote taken back shows up in the totals at once.
    const back = await vote(p2, noteIds[0]!, -1);
    expect(back.status).toBe(200);
    expected[noteIds[0]!] = expected[noteIds[0]!]! - 1;
    if (expected[noteIds[0]!] === 0) delete expected[noteIds[0]!];
    expect((await votes(p1)).body.totals).toEqual(expected);
    await waitFor(
      () => sameTotals((fControl.doc.getMap('control').get('voting') as { totals: unknown }).totals, expected),
      5_000,
      'control.voting.totals after a vote was taken back',
    );
  });

  test('voting.close {showTotals: true} publishes totals; closed voting answers 409; a new round hides totals again', async () => {
    const fresh = await cmd({ type: 'voting.open', budget: 2 });
    expect(fresh.control.voting).toMatchObject({ open: true, budget: 2, totals: null });
    // A new round: earlier ballots no longer count.
    expect((await votes(p1)).body).toMatchObject({ remaining: 2 });
    expect((await votes(p1)).body).not.toHaveProperty('totals');
    expect((await vote(p1, noteIds[2]!, 1)).status).toBe(200);
    expect((await vote(p2, noteIds[2]!, 1)).status).toBe(200);
    expect((await vote(p2, noteIds[3]!, 1)).status).toBe(200);

    const closed = await cmd({ type: 'voting.close', showTotals: true });
    expect(closed.control.voting.open).toBe(false);
    const expected = { [noteIds[2]!]: 2, [noteIds[3]!]: 1 };
    expect(closed.control.voting.totals).toEqual(expected);
    expect((await votes(p2)).body).toMatchObject({ open: false, totals: expected });
    await waitFor(
      () => sameTotals((fControl.doc.getMap('control').get('voting') as { totals: unknown }).totals, expected),
      5_000,
      'control.voting.totals after close',
    );

    const late = await vote(p1, noteIds[1]!, 1);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('TRIB_VOTING_CLOSED');
    const lateBack = await vote(p1, noteIds[2]!, -1);
    expect(lateBack.status).toBe(409);

    // Closing without showTotals keeps a new round's totals private.
    await cmd({ type: 'voting.open', budget: 1 });
    expect((await vote(p1, noteIds[0]!, 1)).status).toBe(200);
    const quiet = await cmd({ type: 'voting.close' });
    expect(quiet.control.voting.totals).toBeNull();
    expect((await votes(p1)).body).not.toHaveProperty('totals');
    // Participants cannot open or reveal voting.
    expect((await command(server.url, room.roomId, p1, { type: 'voting.showTotals' })).status).toBe(403);
  });
});
