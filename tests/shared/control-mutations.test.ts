import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { askAnonymousRelease, enterStepFields, openVotingRound, publishTotals, setHeldCounts, setPrompt, setSteps } from '@tributary/shared/control/mutations';
import { SERVER_ORIGIN } from '@tributary/shared/origins';
import { IDLE_TIMER, readControl } from '@tributary/shared/control/state';
import { DEFAULT_STEP, type Step } from '@tributary/shared/control/steps';

/** Every transaction on the doc while `fn` runs, by origin. */
function transactions(doc: Y.Doc, fn: () => void): unknown[] {
  const origins: unknown[] = [];
  const record = (tr: Y.Transaction) => origins.push(tr.origin);
  doc.on('afterTransaction', record);
  fn();
  doc.off('afterTransaction', record);
  return origins;
}

describe('named mutations of the control document', () => {
  it('write each change in one transaction with the server as its origin', () => {
    const doc = new Y.Doc();
    const step: Step = { ...DEFAULT_STEP, prompt: 'Go', areaId: 'area_1' };
    expect(transactions(doc, () => enterStepFields(doc, 2, step, IDLE_TIMER))).toEqual([SERVER_ORIGIN]);
    expect(readControl(doc)).toMatchObject({ prompt: 'Go', areaId: 'area_1', revealed: false });
    expect(transactions(doc, () => askAnonymousRelease(doc))).toEqual([SERVER_ORIGIN]);
    expect(readControl(doc).anonymousReleaseAsked).toBe(true);
  });

  it('join the transaction they are called in', () => {
    const doc = new Y.Doc();
    const origins = transactions(doc, () =>
      doc.transact(() => {
        setHeldCounts(doc, { pending: 2, sealed: 1, hidden: 0, releaseAsked: false });
        askAnonymousRelease(doc);
      }, 'outer'),
    );
    expect(origins).toEqual(['outer']);
    expect(readControl(doc)).toMatchObject({ pendingAnonymous: 2, sealedCount: 1, hiddenCount: 0, anonymousReleaseAsked: true });
  });

  it('keep the current step going when the script is edited around it', () => {
    const doc = new Y.Doc();
    const steps: Step[] = [{ ...DEFAULT_STEP, id: 'a', prompt: 'A' }, { ...DEFAULT_STEP, id: 'b', prompt: 'B edited' }];
    setPrompt(doc, 'B');
    setSteps(doc, steps, { index: 1, was: { prompt: 'B' } });
    expect(readControl(doc)).toMatchObject({ stepIndex: 1, prompt: 'B edited' });
  });

  it('remember a marker round and its totals', () => {
    const doc = new Y.Doc();
    openVotingRound(doc, readControl(doc), { budget: 3, target: 'areas', title: 'Where are we?' });
    const state = readControl(doc);
    expect(state.voting).toMatchObject({ open: true, round: 1, target: 'areas' });
    expect(state.markerRounds).toEqual([{ round: 1, title: 'Where are we?' }]);
    publishTotals(doc, state, { ...state.voting, totals: { area_1: 2 } });
    expect(readControl(doc).markerRounds[0]).toMatchObject({ round: 1, totals: { area_1: 2 } });
  });
});
