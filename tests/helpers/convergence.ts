import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { AREA_COLORS, NOTE_COLOR_NAMES, type AreaColor } from '@tributary/shared/board/colors';
import { createArea, deleteAreas, deleteNotes, moveNotes, setAreaColor, setAreaDescription, setAreaRect, setAreaTitle, setNoteColor, setNoteText } from '@tributary/shared/board/mutations';
import { FACILITATOR_WRITER, mustJoinAs, writeNote, type NoteWriter } from './board.ts';
import { connectDoc, waitFor, type CloseInfo, type DocClient } from './clients.ts';
import { command, mustCreateRoom, request } from './server.ts';

/**
 * Seeded random convergence runs (DESIGN.md section 9 rule 7, after yjs' tests/testHelper.js):
 * real clients on real servers make random edits through the shared mutations, drop off and
 * come back, while servers restart; at the end every client, and a fresh one, must hold the
 * same board. The choices come from one seeded generator, so a failing seed replays the same
 * choices (the network's timing is the machine's own).
 */

/** The servers of one run: one, or several replicas sharing storage and a bus. */
export interface Cluster {
  /** http://… of replica `i` (its port stays the same across restarts). */
  url(i: number): string;
  wsUrl(i: number): string;
  readonly size: number;
  /** Closes replica `i` (flushing what it holds) and starts it again on the same port and storage. */
  restart(i: number): Promise<void>;
}

/** The seed of a run: `SEED` from the environment to replay one, else a new one. */
export function runSeed(): number {
  const fromEnv = process.env.SEED;
  return fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : Math.floor(Math.random() * 2 ** 31);
}

/** How many random steps a run takes: `name` from the environment, else `fallback`. */
export function stepsFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

interface Actor {
  label: string;
  role: 'facilitator' | 'participant';
  writer: NoteWriter;
  token: string;
  replica: number;
  client: DocClient;
  /** The server refused a write with 4403: the client must drop its copy and load the board again. */
  refused: CloseInfo | null;
  online: boolean;
}

/** What a run did, for the failure message and the log. */
export interface RunReport {
  seed: number;
  steps: number;
  /** Op name → how many times it ran. */
  ops: Record<string, number>;
  restarts: number;
  /** Close reasons of refused writes (deliberate ones and races), by reason. */
  refusals: Record<string, number>;
  votesAccepted: number;
}

/**
 * Why the server may refuse a participant here: the writes only others may make, and writes that
 * land while the board is locked. Anything else, and any refusal of a facilitator, is a failure.
 */
const EXPECTED_REFUSALS: ReadonlySet<string> = new Set(['facilitator-only', 'not-your-note', 'locked']);

/** Text and ids a participant writes where only others may: none of it may reach the board. */
export const REFUSED_MARK = 'REFUSED';

const AREA_COLOR_NAMES = Object.keys(AREA_COLORS) as AreaColor[];

/**
 * One run: a room on `cluster`, one facilitator on two devices and `participants` people, each
 * on a replica in turn; `steps` random steps; then everyone online, compared, a restart of every
 * replica, and a fresh client compared with everyone. Throws (with the seed) when they differ.
 */
export interface ConvergenceOptions {
  seed: number;
  steps: number;
  participants: number;
  log?: (line: string) => void;
  /**
   * Refusal reasons of honest writes that are a known, open server bug rather than a failure of
   * this run: counted in the report and logged, not thrown. Keep this empty unless a finding
   * names the bug.
   */
  knownRefusals?: readonly string[];
}

