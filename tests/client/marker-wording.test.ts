import { beforeAll, describe, expect, test } from 'vitest';
import { STEP_MODE_LABELS, stepModeLabel } from '@tributary/shared/control/steps';
import { markerPlace, votingWords } from '../../client/src/views/facilitator/facilitationLogic.ts';
import { withMessages } from '../../client/src/i18n/i18n.ts';

// The words these helpers give come from the English catalog, loaded as the views load it.
beforeAll(() => withMessages(Promise.resolve(), 'facilitator'));

// Marker steps (Recovery River, Ladder of Participation) put markers on areas, not dots on notes:
// the facilitator's panel says so, with the word for the areas when the board has one (issue 16).
describe('marker steps say markers, not dots', () => {
  test('a voting step on areas is a marker step; on notes it stays dot voting', () => {
    expect(stepModeLabel({ mode: 'voting', voteTarget: 'areas' }, 'rung')).toBe('Markers: place your marker on the rung that fits');
    expect(stepModeLabel({ mode: 'voting', voteTarget: 'areas' })).toBe('Markers: place your marker on the area that fits');
    expect(stepModeLabel({ mode: 'voting', voteTarget: 'areas' })).not.toMatch(/dots|notes/);
    expect(stepModeLabel({ mode: 'voting' })).toBe(STEP_MODE_LABELS.voting);
    expect(stepModeLabel({ mode: 'voting', voteTarget: 'notes' })).toBe(STEP_MODE_LABELS.voting);
    expect(stepModeLabel({ mode: 'open', voteTarget: 'areas' })).toBe(STEP_MODE_LABELS.open);
  });

  test('the areas name the place: stage or rung when they all are, area otherwise', () => {
    expect(markerPlace([{ role: 'stage' }, { role: 'stage' }, { title: 'no role' }])).toBe('stage');
    expect(markerPlace([{ role: 'rung' }])).toBe('rung');
    expect(markerPlace([{ role: 'rung' }, { role: 'stage' }])).toBe('area');
    expect(markerPlace([{ title: 'Table 1' }])).toBe('area');
    expect(markerPlace([])).toBe('area');
  });

  test('the voting section counts markers on a stage, and votes on notes', () => {
    const markers = votingWords(true, 'stage');
    expect(markers.openLine(1)).toBe('People are placing markers: 1 marker each, on the stage that fits');
    expect(markers.count(2)).toBe('2 markers');
    expect(markers.most).toBe('Markers on each stage');
    expect(Object.values(markers).filter((w) => typeof w === 'string').join(' ')).not.toMatch(/vote|dot/i);
    const votes = votingWords(false, 'stage');
    expect(votes.openLine(3)).toBe('Voting is open: 3 votes each');
    expect(votes.count(1)).toBe('1 vote');
  });
});
