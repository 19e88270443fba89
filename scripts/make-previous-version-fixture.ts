// Makes tests/fixtures/previous-version/: a SQLite database written by the code of this checkout,
// with one room in it, and what a test needs to open that room again (tokens, edit keys, and the
// board as this code served it). tests/server/storage/previous-version.test.ts starts today's
// server on a copy and checks it serves the same room: the fixture is how "a database from the
// previous version" looks, so regenerate it only when you mean to move that baseline (a released
// schema), from the commit that shipped it:
//   node --import tsx scripts/make-previous-version-fixture.ts
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createArea, setNoteColor } from '@tributary/shared/board/mutations';
import { startServer } from '../server/src/index.ts';
import { FACILITATOR_WRITER, mustJoinAs, writeNote, type JoinedParticipant } from '../tests/helpers/board.ts';
import { connectDoc, waitFor, type DocClient } from '../tests/helpers/clients.ts';
import { command, makeTempDir, mustCreateRoom, request, toWsUrl } from '../tests/helpers/server.ts';
import { PREVIOUS_VERSION_DIR, PREVIOUS_VERSION_DB, PREVIOUS_VERSION_MANIFEST, SqliteDatabase, type PreviousVersionManifest } from '../tests/fixtures/previousVersion.ts';

const STEPS = [
  { title: 'Ideas', prompt: 'What works well here?', mode: 'open' },
  { title: 'Without names', prompt: 'What should change?', mode: 'anonymous' },
  { title: 'Write alone', prompt: 'What would you not say out loud?', mode: 'private' },
];

function must(res: { status: number; text: string }, expected: number, what: string): void {
  if (res.status !== expected) throw new Error(`${what}: answered ${res.status}, expected ${expected}: ${res.text}`);
}

