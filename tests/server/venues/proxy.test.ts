import { describe, expect, test } from 'vitest';
import { configFromEnv, proxyHops } from '../../../server/src/config.ts';
import { mustCreateRoom, request } from '../../helpers/server.ts';
import { useServer } from '../../helpers/fixture.ts';

/**
 * TRUST_PROXY counts proxy hops. The test client plays both the proxy (it is the socket's peer)
 * and the attacker behind it: the attacker writes X-Forwarded-For entries of its own, and the
 * proxy appends the address it really saw, which is the rightmost entry.
 */

const WRONG_CODE = 'AAAAAA';
/** Rightmost entry: what the one trusted proxy saw. Everything left of it is the client's own writing. */
const forwardedFor = (spoofed: string, seenByProxy: string) => ({ 'x-forwarded-for': `${spoofed}, ${seenByProxy}` });

describe('TRUST_PROXY is a number of hops', () => {
  test('whole numbers are hops, 1 keeps meaning one proxy; "true" and other words are refused with a reason', () => {
    expect(proxyHops(undefined)).toBe(0);
    expect(proxyHops('')).toBe(0);
    expect(proxyHops('0')).toBe(0);
    expect(proxyHops('1')).toBe(1);
    expect(proxyHops('2')).toBe(2);
    expect(configFromEnv({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    for (const bad of ['true', 'yes', '-1', '1.5', '11', '10.0.0.1']) {
      expect(() => proxyHops(bad), bad).toThrow(/TRUST_PROXY must be the number of proxies/);
    }
  });
});

describe('behind one trusted proxy (TRUST_PROXY=1), X-Forwarded-For entries the client writes do not escape the limits', () => {
  const server = useServer({ config: { trustProxy: 1, rateLimit: { failedJoinsPerTenMinutes: 3, createRoomPerMinute: 3 } } });

  test('join-code guessing: a new spoofed entry on every try is still one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await request(server.url, 'POST', '/api/join', { body: { joinCode: WRONG_CODE }, headers: forwardedFor(`10.0.${i}.1`, '203.0.113.7') });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([404, 404, 404, 429, 429, 429]);
    const last = await request(server.url, 'POST', '/api/join', { body: { joinCode: WRONG_CODE }, headers: forwardedFor('10.9.9.9', '203.0.113.7') });
    expect(last.body).toMatchObject({ code: 'TRIB_TOO_MANY_TRIES' });

    // The limit keys on the proxy's entry, not on the socket (the proxy itself): someone else
    // behind the same proxy, with the same spoofed entries, is not held up.
    const neighbour = await request(server.url, 'POST', '/api/join', { body: { joinCode: WRONG_CODE }, headers: forwardedFor('10.0.0.1', '198.51.100.9') });
    expect(neighbour.status).toBe(404);
  });

  test('room creation: a new spoofed entry on every request is still one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await request(server.url, 'POST', '/api/rooms', { body: { title: 'Flood' }, headers: forwardedFor(`10.1.${i}.1`, '203.0.113.8') });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    const neighbour = await request(server.url, 'POST', '/api/rooms', { body: { title: 'Mine' }, headers: forwardedFor('10.1.0.1', '198.51.100.10') });
    expect(neighbour.status).toBe(201);
  });
});

describe('without a proxy (TRUST_PROXY unset), X-Forwarded-For is not read at all', () => {
  const server = useServer({ config: { rateLimit: { failedJoinsPerTenMinutes: 2 } } });

  test('every entry is the client\'s own writing: the socket\'s address is limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await request(server.url, 'POST', '/api/join', { body: { joinCode: WRONG_CODE }, headers: { 'x-forwarded-for': `10.2.${i}.1` } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([404, 404, 429, 429]);
    // Links are made from the request's own origin, not a forwarded host.
    const room = await mustCreateRoom(server.url);
    expect(room.links.join.startsWith(server.url)).toBe(true);
  });
});