export async function runConvergence(cluster: Cluster, options: ConvergenceOptions): Promise<RunReport> {
  const gen = prng.create(options.seed);
  const report: RunReport = { seed: options.seed, steps: options.steps, ops: {}, restarts: 0, refusals: {}, votesAccepted: 0 };
  const count = (name: string) => (report.ops[name] = (report.ops[name] ?? 0) + 1);
  const room = await mustCreateRoom(cluster.url(0), 'Convergence');
  const actors: Actor[] = [];
  const observers: DocClient[] = [];
  const lastRemaining = new Map<Actor, number>();
  const unexpected: string[] = [];

  const connect = (actor: Pick<Actor, 'replica' | 'token'>, docName: 'board' | 'control' = 'board'): DocClient =>
    connectDoc(cluster.wsUrl(actor.replica), room.roomId, docName, actor.token, { syncTimeoutMs: 20_000 });
  const attach = (actor: Actor): void => {
    actor.client.provider.on('connection-close', (event) => {
      if (event && event.code >= 4400 && event.code < 4500) {
        actor.refused = { code: event.code, reason: event.reason };
        trace(`${actor.label} refused: ${event.code} ${event.reason}`);
      }
    });
  };
  const addActor = (fields: Omit<Actor, 'client' | 'refused' | 'online'>): Actor => {
    const actor: Actor = { ...fields, client: connect(fields), refused: null, online: true };
    attach(actor);
    actors.push(actor);
    return actor;
  };

  try {
    must(await command(cluster.url(0), room.roomId, room.facilitatorToken, { type: 'voting.open', budget: 4 }), 'voting.open');
    for (const device of ['laptop', 'tablet']) {
      addActor({ label: `facilitator's ${device}`, role: 'facilitator', writer: FACILITATOR_WRITER, token: room.facilitatorToken, replica: actors.length % cluster.size });
    }
    for (let i = 0; i < options.participants; i++) {
      const replica = actors.length % cluster.size;
      const person = await mustJoinAs(cluster.url(replica), room.joinCode, i % 3 === 2 ? undefined : `Person ${i + 1}`);
      addActor({ label: `participant ${i + 1}`, role: 'participant', writer: person, token: person.token, replica });
    }
    const control = connect({ replica: 0, token: room.facilitatorToken }, 'control');
    observers.push(control);
    await Promise.all([...actors.map((a) => a.client.synced), control.synced]);

    /** An honest client the server refused drops its copy and loads the board again (as RoomClient does). */
    const recover = (actor: Actor): void => {
      if (!actor.refused) return;
      const key = `${actor.role}: ${actor.refused.code} ${actor.refused.reason.split(':')[0]}`;
      report.refusals[key] = (report.refusals[key] ?? 0) + 1;
      // Resetting a client hides whatever it held: only the refusals the run provokes are fine.
      const reason = actor.refused.reason.split(':')[0]!;
      if (options.knownRefusals?.includes(reason)) options.log?.(`known open bug, not failed: ${actor.label} refused with ${actor.refused.code} ${actor.refused.reason}`);
      else if (!(actor.role === 'participant' && EXPECTED_REFUSALS.has(reason))) unexpected.push(`${actor.label}: ${actor.refused.code} ${actor.refused.reason}`);
      actor.refused = null;
      actor.client.destroy();
      actor.client = connect(actor);
      attach(actor);
      if (!actor.online) actor.client.provider.disconnect();
    };

    /**
     * Every client that is online and was not refused must agree within moments, without anyone
     * reloading: a refused client reloads and converges whatever the server lost, so only these
     * checks see an update the server failed to relay.
     */
    const checkpoint = (step: number) =>
      waitFor(
        () => {
          const live = actors.filter((a) => a.online && !a.refused && a.client.provider.synced).map((a) => boardState(a.client.doc).json);
          return live.every((json) => json === live[0]);
        },
        10_000,
        `seed ${options.seed} (rerun with SEED=${options.seed}): the connected clients to agree at step ${step}`,
      );

    for (let step = 0; step < options.steps; step++) {
      if (step % 10 === 9) await checkpoint(step);
      for (const actor of actors) recover(actor);
      if (prng.int32(gen, 0, 99) < 2) {
        const replica = prng.int32(gen, 0, cluster.size - 1);
        trace(`step ${step}: restart replica ${replica}`);
        await cluster.restart(replica);
        report.restarts++;
        // Online clients come back at once rather than after the provider's back-off.
        for (const actor of actors) if (actor.online && actor.replica === replica) actor.client.provider.connect();
        if (replica === 0) control.provider.connect();
        continue;
      }
      const actor = prng.oneOf(gen, actors);
      if (prng.int32(gen, 0, 99) < 8) {
        actor.online = !actor.online;
        count(actor.online ? 'reconnect' : 'disconnect');
        if (actor.online) actor.client.provider.connect();
        else actor.client.provider.disconnect();
        continue;
      }
      trace(`step ${step}: ${actor.label}`);
      const op = actor.role === 'facilitator' ? await facilitatorOp(gen, actor, cluster, room.roomId) : await participantOp(gen, actor, cluster, room.roomId, lastRemaining, report);
      count(op);
      trace(`  ${op}`);
      // Let the sockets carry what was written before the next step (not a sleep: one turn of the loop).
      await new Promise((resolve) => setImmediate(resolve));
    }

    await checkpoint(options.steps);
    // Everyone back, the board open, and every refused client reloaded.
    must(await command(cluster.url(0), room.roomId, room.facilitatorToken, { type: 'board.unlock' }), 'board.unlock');
    for (const actor of actors) {
      actor.online = true;
      actor.client.provider.connect();
    }
    await settle(actors, recover, 'every client after the random steps', options.seed);
    if (unexpected.length > 0) throw new Error(`seed ${options.seed} (rerun with SEED=${options.seed}): the server refused honest writes:\n${unexpected.join('\n')}`);

    const label = `seed ${options.seed} (rerun with SEED=${options.seed})`;
    const expected = boardState(actors[0]!.client.doc);
    await waitFor(() => control.provider.synced, 10_000, `${label}: the control observer to be connected`);
    const expectedControl = JSON.stringify(control.doc.getMap('control').toJSON());

    // Everyone leaves and every replica restarts: a client that joins now gets only what storage kept.
    for (const actor of actors) actor.client.provider.disconnect();
    control.provider.disconnect();
    for (let replica = 0; replica < cluster.size; replica++) {
      await cluster.restart(replica);
      report.restarts++;
    }
    const fresh = connect({ replica: cluster.size - 1, token: room.facilitatorToken });
    const freshControl = connect({ replica: cluster.size - 1, token: room.facilitatorToken }, 'control');
    observers.push(fresh, freshControl);
    await Promise.all([fresh.synced, freshControl.synced]);
    const stored = boardState(fresh.doc);
    if (stored.json !== expected.json || stored.vector !== expected.vector) {
      throw new Error(`${label}: after the restart a fresh client holds a different board:\n${stored.json}\n${stored.vector}\nexpected\n${expected.json}\n${expected.vector}`);
    }
    const storedControl = JSON.stringify(freshControl.doc.getMap('control').toJSON());
    if (storedControl !== expectedControl) throw new Error(`${label}: after the restart the control document differs:\n${storedControl}\nexpected\n${expectedControl}`);

    // Everyone comes back to the restarted servers: nothing changes, everyone agrees with the fresh client.
    for (const actor of actors) actor.client.provider.connect();
    await settle(actors, recover, 'every client after the restarts', options.seed);
    const after = boardState(actors[0]!.client.doc);
    if (after.json !== stored.json || after.vector !== stored.vector) throw new Error(`${label}: the clients, back after the restart, hold another board than the fresh client`);
    if (expected.json.includes(REFUSED_MARK)) throw new Error(`${label}: a refused write reached the board:\n${expected.json}`);

    // Votes are counted in storage: after the restarts each person has what the server last answered.
    for (const [actor, remaining] of lastRemaining) {
      const votes = await request(cluster.url(actor.replica), 'GET', `/api/rooms/${room.roomId}/votes`, { token: actor.token });
      if (votes.body?.remaining !== remaining) throw new Error(`${label}: ${actor.label} has ${votes.body?.remaining} votes left after the restarts, the server said ${remaining}`);
    }
    options.log?.(`convergence ${label}: ${JSON.stringify(report)}`);
    return report;
  } finally {
    for (const actor of actors) actor.client.destroy();
    for (const observer of observers) observer.destroy();
  }
}