async function main(): Promise<void> {
  const dataDir = makeTempDir('tributary-fixture-');
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', serveClient: false });
  const clients: DocClient[] = [];
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= server.close());
  try {
    const room = await mustCreateRoom(server.url, 'Previous version');
    must(await command(server.url, room.roomId, room.facilitatorToken, { type: 'steps.set', steps: STEPS, index: 0 }), 200, 'steps.set');
    const people: JoinedParticipant[] = [];
    for (const name of ['Ada', 'Ben', 'Cy']) people.push(await mustJoinAs(server.url, room.joinCode, name));
    people.push(await mustJoinAs(server.url, room.joinCode)); // joined without a name

    const board = connectDoc(toWsUrl(server.url), room.roomId, 'board', room.facilitatorToken);
    const control = connectDoc(toWsUrl(server.url), room.roomId, 'control', room.facilitatorToken);
    clients.push(board, control);
    await Promise.all([board.synced, control.synced]);

    // Areas and notes as the board's own clients write them.
    const keep = createArea(board.doc, { title: 'Keep', rect: { x: 0, y: 0, w: 400, h: 300 }, color: 'mint', description: 'What we keep doing' });
    const change = createArea(board.doc, { title: 'Change', rect: { x: 500, y: 0, w: 400, h: 300 }, role: 'theme' });
    const facilitatorNote = writeNote(board.doc, FACILITATOR_WRITER, { text: 'From the facilitator', pos: { x: 20, y: 20 }, areaId: keep });
    setNoteColor(board.doc, [facilitatorNote], 'blue');
    const adaBoard = connectDoc(toWsUrl(server.url), room.roomId, 'board', people[0]!.token);
    clients.push(adaBoard);
    await adaBoard.synced;
    writeNote(adaBoard.doc, people[0]!, { text: 'Ada on the board', pos: { x: 520, y: 40 }, areaId: change });

    // Named notes through the API.
    const named = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: people[1]!.token, body: { text: 'Ben through the API', areaId: keep } });
    must(named, 201, 'named note');
    const unnamed = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: people[3]!.token, body: { text: 'Someone without a name' } });
    must(unnamed, 201, 'unnamed note');

    // Anonymous notes: three people release a batch; a fourth waits, held, for two more.
    must(await command(server.url, room.roomId, room.facilitatorToken, { type: 'step.goto', index: 1 }), 200, 'step.goto anonymous');
    for (const [i, person] of people.slice(0, 3).entries()) {
      must(await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: person.token, body: { text: `Anonymous ${i + 1}`, anonymous: true } }), 201, 'anonymous note');
    }
    const pending = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: people[3]!.token, body: { text: 'Still waiting, anonymous', anonymous: true } });
    must(pending, 201, 'pending note');
    if (pending.body.status !== 'pending') throw new Error(`the fourth anonymous note is ${pending.body.status}, not pending`);

    // Sealed notes of a private-writing step, not revealed.
    must(await command(server.url, room.roomId, room.facilitatorToken, { type: 'step.goto', index: 2 }), 200, 'step.goto private');
    const sealed = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: people[2]!.token, body: { text: 'Sealed by Cy' } });
    must(sealed, 201, 'sealed note');
    if (sealed.body.status !== 'sealed') throw new Error(`Cy's note is ${sealed.body.status}, not sealed`);

    // A note the facilitator hid: held off the board.
    must(await command(server.url, room.roomId, room.facilitatorToken, { type: 'note.hide', noteId: named.body.noteId }), 200, 'note.hide');

    // Votes: a round on notes with its totals shown, and an open round on areas with ballots cast.
    await waitFor(() => board.doc.getMap('notes').size === 6, 5_000, 'the board to hold six notes');
    const refused = [...board.closes, ...adaBoard.closes];
    if (refused.length > 0) throw new Error(`the server closed a board connection: ${JSON.stringify(refused)}`);
    const votable = [...board.doc.getMap('notes').keys()].sort();
    must(await command(server.url, room.roomId, room.facilitatorToken, { type: 'voting.open', budget: 3 }), 200, 'voting.open');
    for (const [i, person] of people.entries()) {
      must(await request(server.url, 'POST', `/api/rooms/${room.roomId}/votes`, { token: person.token, body: { noteId: votable[i % votable.length], delta: 1 } }), 200, 'vote');
    }
    must(await command(server.url, room.roomId, room.facilitatorToken, { type: 'voting.close', showTotals: true }), 200, 'voting.close');
    must(await command(server.url, room.roomId, room.facilitatorToken, { type: 'voting.open', budget: 2, target: 'areas' }), 200, 'voting.open on areas');
    for (const [i, person] of people.slice(0, 3).entries()) {
      must(await request(server.url, 'POST', `/api/rooms/${room.roomId}/votes`, { token: person.token, body: { noteId: i === 0 ? change : keep, delta: 1 } }), 200, 'vote on an area');
    }
    const votesByToken: Record<string, unknown> = {};
    for (const person of people) votesByToken[person.token] = (await request(server.url, 'GET', `/api/rooms/${room.roomId}/votes`, { token: person.token })).body;
    await waitFor(() => control.doc.getMap('control').get('voting') !== undefined, 5_000, 'the control document to carry the vote');
    const manifest: PreviousVersionManifest = {
      madeBy: execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim(),
      madeAt: new Date().toISOString(),
      roomId: room.roomId,
      joinCode: room.joinCode,
      facilitatorToken: room.facilitatorToken,
      participants: people.map((p) => ({ name: p.name, token: p.token, participantId: p.participantId })),
      pendingNote: { noteId: pending.body.noteId, editKey: pending.body.editKey, text: 'Still waiting, anonymous' },
      sealedNote: { noteId: sealed.body.noteId, editKey: sealed.body.editKey, text: 'Sealed by Cy' },
      hiddenNoteId: named.body.noteId,
      room: (await request(server.url, 'GET', `/api/rooms/${room.roomId}`, { token: room.facilitatorToken })).body,
      board: { notes: board.doc.getMap('notes').toJSON(), areas: board.doc.getMap('areas').toJSON() },
      control: control.doc.getMap('control').toJSON(),
      votes: votesByToken,
      export: (await request(server.url, 'GET', `/api/rooms/${room.roomId}/export?format=json`, { token: room.facilitatorToken })).body,
      sqliteUserVersion: 0,
    };
    for (const c of clients.splice(0)) c.destroy();
    await close();

    // One self-contained file: the log folded in, and no WAL beside it.
    const file = path.join(dataDir, 'tributary.sqlite');
    const db = new SqliteDatabase(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE');
    db.exec('VACUUM');
    manifest.sqliteUserVersion = db.pragma('user_version', { simple: true }) as number;
    db.close();
    fs.mkdirSync(PREVIOUS_VERSION_DIR, { recursive: true });
    fs.copyFileSync(file, PREVIOUS_VERSION_DB);
    fs.writeFileSync(PREVIOUS_VERSION_MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
    console.log(`${path.relative(process.cwd(), PREVIOUS_VERSION_DB)}: room ${room.roomId}, schema version ${manifest.sqliteUserVersion}`);
  } finally {
    for (const c of clients) c.destroy();
    await close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
