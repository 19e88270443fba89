import { beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { roundTrip, waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';
import { command, mustCreateRoom, mustJoin, request, type CreatedRoom } from '../../helpers/server.ts';

// Facilitator commands (shared/API.md "Commands", docs/API.md "Commands"), observed through the
// command's reply and through stock y-websocket clients of the `control` document.

const control = (doc: Y.Doc): Record<string, unknown> => doc.getMap('control').toJSON();

const STEPS = [
  { title: 'Arrive', prompt: 'PROMPT-ONE: how did you get here today?', mode: 'open' },
  { title: 'Write alone', prompt: 'PROMPT-TWO: one thing that helped', mode: 'private', timerSeconds: 120 },
  { title: 'Talk', prompt: 'PROMPT-THREE: what do we take away?', mode: 'discussion' },
];

describe('facilitator commands', () => {
  const server = useServer({ per: 'test' });
  let room: CreatedRoom;
  let participant: string;
  const connect = (docName: string, token: string): DocClient => server.doc(room.roomId, docName, token);

  beforeEach(async () => {
    room = await mustCreateRoom(server.url, 'Commands');
    participant = await mustJoin(server.url, room.joinCode, 'Pat');
  });

  test('participants get 403 on POST /commands, and nothing changes', async () => {
    const before = await command(server.url, room.roomId, room.facilitatorToken, { type: 'prompt.set', prompt: 'Unchanged prompt' });
    expect(before.status).toBe(200);
    for (const cmd of [{ type: 'prompt.set', prompt: 'Hijacked' }, { type: 'board.lock' }, { type: 'reveal' }, { type: 'timer.start', seconds: 5 }]) {
      const res = await command(server.url, room.roomId, participant, cmd);
      expect(res.status, `participant ${cmd.type}`).toBe(403);
    }
    const c = connect('control', room.facilitatorToken);
    await c.synced;
    expect(control(c.doc).prompt).toBe('Unchanged prompt');
    expect(control(c.doc).locked).not.toBe(true);
    expect((control(c.doc).timer as { status?: string } | undefined)?.status ?? 'idle').toBe('idle');
    // Without any token: 401, not a silent success.
    const anon = await request(server.url, 'POST', `/api/rooms/${room.roomId}/commands`, { body: { type: 'board.lock' } });
    expect(anon.status).toBe(401);
  });

  test('an unknown command answers 400 TRIB_UNKNOWN_COMMAND; a bad field answers 400 TRIB_INVALID_COMMAND', async () => {
    const unknown = await command(server.url, room.roomId, room.facilitatorToken, { type: 'step.teleport', index: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('TRIB_UNKNOWN_COMMAND');
    expect(typeof unknown.body.message).toBe('string');
    // The message lists the known commands.
    expect(unknown.body.message).toContain('step.goto');

    const invalid = await command(server.url, room.roomId, room.facilitatorToken, { type: 'step.goto', index: 'two' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('TRIB_INVALID_COMMAND');
    expect(invalid.body.message).toContain('index');
  });

  test('steps.set, step.goto, step.next and step.previous move the session (reply and control doc agree)', async () => {
    const p = connect('control', participant);
    const f = connect('control', room.facilitatorToken);
    await Promise.all([p.synced, f.synced]);

    const set = await command(server.url, room.roomId, room.facilitatorToken, { type: 'steps.set', steps: STEPS, index: 0 });
    expect(set.status).toBe(200);
    expect(set.body.control.steps).toHaveLength(3);
    expect(set.body.control.steps.map((s: { title: string }) => s.title)).toEqual(['Arrive', 'Write alone', 'Talk']);
    expect(set.body.control.stepIndex).toBe(0);
    expect(set.body.control.prompt).toBe(STEPS[0]!.prompt);
    expect(set.body.control.mode).toBe('open');
    for (const client of [p, f]) {
      await waitFor(() => control(client.doc).prompt === STEPS[0]!.prompt, 5_000, 'control doc to show step 1');
      expect((control(client.doc).steps as unknown[]).length).toBe(3);
      expect(control(client.doc).stepIndex).toBe(0);
    }

    const goto = await command(server.url, room.roomId, room.facilitatorToken, { type: 'step.goto', index: 2 });
    expect(goto.status).toBe(200);
    expect(goto.body.control.stepIndex).toBe(2);
    expect(goto.body.control.prompt).toBe(STEPS[2]!.prompt);
    expect(goto.body.control.mode).toBe('discussion');
    await waitFor(() => control(p.doc).stepIndex === 2 && control(p.doc).prompt === STEPS[2]!.prompt, 5_000, 'participant control doc at step 3');

    const previous = await command(server.url, room.roomId, room.facilitatorToken, { type: 'step.previous' });
    expect(previous.status).toBe(200);
    expect(previous.body.control.stepIndex).toBe(1);
    expect(previous.body.control.prompt).toBe(STEPS[1]!.prompt);
    expect(previous.body.control.mode).toBe('private');
    // Entering a step sets its timer length (idle until started).
    expect(previous.body.control.timer.status).toBe('idle');
    expect(previous.body.control.timer.durationMs).toBe(120_000);
    await waitFor(() => control(p.doc).stepIndex === 1 && control(p.doc).prompt === STEPS[1]!.prompt, 5_000, 'participant control doc at step 2');
    expect((control(p.doc).timer as { durationMs: number }).durationMs).toBe(120_000);

    const next = await command(server.url, room.roomId, room.facilitatorToken, { type: 'step.next' });
    expect(next.status).toBe(200);
    expect(next.body.control.stepIndex).toBe(2);
    expect(next.body.control.prompt).toBe(STEPS[2]!.prompt);
    await waitFor(() => control(p.doc).stepIndex === 2 && control(f.doc).stepIndex === 2, 5_000, 'both control docs at step 3 again');

    // A step that does not exist is refused and changes nothing.
    const missing = await command(server.url, room.roomId, room.facilitatorToken, { type: 'step.goto', index: 7 });
    expect(missing.status).toBe(400);
    await roundTrip(p);
    expect(control(p.doc).stepIndex).toBe(2);
  });

  test('step.update of the current step changes the prompt live; of another step only the script', async () => {
    const p = connect('control', participant);
    await p.synced;
    expect((await command(server.url, room.roomId, room.facilitatorToken, { type: 'steps.set', steps: STEPS, index: 1 })).status).toBe(200);
    await waitFor(() => control(p.doc).prompt === STEPS[1]!.prompt, 5_000, 'step 2 prompt');

    const live = await command(server.url, room.roomId, room.facilitatorToken, { type: 'step.update', index: 1, prompt: 'EDITED LIVE: one small thing that helped' });
    expect(live.status).toBe(200);
    expect(live.body.control.prompt).toBe('EDITED LIVE: one small thing that helped');
    expect(live.body.control.steps[1].prompt).toBe('EDITED LIVE: one small thing that helped');
    await waitFor(() => control(p.doc).prompt === 'EDITED LIVE: one small thing that helped', 5_000, 'participant to see the edited prompt');
    expect((control(p.doc).steps as Array<{ prompt: string }>)[1]!.prompt).toBe('EDITED LIVE: one small thing that helped');

    const other = await command(server.url, room.roomId, room.facilitatorToken, { type: 'step.update', index: 2, prompt: 'Later prompt, edited' });
    expect(other.status).toBe(200);
    expect(other.body.control.prompt).toBe('EDITED LIVE: one small thing that helped');
    expect(other.body.control.steps[2].prompt).toBe('Later prompt, edited');
    await waitFor(() => (control(p.doc).steps as Array<{ prompt: string }>)[2]!.prompt === 'Later prompt, edited', 5_000, 'script update');
    expect(control(p.doc).prompt).toBe('EDITED LIVE: one small thing that helped');
  });

  test("a participant's (or the facilitator's) local write to the control doc is refused with 4403 and never reaches anyone else", async () => {
    const f = connect('control', room.facilitatorToken);
    const p = connect('control', participant);
    const p2 = connect('control', await mustJoin(server.url, room.joinCode, 'Other'));
    await Promise.all([f.synced, p.synced, p2.synced]);
    expect((await command(server.url, room.roomId, room.facilitatorToken, { type: 'prompt.set', prompt: 'Real prompt' })).status).toBe(200);
    await waitFor(() => control(f.doc).prompt === 'Real prompt' && control(p.doc).prompt === 'Real prompt', 5_000, 'real prompt everywhere');

    p.doc.transact(() => {
      p.doc.getMap('control').set('prompt', 'FORGED BY PARTICIPANT');
      p.doc.getMap('control').set('locked', true);
      p.doc.getMap('control').set('revealed', true);
      p.doc.getMap('forged').set('x', 'FORGED-ROOT');
    });
    f.doc.getMap('control').set('title', 'FORGED BY FACILITATOR CLIENT');
    expect(control(p.doc).prompt).toBe('FORGED BY PARTICIPANT'); // the local copy is the participant's own business

    // Each forged update is refused: its writer's control socket is closed with 4403, and a
    // refused update is applied nowhere. Then move the real state on and wait for it.
    for (const [who, client] of [['the participant', p], ['the facilitator', f]] as const) {
      await waitFor(() => client.closes.some((c) => c.code === 4403 && c.reason.startsWith('server-only: ')), 5_000, `${who}'s forged write to be refused`);
    }
    expect((await command(server.url, room.roomId, room.facilitatorToken, { type: 'prompt.set', prompt: 'Second real prompt' })).status).toBe(200);
    await waitFor(() => control(p2.doc).prompt === 'Second real prompt', 5_000, 'second prompt');

    expect(control(p2.doc).revealed).not.toBe(true);
    expect(p2.closes).toEqual([]);
    expect(control(p2.doc).title).not.toBe('FORGED BY FACILITATOR CLIENT');
    expect(p2.doc.getMap('forged').toJSON()).toEqual({});
    expect(control(p2.doc).locked).not.toBe(true);

    // The server's own (stored) state holds none of it: a fresh client sees only the real state.
    const fresh = connect('control', room.facilitatorToken);
    await fresh.synced;
    expect(control(fresh.doc).prompt).toBe('Second real prompt');
    expect(control(fresh.doc).locked).not.toBe(true);
    expect(control(fresh.doc).title).not.toBe('FORGED BY FACILITATOR CLIENT');
    expect(fresh.doc.getMap('forged').toJSON()).toEqual({});
    // And the board is not locked for real: participants may still post.
    const post = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: participant, body: { text: 'still allowed' } });
    expect(post.status).toBe(201);
  });
});

describe('editing the script', () => {
  const server = useServer();
  test('steps.set that keeps the current step does not restart its timer or voting', async () => {
    const room = await mustCreateRoom(server.url);
    const run = async (cmd: Record<string, unknown>) => {
      const res = await command(server.url, room.roomId, room.facilitatorToken, cmd);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.control;
    };
    const steps = [
      { id: 'write', title: 'Write', prompt: 'Ideas?', mode: 'open' },
      { id: 'vote', title: 'Vote', prompt: 'Pick', mode: 'voting', voteBudget: 2 },
    ];
    await run({ type: 'steps.set', steps, index: 1 });
    const started = await run({ type: 'timer.start', seconds: 120 });
    const round = started.voting.round;
    expect(started.voting.open).toBe(true);
    // Add a step before the current one and change another's prompt.
    const edited = await run({
      type: 'steps.set',
      steps: [{ id: 'intro', title: 'Hello', prompt: 'Welcome', mode: 'discussion' }, { ...steps[0], prompt: 'More ideas?' }, steps[1]],
    });
    expect(edited.stepIndex).toBe(2);
    expect(edited.steps[edited.stepIndex].id).toBe('vote');
    expect(edited.timer).toEqual(started.timer);
    expect(edited.voting).toEqual({ ...started.voting, round });
    // Removing the current step moves on properly.
    const removed = await run({ type: 'steps.set', steps: [steps[0]] });
    expect(removed.stepIndex).toBe(0);
    expect(removed.voting.open).toBe(false);
  });
});