/** CONVERGENCE_TRACE=1 prints each step as it starts (to stderr: a run that hangs still shows where). */
function trace(line: string): void {
  if (process.env.CONVERGENCE_TRACE) process.stderr.write(`${line}\n`);
}

function must(res: { status: number; text: string }, what: string): void {
  if (res.status >= 300) throw new Error(`${what}: answered ${res.status}: ${res.text}`);
}

/** The board as JSON with sorted keys, and its state vector: two clients hold the same board when both match. */
function boardState(doc: Y.Doc): { json: string; vector: string } {
  const sorted = (value: unknown): unknown =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sorted(v)]))
      : value;
  const json = JSON.stringify(sorted({ notes: doc.getMap('notes').toJSON(), areas: doc.getMap('areas').toJSON() }));
  const vector = JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([a], [b]) => a - b));
  return { json, vector };
}

/** Waits until every client is synced and all hold the same board (reloading refused clients on the way). */
async function settle(actors: Actor[], recover: (actor: Actor) => void, what: string, seed: number): Promise<void> {
  try {
    await waitFor(
      () => {
        for (const actor of actors) recover(actor);
        if (!actors.every((a) => a.client.provider.synced)) return false;
        const [first, ...rest] = actors.map((a) => boardState(a.client.doc));
        return rest.every((s) => s.json === first!.json && s.vector === first!.vector);
      },
      20_000,
      `seed ${seed} (rerun with SEED=${seed}): ${what} to hold the same board`,
    );
  } catch (error) {
    const states = actors.map((a) => `${a.label} (synced ${a.client.provider.synced}, closes ${JSON.stringify(a.client.closes)}): ${boardState(a.client.doc).json}`);
    throw new Error(`${(error as Error).message}\n${states.join('\n')}`);
  }
}

