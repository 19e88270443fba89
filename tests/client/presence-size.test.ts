import { describe, expect, test } from 'vitest';
import { AUTHOR_NAME_MAX } from '@tributary/shared/board/records';
import { createId } from '@tributary/shared/ids';
import { MAX_AWARENESS_STATE_BYTES, MAX_LIVE_DRAG_IDS } from '@tributary/shared/protocol';
import { withinPresenceCap, type PresenceState } from '../../client/src/sync/presenceState.ts';

// The server drops presence states over MAX_AWARENESS_STATE_BYTES (issue 15): our own client's
// largest state must stay under it, or a facilitator dragging a big selection would vanish.
describe('our presence fits the server cap', () => {
  test('the largest state the client shares, a long name in three-byte characters dragging 500 notes, is under the cap', () => {
    const state: PresenceState = {
      name: '語'.repeat(AUTHOR_NAME_MAX),
      color: '#B3261E',
      role: 'facilitator',
      badge: { kind: 'break', showName: true },
      following: true,
      viewport: { x: -123456.789, y: 123456.789, zoom: 0.123456789 },
      cursor: { x: -123456.789, y: 123456.789 },
      drag: { ids: Array.from({ length: 500 }, () => createId('note')), dx: -123456, dy: 123456 },
    };
    const shared = withinPresenceCap(state);
    expect(shared.drag?.ids).toHaveLength(MAX_LIVE_DRAG_IDS);
    expect(shared.drag?.ids).toEqual(state.drag!.ids.slice(0, MAX_LIVE_DRAG_IDS));
    expect(new TextEncoder().encode(JSON.stringify(shared)).byteLength).toBeLessThanOrEqual(MAX_AWARENESS_STATE_BYTES);
  });

  test('a small drag is shared whole', () => {
    const drag = { ids: ['note_a', 'note_b'], dx: 1, dy: 2 };
    const state = { name: 'Sam', color: '#555555', role: 'participant', badge: null, following: false, viewport: null, cursor: null, drag } as const;
    expect(withinPresenceCap({ ...state, drag: { ...drag, ids: [...drag.ids] } }).drag?.ids).toEqual(['note_a', 'note_b']);
  });
});
