import { beforeAll, describe, expect, test } from 'vitest';
import { readControl } from '@tributary/shared/control/state';
import { waitFor } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';
import { startSession, type Session } from '../templates/session.ts';

/**
 * Every marker round's totals are kept once shown (Ladder of Participation: "where we are" and
 * "where we should be" side by side), not only the last round's: a phone's own control document
 * holds them, as counts only.
 */
describe('marker rounds keep their totals', () => {
  const server = useServer();
  let s: Session;
  beforeAll(async () => {
    s = await startSession(server, 'ladder-of-participation', ['Ana', 'Ben', 'Cas']);
  });

  test('each round shown stays shown after the next opens; a round never shown stays unpublished', async () => {
    const rungs = s.areas();
    await s.cmd({ type: 'step.goto', index: 1 });
    for (const [i, p] of s.people.entries()) expect((await s.vote(p, { areaId: rungs[i]!.id, delta: 1 })).status).toBe(200);
    let control = await s.cmd({ type: 'voting.showTotals' });
    expect(control.markerRounds[0].totals).toEqual({ [rungs[0]!.id]: 1, [rungs[1]!.id]: 1, [rungs[2]!.id]: 1 });

    // The team round: shown while voting is still open, then a vote changes, kept up to date.
    control = await s.cmd({ type: 'step.next' });
    expect(control.voting.totals).toBeNull();
    expect((await s.vote(s.people[0]!, { areaId: rungs[3]!.id, delta: 1 })).status).toBe(200);
    control = await s.cmd({ type: 'voting.showTotals' });
    expect((await s.vote(s.people[1]!, { areaId: rungs[3]!.id, delta: 1 })).status).toBe(200);

    // The third round is never shown: its counts stay with the server.
    control = await s.cmd({ type: 'step.next' });
    expect((await s.vote(s.people[2]!, { areaId: rungs[5]!.id, delta: 1 })).status).toBe(200);
    control = await s.cmd({ type: 'step.next' });
    expect((await s.vote(s.people[2]!, { areaId: rungs[4]!.id, delta: 1 })).status).toBe(200);
    control = await s.cmd({ type: 'voting.close', showTotals: true });

    const phone = s.people[2]!.control.doc;
    await waitFor(() => readControl(phone).markerRounds.length === 4 && readControl(phone).markerRounds[3]!.totals !== undefined, 5000, 'the last round on the phone');
    const rounds = readControl(phone).markerRounds;
    expect(rounds.map((r) => r.title)).toEqual(['Your organisation', 'Your team', 'You in your role', 'Where we should be']);
    expect(rounds[0]!.totals).toEqual({ [rungs[0]!.id]: 1, [rungs[1]!.id]: 1, [rungs[2]!.id]: 1 });
    expect(rounds[1]!.totals).toEqual({ [rungs[3]!.id]: 2 });
    expect(rounds[2]!.totals).toBeUndefined();
    expect(rounds[3]!.totals).toEqual({ [rungs[4]!.id]: 1 });
    // Counts only: nothing in the kept rounds says who placed a marker.
    const kept = JSON.stringify(rounds);
    for (const p of s.people) {
      expect(kept).not.toContain(p.participantId);
      expect(kept).not.toContain(p.name);
    }
  });
});
