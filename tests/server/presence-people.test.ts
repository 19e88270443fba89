import { afterAll, describe, expect, test } from 'vitest';
import { connectDoc, waitFor, type DocClient } from '../helpers/clients.ts';
import { command, join, mustCreateRoom } from '../helpers/server.ts';
import { useServer } from '../helpers/fixture.ts';

// Issue 16: "6 here" counted the facilitator's own extra tabs as people. The server stamps every
// presence state with `person`, one opaque key per person, so screens count people, not tabs.
// From outside, with stock y-websocket clients; the keys must not give anyone away.

const server = useServer();
const clients: DocClient[] = [];

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy();
});

function tab(roomId: string, token: string, awareness: Record<string, unknown>): DocClient {
  const client = connectDoc(server.wsUrl, roomId, 'board', token, { awareness });
  clients.push(client);
  return client;
}

async function person(joinCode: string, name: string): Promise<{ participantToken: string; participantId: string }> {
  const res = await join(server.url, joinCode, name);
  expect(res.status).toBe(200);
  return res.body as unknown as { participantToken: string; participantId: string };
}

/** What one screen hears of the other tabs (its own state is its own, as it set it). */
function seenBy(client: DocClient): Array<Record<string, unknown>> {
  const self = client.provider.awareness.clientID;
  return [...client.provider.awareness.getStates().entries()]
    .filter(([id, s]) => id !== self && s && Object.keys(s).length > 0)
    .map(([, s]) => s as Record<string, unknown>);
}

describe('presence counts people, not tabs', () => {
  test('two facilitator tabs are one person, a phone and a laptop of one participant are one, a projector is nobody', async () => {
    const room = await mustCreateRoom(server.url);
    const ana = await person(room.joinCode, 'Ana');
    const ben = await person(room.joinCode, 'Ben');
    const presenterToken = new URL(room.links.presenter).hash.replace('#token=', '');
    const board = tab(room.roomId, room.facilitatorToken, { name: 'Dee', role: 'facilitator' });
    tab(room.roomId, room.facilitatorToken, { name: 'Dee', role: 'facilitator' });
    tab(room.roomId, ana.participantToken, { name: 'Ana', person: 'forged' });
    tab(room.roomId, ana.participantToken, { name: 'Ana' });
    const benPhone = tab(room.roomId, ben.participantToken, { name: 'Ben', person: 'forged' });
    tab(room.roomId, presenterToken, { name: 'Projector' });

    await waitFor(() => seenBy(benPhone).length === 5, 10_000, 'the five other tabs seen');
    const states = seenBy(benPhone);
    const keyOf = (name: string) => [...new Set(states.filter((s) => s.name === name).map((s) => s.person))];
    expect(keyOf('Dee')).toHaveLength(1);
    expect(keyOf('Ana')).toHaveLength(1);
    expect(keyOf('Ben')).toEqual([]);
    expect(keyOf('Projector')).toEqual([undefined]);
    const people = new Set(states.filter((s) => s.role !== 'presenter').map((s) => s.person));
    expect(people.size).toBe(2);
    // The facilitator's screen hears Ben under his own key: three people in all.
    const benKey = seenBy(board).find((s) => s.name === 'Ben')!.person;
    people.add(benKey);
    expect(people.size).toBe(3);
    // A key a client writes itself is replaced; no key is, or contains, a participant id.
    for (const key of people) {
      expect(typeof key).toBe('string');
      expect(key).not.toBe('forged');
      expect(String(key)).not.toContain(ana.participantId);
      expect(String(key)).not.toContain(ben.participantId);
    }
    expect(seenBy(board).filter((s) => s.person === keyOf('Ana')[0])).toHaveLength(2);
  });

  test('in an anonymous step the key changes, so it cannot tie a nameless badge to a name seen before', async () => {
    const room = await mustCreateRoom(server.url);
    const ana = await person(room.joinCode, 'Ana');
    const ben = await person(room.joinCode, 'Ben');
    const steps = [
      { title: 'Talk', prompt: 'Names on', mode: 'open' },
      { title: 'Secret', prompt: 'No names', mode: 'anonymous' },
    ];
    expect((await command(server.url, room.roomId, room.facilitatorToken, { type: 'steps.set', steps })).status).toBe(200);
    const benPhone = tab(room.roomId, ben.participantToken, { name: 'Ben' });
    const anaPhone = tab(room.roomId, ana.participantToken, { name: 'Ana', badge: { kind: 'break', showName: false } });
    tab(room.roomId, ana.participantToken, { name: 'Ana' });
    await waitFor(() => seenBy(benPhone).length === 2, 10_000, 'Ana’s two tabs seen');
    const named = seenBy(benPhone).find((s) => s.name === 'Ana')!.person;

    expect((await command(server.url, room.roomId, room.facilitatorToken, { type: 'step.goto', index: 1 })).status).toBe(200);
    // Ana's phones publish again (a stock client renews its state; ours does on every step change).
    anaPhone.provider.awareness.setLocalState({ name: 'Ana', badge: { kind: 'break', showName: false } });
    clients[clients.length - 1]!.provider.awareness.setLocalState({ name: 'Ana' });
    await waitFor(
      () => seenBy(benPhone).filter((s) => s.badge !== undefined || s.name === undefined).length >= 2 && !seenBy(benPhone).some((s) => s.name === 'Ana'),
      10_000,
      'Ana’s tabs without her name',
    );
    const nameless = seenBy(benPhone).filter((s) => s.name === undefined);
    const keys = new Set(nameless.map((s) => s.person));
    // Still one person for her two tabs, under a key never seen with her name.
    expect(keys.size).toBe(1);
    expect([...keys][0]).not.toBe(named);
    expect(nameless.find((s) => s.badge)).toMatchObject({ badge: { kind: 'break' } });
  });
});
