import type { HeldNote, RoomRecord, TokenRecord, StoredWordFilter } from './types.ts';

/**
 * Rows as both SQL backends return them, and their mapping to records. PostgreSQL returns
 * BIGINT columns as strings (pg cannot know they fit a double); SQLite returns numbers. Epoch ms
 * and sequence numbers always fit, so `Number()` serves both.
 */
type DbInteger = number | string;

export interface RoomRow {
  id: string;
  title: string;
  template: string | null;
  join_code: string;
  created_at: DbInteger;
  last_active_at: DbInteger;
}

export interface TokenRow {
  hash: string;
  room_id: string;
  role: TokenRecord['role'];
  participant_id: string | null;
  name: string | null;
  created_at: DbInteger;
  revoked_at: DbInteger | null;
}

export interface HeldRow {
  id: string;
  room_id: string;
  state: HeldNote['state'];
  step_index: number;
  data: string;
  edit_key_hash: string | null;
}

/** One line of a voter's ballot: votes for one note or area. */
export interface BallotRow {
  target_id: string;
  count: number;
}

export const toRoom = (row: RoomRow): RoomRecord => ({
  id: row.id,
  title: row.title,
  template: row.template,
  joinCode: row.join_code,
  createdAt: Number(row.created_at),
  lastActiveAt: Number(row.last_active_at),
});

export const toToken = (row: TokenRow): TokenRecord => ({
  hash: row.hash,
  roomId: row.room_id,
  role: row.role,
  participantId: row.participant_id,
  name: row.name,
  createdAt: Number(row.created_at),
  revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
});

export const toHeld = (row: HeldRow): HeldNote => ({
  id: row.id,
  roomId: row.room_id,
  state: row.state,
  stepIndex: row.step_index,
  data: JSON.parse(row.data) as HeldNote['data'],
  editKeyHash: row.edit_key_hash,
});

/** A stored word filter; lists that are not arrays of strings are dropped rather than trusted. */
export const toWordFilter = (row: { enabled: number; words: string }): StoredWordFilter => {
  const parsed: unknown = JSON.parse(row.words);
  const words: Record<string, string[]> = {};
  if (parsed && typeof parsed === 'object') {
    for (const [language, list] of Object.entries(parsed)) {
      if (Array.isArray(list)) words[language] = list.filter((w): w is string => typeof w === 'string');
    }
  }
  return { enabled: Number(row.enabled) === 1, words };
};

/** A voter's ballot lines as target id to count. */
export const toBallot = (rows: readonly BallotRow[]): Record<string, number> => {
  const ballot: Record<string, number> = {};
  for (const row of rows) ballot[row.target_id] = row.count;
  return ballot;
};
