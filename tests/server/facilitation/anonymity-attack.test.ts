import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { moveNotes } from '@tributary/shared/board/mutations';
import { FACILITATOR_WRITER, mustJoinAs, writeNote, type NamedParticipant } from '../../helpers/board.ts';
import { roundTrip, waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';
import type { CreatedRoom } from '../../helpers/server.ts';

// DESIGN.md section 3, played as the attacker. Three named people (Ana, Ben, Cat) are on the
// board with their names in presence; each writes one anonymous note. Then, with everything the
// facilitator has (their documents, every presence state they ever received, the export, the
// database files, the server's logs), we try to tell who wrote which note. Every attempt must fail.

const NAMES = ['Ana', 'Ben', 'Cat'] as const;
type Name = (typeof NAMES)[number];

interface Person extends NamedParticipant {
  name: Name;
  board: DocClient;
  control: DocClient;
  anon: { noteId: string; editKey: string; texts: string[] };
}

interface AwarenessSeen {
  doc: string;
  clientId: number;
  state: Record<string, unknown> | null;
}

type Row = Record<string, unknown>;
interface DbRows {
  tokens: Row[];
  held_notes: Row[];
  note_keys: Row[];
  ballots: Row[];
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('base64url');
const sha256hex = (s: string): string => createHash('sha256').update(s).digest('hex');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}
const readAll = (dir: string): Map<string, Buffer> => new Map(filesUnder(dir).map((f) => [path.basename(f), fs.readFileSync(f)]));

/** `Ana` as a word of its own, not inside a random id. */
const nameRegex = (name: string): RegExp => new RegExp(`(?<![A-Za-z0-9_-])${name}(?![A-Za-z0-9_-])`);

/** Every client id that wrote any item of the note `noteId` (the map entry, the note map's keys). */
function writersOf(doc: Y.Doc, noteId: string): Set<number> {
  const note = doc.getMap('notes').get(noteId) as Y.Map<unknown> | undefined;
  if (!note) throw new Error(`note ${noteId} is not on the board`);
  const writers = new Set<number>();
  for (const [client, structs] of doc.store.clients) {
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue;
      const isEntry = struct.content instanceof Y.ContentType && struct.content.type === note;
      if (isEntry || struct.parent === note) writers.add(client);
    }
  }
  return writers;
}