const ids = (doc: Y.Doc, collection: 'notes' | 'areas'): string[] => [...doc.getMap(collection).keys()].sort();
const point = (gen: prng.PRNG) => ({ x: prng.int32(gen, -2000, 2000), y: prng.int32(gen, -2000, 2000) });
const pick = <T>(gen: prng.PRNG, list: T[]): T | undefined => (list.length === 0 ? undefined : prng.oneOf(gen, list));

/** One random step of a facilitator: a board write through the shared mutations, or a command. Returns its name. */
async function facilitatorOp(gen: prng.PRNG, actor: Actor, cluster: Cluster, roomId: string): Promise<string> {
  const doc = actor.client.doc;
  const note = pick(gen, ids(doc, 'notes'));
  const area = pick(gen, ids(doc, 'areas'));
  const areaOrNull = prng.bool(gen) ? (area ?? null) : null;
  switch (prng.int32(gen, 0, 12)) {
    case 11: {
      // Participants' writes that land while the board is locked are refused; they reload it.
      const lock = prng.int32(gen, 0, 2) === 0;
      must(await command(cluster.url(actor.replica), roomId, actor.token, { type: lock ? 'board.lock' : 'board.unlock' }), 'board lock');
      return lock ? 'facilitator: lock board' : 'facilitator: unlock board';
    }
    case 12: {
      const res = await request(cluster.url(actor.replica), 'POST', `/api/rooms/${roomId}/notes`, { token: actor.token, body: { text: prng.word(gen, 1, 30) } });
      if (res.status !== 201) must(res, 'the facilitator posts a note');
      return 'facilitator: post note (HTTP)';
    }
    case 0:
    case 1:
      writeNote(doc, actor.writer, { text: prng.word(gen, 1, 30), pos: point(gen), areaId: areaOrNull, color: prng.oneOf(gen, NOTE_COLOR_NAMES) });
      return 'facilitator: create note';
    case 2:
      if (note) setNoteText(doc, note, prng.word(gen, 0, 30));
      return 'facilitator: edit note';
    case 3:
      if (note) setNoteColor(doc, [note], prng.oneOf(gen, NOTE_COLOR_NAMES));
      return 'facilitator: colour note';
    case 4:
      if (note) moveNotes(doc, [{ id: note, pos: point(gen), areaId: areaOrNull }]);
      return 'facilitator: move note';
    case 5:
      if (note) deleteNotes(doc, [note]);
      return 'facilitator: delete note';
    case 6:
      createArea(doc, { title: prng.word(gen, 1, 20), rect: { ...point(gen), w: prng.int32(gen, 120, 900), h: prng.int32(gen, 120, 900) }, color: prng.oneOf(gen, AREA_COLOR_NAMES) });
      return 'facilitator: create area';
    case 7:
      if (area) setAreaTitle(doc, area, prng.word(gen, 1, 20));
      if (area && prng.bool(gen)) setAreaDescription(doc, area, prng.word(gen, 0, 40));
      return 'facilitator: retitle area';
    case 8:
      // Moves the area and every note in it, in one transaction.
      if (area) setAreaRect(doc, area, { ...point(gen), w: prng.int32(gen, 120, 900), h: prng.int32(gen, 120, 900) });
      return 'facilitator: move area';
    case 9:
      if (area) setAreaColor(doc, area, prng.oneOf(gen, AREA_COLOR_NAMES));
      return 'facilitator: colour area';
    default:
      if (area) deleteAreas(doc, [area]);
      return 'facilitator: delete area';
  }
}

