import type Database from 'better-sqlite3';
import type { BallotRow, HeldRow, RoomRow, TokenRow } from './rows.ts';

/** Every statement, prepared once the schema is migrated (preparing checks the tables exist). */
export function prepareStatements(db: Database.Database) {
  return {
    insertRoom: db.prepare(
      'INSERT INTO rooms (id, title, template, join_code, created_at, last_active_at) VALUES (@id, @title, @template, @joinCode, @createdAt, @lastActiveAt)',
    ),
    getRoom: db.prepare<[string], RoomRow>('SELECT * FROM rooms WHERE id = ?'),
    roomByCode: db.prepare<[string], RoomRow>('SELECT * FROM rooms WHERE join_code = ?'),
    touchRoom: db.prepare('UPDATE rooms SET last_active_at = ? WHERE id = ? AND last_active_at < ?'),
    deleteRoom: db.prepare('DELETE FROM rooms WHERE id = ?'),
    renameRoom: db.prepare('UPDATE rooms SET title = ? WHERE id = ?'),
    idleRooms: db.prepare<[number], { id: string }>('SELECT id FROM rooms WHERE last_active_at < ?'),
    insertToken: db.prepare(
      'INSERT INTO tokens (hash, room_id, role, participant_id, name, created_at) VALUES (@hash, @roomId, @role, @participantId, @name, @createdAt) ON CONFLICT (hash) DO NOTHING',
    ),
    getToken: db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE hash = ?'),
    participants: db.prepare<[string], { participant_id: string; name: string | null }>(
      "SELECT participant_id, name FROM tokens WHERE room_id = ? AND role = 'participant' AND revoked_at IS NULL ORDER BY created_at, participant_id",
    ),
    revokeParticipant: db.prepare(
      "UPDATE tokens SET revoked_at = coalesce(revoked_at, ?) WHERE room_id = ? AND participant_id = ? AND role = 'participant'",
    ),
    snapshot: db.prepare<[string, string], { data: Buffer; upto_seq: number }>(
      'SELECT data, upto_seq FROM doc_snapshots WHERE room_id = ? AND doc = ?',
    ),
    updatesAfter: db.prepare<[string, string, number], { seq: number; data: Buffer }>(
      'SELECT seq, data FROM doc_updates WHERE room_id = ? AND doc = ? AND seq > ? ORDER BY seq',
    ),
    appendUpdate: db.prepare('INSERT INTO doc_updates (room_id, doc, data) VALUES (?, ?, ?)'),
    upsertSnapshot: db.prepare(
      // Never replaced by a snapshot that covers less (the Storage contract; see postgres.ts).
      'INSERT INTO doc_snapshots (room_id, doc, data, upto_seq) VALUES (?, ?, ?, ?) ON CONFLICT (room_id, doc) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq WHERE doc_snapshots.upto_seq < excluded.upto_seq',
    ),
    deleteUpdatesUpTo: db.prepare('DELETE FROM doc_updates WHERE room_id = ? AND doc = ? AND seq <= ?'),
    putHeld: db.prepare(
      'INSERT INTO held_notes (id, room_id, state, step_index, data, edit_key_hash) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (room_id, id) DO UPDATE SET state = excluded.state, step_index = excluded.step_index, data = excluded.data, edit_key_hash = excluded.edit_key_hash',
    ),
    getHeld: db.prepare<[string, string], HeldRow>('SELECT * FROM held_notes WHERE room_id = ? AND id = ?'),
    // Ordered by id (random), never by arrival: storage order must not tell who posted when.
    listHeld: db.prepare<[string, string], HeldRow>('SELECT * FROM held_notes WHERE room_id = ? AND state = ? ORDER BY id'),
    deleteHeld: db.prepare('DELETE FROM held_notes WHERE room_id = ? AND id = ?'),
    getWordFilter: db.prepare<[string], { enabled: number; words: string }>('SELECT enabled, words FROM word_filters WHERE room_id = ?'),
    putWordFilter: db.prepare(
      'INSERT INTO word_filters (room_id, enabled, words) VALUES (?, ?, ?) ON CONFLICT (room_id) DO UPDATE SET enabled = excluded.enabled, words = excluded.words',
    ),
    setKey: db.prepare('INSERT INTO note_keys (room_id, note_id, key_hash) VALUES (?, ?, ?) ON CONFLICT (room_id, note_id) DO UPDATE SET key_hash = excluded.key_hash'),
    getKey: db.prepare<[string, string], { key_hash: string }>('SELECT key_hash FROM note_keys WHERE room_id = ? AND note_id = ?'),
    ballot: db.prepare<[string, number, string], BallotRow>('SELECT target_id, count FROM ballots WHERE room_id = ? AND round = ? AND voter_key = ?'),
    setVote: db.prepare(
      'INSERT INTO ballots (room_id, round, voter_key, target_id, count) VALUES (?, ?, ?, ?, ?) ON CONFLICT (room_id, round, voter_key, target_id) DO UPDATE SET count = excluded.count',
    ),
    dropVote: db.prepare('DELETE FROM ballots WHERE room_id = ? AND round = ? AND voter_key = ? AND target_id = ?'),
    putReply: db.prepare(
      'INSERT INTO idempotent_replies (room_id, key, sealed, expires_at) VALUES (@roomId, @key, @sealed, @expiresAt) ON CONFLICT (room_id, key) DO UPDATE SET sealed = excluded.sealed, expires_at = excluded.expires_at',
    ),
    getReply: db.prepare<[string, string, number], { sealed: string }>('SELECT sealed FROM idempotent_replies WHERE room_id = ? AND key = ? AND expires_at > ?'),
    deleteExpiredReplies: db.prepare('DELETE FROM idempotent_replies WHERE expires_at <= ?'),
    totals: db.prepare<[string, number], { target_id: string; n: number }>(
      'SELECT target_id, sum(count) AS n FROM ballots WHERE room_id = ? AND round = ? GROUP BY target_id',
    ),
    findSlots: db.prepare<[string, string, string], { slot: string }>(
      'SELECT slot FROM post_counts WHERE room_id = ? AND step_key = ? AND slot IN (SELECT value FROM json_each(?))',
    ),
    fillSlot: db.prepare('INSERT INTO post_counts (room_id, step_key, slot) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
  };
}
