import { createHash } from 'node:crypto';
import type { VoteBody, VoteReply, VotesReply } from '@tributary/shared/api';
import { getNote, listAreas } from '@tributary/shared/board/queries';
import { publishTotals } from '@tributary/shared/control/mutations';
import { readControl } from '@tributary/shared/control/state';
import { Errors } from '../errors.ts';
import type { Storage } from '../storage/types.ts';
import type { Room } from '../sync/room.ts';
import { placeValues } from './notePlace.ts';

/**
 * Ballots are keyed by a hash of the person's raw bearer token and the round. The database
 * keeps only a different hash of each token (and no raw token), so whoever reads it can count
 * totals and nothing more: a key cannot be recomputed from anything stored, so no ballot leads
 * back to a participant. The same token always gives the same key, so budgets survive restarts.
 */
function voterKey(roomId: string, round: number, bearer: string): string {
  return createHash('sha256').update(`ballot:${roomId}:${round}:${bearer}`).digest('base64url');
}

/** Votes and markers: ballots kept in storage under keys nobody can trace back, totals published on control. Runs under the room's lock. */
export class Votes {
  constructor(private readonly storage: Storage) {}

  /** `bearer` is the raw token of the request: the ballot key is derived from it (see voterKey). */
  async vote(room: Room, bearer: string, body: VoteBody): Promise<VoteReply> {
    const roomId = room.id;
    const { voting } = readControl(room.doc('control'));
    if (!voting.open) throw new Errors.VotingClosed();
    // Markers (voting on areas) reuse the same ballots: the target id is the area's.
    const board = room.doc('board');
    const areas = listAreas(board);
    // A round for one role (the solutions) counts nothing else: what is outside it is refused.
    const counted = (areaId: string | null) => !voting.role || areas.some((a) => a.id === areaId && a.role === voting.role);
    const notCounted = () => new Errors.NotVotedOn({ role: voting.role!, places: placeValues(voting.role!).places });
    let target: string;
    if (voting.target === 'areas') {
      const areaId = body.areaId ?? body.noteId;
      if (!areaId) throw new Errors.VoteTargetMissing({ reason: 'area' });
      if (!areas.some((a) => a.id === areaId)) throw new Errors.AreaNotFound();
      if (!counted(areaId)) throw notCounted();
      target = areaId;
    } else {
      if (!body.noteId) throw new Errors.VoteTargetMissing({ reason: 'note' });
      const note = getNote(board, body.noteId);
      if (!note) throw new Errors.NoteNotFound();
      if (!counted(note.areaId) && body.delta > 0) throw notCounted();
      target = body.noteId;
    }
    const result = await this.storage.castVote(roomId, voting.round, voterKey(roomId, voting.round, bearer), target, body.delta, voting.budget);
    if (!result.ok) throw result.reason === 'budget-spent' ? new Errors.BudgetSpent() : new Errors.NoVoteToTakeBack();
    if (voting.totals !== null) await this.publishTotals(room, voting.round);
    return { remaining: result.remaining, mine: result.mine };
  }

  async votes(room: Room, bearer: string): Promise<VotesReply> {
    const roomId = room.id;
    const { voting } = readControl(room.doc('control'));
    const mine = await this.storage.ballotOf(roomId, voting.round, voterKey(roomId, voting.round, bearer));
    const used = Object.values(mine).reduce((a, b) => a + b, 0);
    const reply: VotesReply = { open: voting.open, budget: voting.budget, remaining: Math.max(0, voting.budget - used), mine };
    if (voting.totals !== null) reply.totals = voting.totals;
    return reply;
  }

  async publishTotals(room: Room, round: number): Promise<void> {
    const totals = await this.storage.voteTotals(room.id, round);
    room.transactServer('control', (doc) => {
      const state = readControl(doc);
      publishTotals(doc, state, { ...state.voting, totals });
    });
  }
}