/** One random step of a participant: own notes on the board, posts and votes over HTTP, or a write only others may make. */
async function participantOp(gen: prng.PRNG, actor: Actor, cluster: Cluster, roomId: string, lastRemaining: Map<Actor, number>, report: RunReport): Promise<string> {
  const doc = actor.client.doc;
  const notes = doc.getMap<Y.Map<unknown>>('notes');
  const own = ids(doc, 'notes').filter((id) => notes.get(id)?.get('authorId') === actor.writer.participantId);
  const others = ids(doc, 'notes').filter((id) => !own.includes(id));
  const mine = pick(gen, own);
  const area = pick(gen, ids(doc, 'areas'));
  switch (prng.int32(gen, 0, 11)) {
    case 0:
    case 1:
      writeNote(doc, actor.writer, { text: prng.word(gen, 1, 30), pos: point(gen), areaId: prng.bool(gen) ? (area ?? null) : null });
      return 'participant: create note';
    case 2:
    case 3:
      if (mine) setNoteText(doc, mine, prng.word(gen, 0, 30));
      return 'participant: edit own note';
    case 4:
      if (mine) moveNotes(doc, [{ id: mine, pos: point(gen), areaId: area ?? null }]);
      return 'participant: move own note';
    case 5:
      if (mine) deleteNotes(doc, [mine]);
      return 'participant: delete own note';
    case 6: {
      const res = await request(cluster.url(actor.replica), 'POST', `/api/rooms/${roomId}/notes`, { token: actor.token, body: { text: prng.word(gen, 1, 30), ...(area && prng.bool(gen) ? { areaId: area } : {}) } });
      // 403 while the board is locked; 404 when the area went meanwhile.
      if (res.status !== 201 && res.status !== 403 && res.status !== 404) must(res, `${actor.label} posts a note`);
      return 'participant: post note (HTTP)';
    }
    case 7:
    case 8: {
      const target = pick(gen, ids(doc, 'notes'));
      if (!target) return 'participant: vote';
      const res = await request(cluster.url(actor.replica), 'POST', `/api/rooms/${roomId}/votes`, { token: actor.token, body: { noteId: target, delta: prng.bool(gen) ? 1 : -1 } });
      // 409: budget spent, or no vote of theirs to take back; 404: the note went meanwhile.
      if (res.status === 200) {
        lastRemaining.set(actor, res.body.remaining);
        report.votesAccepted++;
      } else if (res.status !== 409 && res.status !== 404) must(res, `${actor.label} votes`);
      return 'participant: vote (HTTP)';
    }
    case 9: {
      // Only the facilitator may: the server refuses it, and the client reloads the board.
      createArea(doc, { title: REFUSED_MARK, rect: { x: 0, y: 0, w: 200, h: 200 } });
      return 'refused: participant creates an area';
    }
    case 10: {
      const theirs = pick(gen, others);
      if (theirs) setNoteText(doc, theirs, `${REFUSED_MARK} ${prng.word(gen, 1, 10)}`);
      else createArea(doc, { title: REFUSED_MARK, rect: { x: 0, y: 0, w: 200, h: 200 } });
      return 'refused: participant edits another\'s note';
    }
    default:
      return 'participant: nothing'; // people also just watch
  }
}
