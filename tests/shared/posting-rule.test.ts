import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { noteAnonymity, postingDecision, postingRefusals, type PostingControl, type Poster } from '@tributary/shared/control/postingRule';
import { readControl } from '@tributary/shared/control/state';
import { DEFAULT_STEP, type Step } from '@tributary/shared/control/steps';

const trio = { id: 'g1', label: 'Trio 1', members: ['a', 'b', 'c'], areaId: 'area_t1', client: 'a' };

function control(over: Partial<PostingControl> = {}, step: Partial<Step> = {}): PostingControl {
  return { ...readControl(new Y.Doc()), steps: [{ ...DEFAULT_STEP, ...step }], stepIndex: 0, ...over };
}

const participant = (over: Partial<Poster> = {}): Poster => ({ role: 'participant', participantId: 'b', postedInStep: 0, ...over });
const facilitator: Poster = { role: 'facilitator', participantId: null, postedInStep: 99 };

describe('the posting rule', () => {
  it('lets anyone post in an open step, named unless they ask otherwise', () => {
    const decision = postingDecision(control(), participant());
    expect(decision).toMatchObject({ allowed: true, anonymous: false, anonymousBy: 'choice', sealed: false, limit: null, left: null, round: undefined });
    expect(postingDecision(control(), participant({ asksAnonymous: true }))).toMatchObject({ allowed: true, anonymous: true });
  });

  it('refuses with the reason the server answers, the lock first', () => {
    expect(postingDecision(control({ locked: true }), participant())).toEqual({ allowed: false, kind: 'paused', reason: 'locked' });
    expect(postingDecision(control({ whoMayPost: 'nobody', mode: 'voting' }), participant())).toEqual({ allowed: false, kind: 'paused', reason: 'voting' });
    expect(postingDecision(control({ whoMayPost: 'facilitator', mode: 'discussion' }), participant())).toEqual({ allowed: false, kind: 'paused', reason: 'talking' });
    // The phone sees every reason: a listening client is told to listen while the room is paused.
    const both = control({ locked: true, groups: [trio], method: { roles: 'rotate-client' } }, { clientMayPost: false });
    expect(postingRefusals(both, participant({ participantId: 'a' })).map((r) => (r.kind === 'paused' ? r.reason : r.kind))).toEqual(['locked', 'listening']);
  });

  it('keeps the client of a role-taking method listening, and only them', () => {
    const troika = control({ groups: [trio], method: { roles: 'rotate-client' } }, { clientMayPost: false });
    expect(postingDecision(troika, participant({ participantId: 'a' }))).toEqual({ allowed: false, kind: 'paused', reason: 'listening' });
    expect(postingDecision(troika, participant({ participantId: 'b' }))).toMatchObject({ allowed: true, group: trio });
    expect(postingDecision({ ...troika, method: {} }, participant({ participantId: 'a' })).allowed).toBe(true);
  });

  it('holds each person to the step limit, counting what they posted', () => {
    const limited = control({}, { maxNotesPerPerson: 2 });
    expect(postingDecision(limited, participant({ postedInStep: 1 }))).toMatchObject({ allowed: true, limit: 2, left: 1 });
    expect(postingDecision(limited, participant({ postedInStep: 2 }))).toEqual({ allowed: false, kind: 'limit', count: 2 });
  });

  it('holds the facilitator to nothing', () => {
    const everything = control({ locked: true, whoMayPost: 'nobody', mode: 'voting' }, { maxNotesPerPerson: 1 });
    expect(postingRefusals(everything, facilitator)).toEqual([]);
    expect(postingDecision(everything, facilitator)).toMatchObject({ allowed: true, limit: null, group: null });
  });

  it('makes notes anonymous by the step, else by the writer, else by the room', () => {
    expect(noteAnonymity(control({ mode: 'anonymous' }), false)).toEqual({ anonymous: true, by: 'step' });
    expect(noteAnonymity(control({ anonymousByDefault: true }), undefined)).toEqual({ anonymous: true, by: 'room' });
    // The server has always let a writer who says so show their name in a room anonymous by default.
    expect(noteAnonymity(control({ anonymousByDefault: true }), false)).toEqual({ anonymous: false, by: 'room' });
    expect(noteAnonymity(control(), undefined)).toEqual({ anonymous: false, by: 'choice' });
  });

  it('seals private writing until the reveal, and tags notes to group areas with the round', () => {
    expect(postingDecision(control({ mode: 'private', revealed: false }), participant())).toMatchObject({ allowed: true, sealed: true });
    expect(postingDecision(control({ mode: 'private', revealed: true }), participant())).toMatchObject({ allowed: true, sealed: false });
    expect(postingDecision(control({ round: 2 }, { postTo: 'group-area' }), participant())).toMatchObject({ allowed: true, round: 2 });
  });
});