describe('anonymity under attack (DESIGN.md section 3)', () => {
  // A child process, so that its log can be read and its clean stop (SIGTERM) is a real one.
  const t = useServer({ process: 'child', env: { LOG_LEVEL: 'info' } });
  let room: CreatedRoom;
  const people: Person[] = [];
  let fBoard: DocClient;
  let fControl: DocClient;
  const seen: AwarenessSeen[] = [];
  const boardUpdates: Uint8Array[] = [];
  let filesRunning: Map<string, Buffer>;
  let filesStopped: Map<string, Buffer>;
  let db: DbRows;
  let logs: string;
  let fBoardState: Uint8Array;

  const anonIds = (): string[] => people.map((p) => p.anon.noteId);
  const anonTexts = (): string[] => people.flatMap((p) => p.anon.texts);
  const participantClientIds = (): number[] => people.flatMap((p) => [p.board.doc.clientID, p.control.doc.clientID]);

  // The scenario runs once, on first use, so a failure in it fails every test with its reason
  // (a failing beforeAll would only mark the tests skipped). Its clients are the file's, not the
  // first test's (`forFile`): the later tests read them.
  let scenario: Promise<void> | undefined;
  const ready = (): Promise<void> => (scenario ??= runScenario());

  async function runScenario(): Promise<void> {
    const dataDir = t.dataDir;
    room = await t.room('Lived experience panel');
    const steps = [
      // People may arrange the board here, so each can move a note with their own client.
      { title: 'Arrive', prompt: 'Say hello', mode: 'open', arrange: true },
      { title: 'Without names', prompt: 'What would you tell the new staff?', mode: 'anonymous' },
      { title: 'Vote', prompt: 'Which matter most?', mode: 'voting', voteBudget: 3 },
    ];
    const set = await t.command(room.roomId, room.facilitatorToken, { type: 'steps.set', steps, index: 0 });
    if (set.status !== 200) throw new Error(`steps.set answered ${set.status}: ${set.text}`);

    fBoard = t.forFile(() => t.doc(room.roomId, 'board', room.facilitatorToken, { awareness: { name: 'Facilitator' } }));
    fControl = t.forFile(() => t.doc(room.roomId, 'control', room.facilitatorToken, { awareness: { name: 'Facilitator' } }));
    for (const [docName, client] of [['board', fBoard], ['control', fControl]] as const) {
      client.provider.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
        for (const id of [...added, ...updated, ...removed]) {
          const state = client.provider.awareness.getStates().get(id) ?? null;
          seen.push({ doc: docName, clientId: id, state: state ? JSON.parse(JSON.stringify(state)) : null });
        }
      });
    }
    fBoard.doc.on('update', (update: Uint8Array) => boardUpdates.push(update));
    await Promise.all([fBoard.synced, fControl.synced]);

    for (const name of NAMES) {
      const { token, participantId } = await mustJoinAs(t.url, room.joinCode, name);
      const board = t.forFile(() => t.doc(room.roomId, 'board', token, { awareness: { name, color: '#aa0000', cursor: { x: 1, y: 1 } } }));
      const control = t.forFile(() => t.doc(room.roomId, 'control', token, { awareness: { name } }));
      await Promise.all([board.synced, control.synced]);
      people.push({ name, token, participantId, board, control, anon: { noteId: '', editKey: '', texts: [] } });
    }
    expect(people.every((p) => p.participantId.length > 0), 'join answers a participantId').toBe(true);
    await waitFor(
      () => NAMES.every((n) => [...fBoard.provider.awareness.getStates().values()].some((st) => st.name === n)),
      5_000,
      'the facilitator to see every name in presence during the open step',
    );

    // Each person writes to the board with their own client, so their client ids are in the
    // document: they move a note the facilitator put there. (Not notes of their own: those must
    // carry their participant id, which the file checks below would find near an anonymous text
    // as a neighbouring record. Kept out, any name or id found there is a real link.)
    for (const [i, p] of people.entries()) writeNote(fBoard.doc, FACILITATOR_WRITER, { text: `a first note, number ${i + 1}`, pos: { x: 10, y: 10 } }, `note_named_${p.name}`);
    await waitFor(() => people.every((p) => p.board.doc.getMap('notes').has(`note_named_${p.name}`)), 5_000, 'the notes to move');
    for (const [i, p] of people.entries()) moveNotes(p.board.doc, [{ id: `note_named_${p.name}`, pos: { x: 200 * (i + 1), y: 10 }, areaId: null }]);
    const movedBy = (p: Person): boolean => ((fBoard.doc.getMap('notes').get(`note_named_${p.name}`) as Y.Map<unknown>).get('pos') as { x: number }).x !== 10;
    await waitFor(() => people.every(movedBy) || people.some((p) => p.board.closes.length > 0), 5_000, 'the moves');
    for (const p of people) if (p.board.closes.length > 0) throw new Error(`${p.name}'s move was refused: ${JSON.stringify(p.board.closes)}`);

    // The anonymous step. Phones keep publishing presence (cursor, typing) while people write.
    const goto = await t.command(room.roomId, room.facilitatorToken, { type: 'step.goto', index: 1 });
    if (goto.status !== 200) throw new Error(`step.goto answered ${goto.status}: ${goto.text}`);
    for (const p of people) {
      p.board.provider.awareness.setLocalStateField('cursor', { x: 500, y: 600 });
      p.board.provider.awareness.setLocalStateField('typing', true);
      const text = `thought-${randomBytes(10).toString('hex')}`;
      const res = await t.request('POST', `/api/rooms/${room.roomId}/notes`, { token: p.token, body: { text } });
      if (res.status !== 201) throw new Error(`${p.name}'s anonymous note: ${res.status} ${res.text}`);
      p.anon = { noteId: res.body.noteId, editKey: res.body.editKey, texts: [text] };
      p.board.provider.awareness.setLocalStateField('typing', false);
    }
    await waitFor(() => anonIds().every((id) => fBoard.doc.getMap('notes').has(id)), 5_000, 'the batch of three on the facilitator board');
    // Ben changes his note after it is out (the server writes the edit).
    const ben = people[1]!;
    const edited = `edited-${randomBytes(10).toString('hex')}`;
    const patch = await t.request('PATCH', `/api/rooms/${room.roomId}/notes/${ben.anon.noteId}`, {
      headers: { 'x-edit-key': ben.anon.editKey },
      body: { text: edited },
    });
    if (patch.status !== 200) throw new Error(`PATCH: ${patch.status} ${patch.text}`);
    ben.anon.texts.push(edited);
    await waitFor(() => (fBoard.doc.getMap('notes').get(ben.anon.noteId) as Y.Map<unknown>).get('text') === edited, 5_000, 'the edit');

    // Voting: people tend to vote for their own words.
    const next = await t.command(room.roomId, room.facilitatorToken, { type: 'step.next' });
    if (next.status !== 200) throw new Error(`step.next answered ${next.status}: ${next.text}`);
    for (const p of people) {
      for (let i = 0; i < 2; i++) {
        const v = await t.request('POST', `/api/rooms/${room.roomId}/votes`, { token: p.token, body: { noteId: p.anon.noteId, delta: 1 } });
        if (v.status !== 200) throw new Error(`${p.name}'s vote: ${v.status} ${v.text}`);
      }
    }
    // The votes are in: the facilitator's documents hold all the server's do, and it is stored.
    await Promise.all([roundTrip(fBoard), roundTrip(fControl)]);
    fBoardState = Y.encodeStateAsUpdate(fBoard.doc);

    // The database, as the facilitator with the data directory would read it, while the server runs.
    filesRunning = readAll(dataDir);
    const { SqliteStorage } = await import('../../../server/src/storage/sqlite.ts');
    const storage = new SqliteStorage(dataDir);
    try {
      const all = (table: string): Row[] => storage.db.prepare(`SELECT * FROM ${table}`).all() as Row[];
      db = { tokens: all('tokens'), held_notes: all('held_notes'), note_keys: all('note_keys'), ballots: all('ballots') };
    } finally {
      storage.db.close(); // not storage.close(): no checkpoint of our own while the server runs
    }

    for (const p of people) {
      p.board.provider.destroy();
      p.control.provider.destroy();
    }
    fBoard.provider.destroy();
    fControl.provider.destroy();
    const s = t.child;
    s.kill('SIGTERM');
    const exit = await s.exited;
    if (exit.code !== 0) throw new Error(`server exited with ${exit.code}/${exit.signal}`);
    logs = s.output();
    filesStopped = readAll(dataDir);
  }

  test('(a) the Yjs client ids that wrote the anonymous notes belong to no participant', async () => {
    await ready();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, fBoardState);
    // The method works: each person's move is attributed to their own client.
    for (const p of people) expect([...writersOf(doc, `note_named_${p.name}`)].sort()).toEqual([fBoard.doc.clientID, p.board.doc.clientID].sort());

    const participants = new Set(participantClientIds());
    const writers = people.map((p) => writersOf(doc, p.anon.noteId));
    const all = new Set(writers.flatMap((w) => [...w]));
    for (const [i, w] of writers.entries()) {
      for (const id of w) expect(participants.has(id), `${people[i]!.name}'s anonymous note was written by a participant's client ${id}`).toBe(false);
      expect(w.has(fBoard.doc.clientID)).toBe(false);
    }
    expect(all.size, `anonymous notes written by ${[...all].join(', ')}`).toBe(1);
    // Also through the wire format: every struct of an anonymous note in the encoded state.
    const decoded = Y.decodeUpdate(fBoardState);
    const entryClients = decoded.structs
      .filter((st): st is Y.Item => st instanceof Y.Item && (st.parent as unknown) === 'notes' && anonIds().includes(st.parentSub ?? ''))
      .map((st) => st.id.client);
    expect(entryClients.length).toBeGreaterThanOrEqual(3);
    expect(new Set(entryClients)).toEqual(all);
  });

  test('(b) no presence state the facilitator ever received maps a client id that wrote an anonymous note', async () => {
    await ready();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, fBoardState);
    const writers = new Set(people.flatMap((p) => [...writersOf(doc, p.anon.noteId)]));
    expect(seen.length).toBeGreaterThan(0);
    // We did record the participants' named presence (the attacker has it).
    for (const name of NAMES) expect(seen.some((e) => e.state?.name === name), `presence with ${name}`).toBe(true);
    for (const entry of seen) {
      expect(writers.has(entry.clientId), `presence ${JSON.stringify(entry)} belongs to the writer of an anonymous note`).toBe(false);
    }
  });

  test('(c) anonymous notes carry no authorName or authorId', async () => {
    await ready();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, fBoardState);
    for (const p of people) {
      const note = (doc.getMap('notes').get(p.anon.noteId) as Y.Map<unknown>).toJSON();
      expect(note.anonymous).toBe(true);
      expect(note).not.toHaveProperty('authorName');
      expect(note).not.toHaveProperty('authorId');
      const json = JSON.stringify(note);
      expect(json.includes(p.participantId)).toBe(false);
      for (const name of NAMES) expect(nameRegex(name).test(json), `${name} in ${json}`).toBe(false);
    }
  });

  test('(d) the three anonymous notes reached the facilitator in one update', async () => {
    await ready();
    const ids = anonIds();
    const carrying = boardUpdates
      .map((u) => new Set(Y.decodeUpdate(u).structs.flatMap((st) => (st instanceof Y.Item && (st.parent as unknown) === 'notes' && ids.includes(st.parentSub ?? '') ? [st.parentSub!] : []))))
      .filter((set) => set.size > 0);
    expect(carrying.length, 'updates that created anonymous notes').toBe(1);
    expect([...carrying[0]!].sort()).toEqual([...ids].sort());
  });

  test('(e) no stored row links a participant to an anonymous note', async () => {
    await ready();
    const participants = db.tokens.filter((t) => t.role === 'participant');
    // We are reading the right database: it knows the three people.
    expect(participants.map((t) => t.name).sort()).toEqual([...NAMES]);
    expect(participants.map((t) => t.participant_id).sort()).toEqual(people.map((p) => p.participantId).sort());
    const marks = participants.flatMap((t) => [String(t.hash), String(t.participant_id)]);
    for (const table of ['held_notes', 'note_keys'] as const) {
      for (const row of db[table]) {
        const json = JSON.stringify(row);
        for (const mark of marks) expect(json.includes(mark), `${table} row ${json} holds ${mark}`).toBe(false);
        for (const name of NAMES) expect(nameRegex(name).test(json), `${table} row ${json} holds ${name}`).toBe(false);
      }
    }
    // An edit key is not a token: no key hash equals a token hash.
    const tokenHashes = new Set(db.tokens.map((t) => t.hash));
    for (const row of db.note_keys) expect(tokenHashes.has(row.key_hash)).toBe(false);
    // The released notes are no longer held.
    for (const id of anonIds()) expect(db.held_notes.some((r) => r.id === id)).toBe(false);
    // Anonymous notes' keys are kept (the author may still edit), and only as hashes.
    for (const p of people) {
      const row = db.note_keys.find((r) => r.note_id === p.anon.noteId);
      expect(row, `key row of ${p.anon.noteId}`).toBeDefined();
      expect(row!.key_hash).toBe(sha256(p.anon.editKey));
    }
  });

  test('(e) ballots cannot be traced back to a participant from the database', async () => {
    await ready();
    expect(db.ballots.length).toBeGreaterThan(0);
    const participants = db.tokens.filter((t) => t.role === 'participant');
    const candidates = new Map<string, Name>();
    for (const t of participants) {
      const name = t.name as Name;
      for (const round of new Set(db.ballots.map((b) => Number(b.round)))) {
        for (const secret of [String(t.participant_id), String(t.hash)]) {
          for (const input of [`${room.roomId}:${round}:${secret}`, secret, `${room.roomId}:${secret}`, `${round}:${secret}`]) {
            candidates.set(sha256(input), name);
            candidates.set(sha256hex(input), name);
          }
        }
      }
      candidates.set(String(t.participant_id), name);
      candidates.set(String(t.hash), name);
    }
    const traced = db.ballots
      .filter((b) => candidates.has(String(b.voter_key)))
      .map((b) => `${candidates.get(String(b.voter_key))} voted ${String(b.count)}x for ${String(b.note_id)}`);
    expect(traced, 'ballots whose voter_key is computable from the tokens table').toEqual([]);
  });

  test('(e) the database files hold no name, participant id or token hash next to an anonymous note text', async () => {
    await ready();
    const identities = db.tokens.filter((t) => t.role === 'participant');
    for (const [when, files] of [['running', filesRunning], ['stopped', filesStopped]] as const) {
      for (const [file, bytes] of files) {
        for (const text of anonTexts()) {
          const needle = Buffer.from(text, 'utf8');
          for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) {
            const near = bytes.subarray(Math.max(0, at - 64), at + needle.length + 64).toString('latin1');
            for (const name of NAMES) expect(nameRegex(name).test(near), `${when} ${file}@${at}: ${name} next to "${text}"`).toBe(false);
            const wide = bytes.subarray(Math.max(0, at - 512), at + needle.length + 512).toString('latin1');
            for (const t of identities) {
              for (const mark of [String(t.participant_id), String(t.hash)]) {
                expect(wide.includes(mark), `${when} ${file}@${at}: ${String(t.name)}'s ${mark} next to "${text}"`).toBe(false);
              }
            }
          }
        }
      }
    }
  });

  test('(e) the files do not keep the order in which anonymous notes arrived (no copy of a released held row)', async () => {
    await ready();
    // A pending note is stored as a held row ({"text":"…"}); if copies of those rows outlive the
    // release (e.g. old pages in the WAL), their order in the file is the order people posted in.
    for (const [when, files] of [['running', filesRunning], ['stopped', filesStopped]] as const) {
      const found: string[] = [];
      for (const [file, bytes] of files) {
        for (const p of people) {
          const needle = Buffer.from(`"text":"${p.anon.texts[0]}"`, 'utf8');
          for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) found.push(`${file}@${at} (${p.name}'s note)`);
        }
      }
      expect.soft(found.sort((a, b) => Number(a.split('@')[1]!.split(' ')[0]) - Number(b.split('@')[1]!.split(' ')[0])), `held copies of released anonymous notes, server ${when}`).toEqual([]);
    }
  });

  test('(f) no log line holds an anonymous text, or a person together with an anonymous note', async () => {
    await ready();
    const lines = logs.split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(5);
    // The request log is there: the PATCH of Ben's note was logged with its path.
    expect(lines.some((l) => l.includes(`/notes/${people[1]!.anon.noteId}`))).toBe(true);
    const identities = db.tokens
      .filter((t) => t.role === 'participant')
      .map((t) => {
        const person = people.find((p) => p.participantId === t.participant_id)!;
        return { name: person.name, marks: [person.token, person.participantId, String(t.hash)] };
      });
    for (const line of lines) {
      for (const text of anonTexts()) expect(line.includes(text), `log line holds an anonymous text: ${line}`).toBe(false);
      const aboutNote = anonIds().some((id) => line.includes(id));
      if (!aboutNote) continue;
      for (const who of identities) {
        expect(nameRegex(who.name).test(line), `log line names ${who.name} with an anonymous note: ${line}`).toBe(false);
        for (const mark of who.marks) expect(line.includes(mark), `log line links ${who.name} to an anonymous note: ${line}`).toBe(false);
      }
    }
    // Tokens never reach the log at all.
    for (const p of people) expect(logs.includes(p.token), `${p.name}'s token in the log`).toBe(false);
  });
});
