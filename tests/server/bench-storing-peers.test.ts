import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { BenchClient, updateHasKey, watchNotes, writeNote, type Dialect } from '../../bench/server/client.ts';
import { waitFor } from '../helpers/clients.ts';
import { ROOT_DIR } from '../helpers/paths.ts';

// better-sqlite3 is installed for the server workspace, not at the root.
const Database = createRequire(path.join(ROOT_DIR, 'server/package.json'))('better-sqlite3') as typeof BetterSqlite3;

// `npm run bench:server` compares Tributary, which stores every update, with peers that store
// too (issue 15). These start each storing peer exactly as the benchmark does (its own
// server-child.ts process) and check that it relays notes and that they reach its storage: a
// peer that silently stored nothing would make the comparison flatter it.

interface Started {
  child: ChildProcess;
  port: number;
  storageDir: string;
}

const children: ChildProcess[] = [];
const clients: BenchClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const child of children.splice(0)) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send({ type: 'stop' });
    await exited;
  }
});

function startServerChild(kind: string): Promise<Started> {
  const child = fork(path.join(ROOT_DIR, 'bench/server/server-child.ts'), [kind], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} exited (${code}) before it was ready`)));
    child.on('message', (message: { type: string; port: number; storageDir: string }) => {
      if (message.type === 'ready') resolve({ child, port: message.port, storageDir: message.storageDir });
    });
  });
}

/** A writer and a reader on one document; the writer adds `count` notes, the reader must get them all. */
async function relayNotes(dialect: Dialect, at: { url: string; docName?: string; token?: string }, count: number): Promise<void> {
  const writer = new BenchClient({ dialect, ...at });
  const reader = new BenchClient({ dialect, ...at });
  clients.push(writer, reader);
  await Promise.all([writer.synced, reader.synced]);
  const received: string[] = [];
  watchNotes(reader, (key) => received.push(key));
  for (let seq = 0; seq < count; seq++) writeNote(writer, seq, 'stored');
  await waitFor(() => received.length === count, 10_000, `the reader to receive ${count} notes`);
}

describe('bench:server storing peers', () => {
  test('y-websocket-leveldb relays notes and appends them to LevelDB in its own temp dir', async () => {
    const server = await startServerChild('y-websocket-leveldb');
    expect(server.storageDir).toBeTruthy();
    await relayNotes('y', { url: `ws://127.0.0.1:${server.port}/bench-stored-room` }, 5);
    // LevelDB keeps the newest writes in its write-ahead log (*.log) uncompressed, and the server
    // holds the database's lock, so the log is read as bytes for the last note's key.
    const logHasLastNote = () =>
      fs
        .readdirSync(server.storageDir)
        .filter((file) => file.endsWith('.log'))
        .some((file) => updateHasKey(fs.readFileSync(path.join(server.storageDir, file)), 'stored-4'));
    await waitFor(logHasLastNote, 10_000, 'the last note in the LevelDB log');
  });

  test('hocuspocus-sqlite relays notes and stores the document in SQLite when its last client leaves', async () => {
    const server = await startServerChild('hocuspocus-sqlite');
    expect(server.storageDir).toBeTruthy();
    const docName = 'bench-stored-room';
    await relayNotes('hocuspocus', { url: `ws://127.0.0.1:${server.port}`, docName, token: 'bench' }, 5);
    for (const c of clients.splice(0)) c.close();
    const [file] = fs.readdirSync(server.storageDir).filter((f) => f.endsWith('.sqlite'));
    expect(file).toBeDefined();
    const db = new Database(path.join(server.storageDir, file!), { readonly: true, fileMustExist: true });
    try {
      const storedNotes = () => {
        const row = db.prepare('SELECT data FROM documents WHERE name = ?').get(docName) as { data: Buffer } | undefined;
        if (!row) return 0;
        const doc = new Y.Doc();
        Y.applyUpdate(doc, row.data);
        return doc.getMap('notes').size;
      };
      await waitFor(() => storedNotes() === 5, 10_000, 'the document with 5 notes in SQLite');
    } finally {
      db.close();
    }
  });
});
