import { beforeAll, describe, expect, test } from 'vitest';
import { useServer } from '../helpers/fixture.ts';
import type { CreatedRoom } from '../helpers/server.ts';

// A co-facilitator link (issue 16), tried from outside: the facilitator mints a new facilitator
// link that runs the session with a token of its own; a participant or the screen cannot.

const tokenOf = (link: string): string => decodeURIComponent(new URL(link).hash.replace(/^#token=/, ''));
const linkPath = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}/facilitator-link`;

describe('POST /api/rooms/:roomId/facilitator-link', () => {
  const server = useServer();
  let room: CreatedRoom;
  beforeAll(async () => {
    room = await server.room('Two facilitators');
  });

  test('the facilitator gets a new link whose token runs the session, not the one the room was made with', async () => {
    const res = await server.request<{ facilitator: string }>('POST', linkPath(room.roomId), { token: room.facilitatorToken });
    expect(res.status).toBe(200);
    const link = new URL(res.body.facilitator);
    expect(link.pathname).toBe(`/room/${encodeURIComponent(room.roomId)}/facilitate`);
    const second = tokenOf(res.body.facilitator);
    expect(second).not.toBe(room.facilitatorToken);
    expect(second.length).toBeGreaterThanOrEqual(32);

    // The new token is a facilitator's: it can see the room as one and run a command.
    const info = await server.request('GET', `/api/rooms/${encodeURIComponent(room.roomId)}`, { token: second });
    expect(info.body.role).toBe('facilitator');
    const renamed = await server.command(room.roomId, second, { type: 'room.rename', title: 'Renamed by the co-facilitator' });
    expect(renamed.status).toBe(200);
    // And asking again makes another one: each co-facilitator has their own.
    const again = await server.request<{ facilitator: string }>('POST', linkPath(room.roomId), { token: second });
    expect(again.status).toBe(200);
    expect(tokenOf(again.body.facilitator)).not.toBe(second);
  });

  test('a participant, the screen link and no token are refused, and nothing is minted', async () => {
    const participant = await server.join(room.joinCode, 'Ana');
    const byParticipant = await server.request('POST', linkPath(room.roomId), { token: participant });
    expect(byParticipant.status).toBe(403);
    expect(byParticipant.body.code).toBe('TRIB_FACILITATOR_ONLY');
    expect(byParticipant.text).not.toContain('facilitate');

    const byScreen = await server.request('POST', linkPath(room.roomId), { token: tokenOf(room.links.presenter) });
    expect(byScreen.status).toBe(403);
    expect(byScreen.text).not.toContain('facilitate');

    const nobody = await server.request('POST', linkPath(room.roomId));
    expect(nobody.status).toBe(401);

    // A facilitator of another room cannot make links for this one.
    const other = await server.room('Another room');
    const byStranger = await server.request('POST', linkPath(room.roomId), { token: other.facilitatorToken });
    expect([401, 403]).toContain(byStranger.status);
  });
});
