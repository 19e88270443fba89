import { beforeAll, describe, expect, test } from 'vitest';
import { whatGoes } from '../../client/src/views/facilitator/DeleteRoomSection.tsx';
import { withMessages } from '../../client/src/i18n/i18n.ts';

// The facilitator's words, loaded as the view loads them.
beforeAll(() => withMessages(Promise.resolve(), 'facilitator'));

describe('deleting a room says what goes', () => {
  test('counts in plain words', () => {
    const text = whatGoes(1, 0, 3);
    expect(text).toContain('1 note and 0 areas');
    expect(text).toContain('the 3 steps');
    expect(text).toContain('cannot be undone');
    expect(whatGoes(12, 4, 1)).toContain('12 notes and 4 areas, the 1 step');
  });
});
