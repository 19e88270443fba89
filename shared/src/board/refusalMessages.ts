import type { BoardRefusal } from './rules.ts';

/**
 * What a person is told when the server refused their change. Apart from the rules themselves:
 * the server and the phone's rarely loaded refusal recovery need these words, the controls that
 * only ask the rules do not.
 */
export const BOARD_REFUSAL_MESSAGES: Record<BoardRefusal, string> = {
  'read-only': 'This screen can only show the board.',
  locked: 'The facilitator has paused changes to the board for now.',
  'posting-closed': 'Notes cannot be added straight onto the board in this step.',
  'review-first': 'In this step the facilitator looks at each note before it goes on the board.',
  'held-for-review': 'Your note will show once the facilitator has seen it.',
  'not-your-note': 'You can only change your own notes.',
  'not-your-name': 'A note can only carry your own name.',
  'anonymous-by-server': 'Anonymous notes are posted through the server, never written directly.',
  'fixed-field': 'Who wrote a note, and when, cannot be changed.',
  'arranging-closed': 'Moving other people\u2019s notes is not open in this step.',
  'facilitator-only': 'Only the facilitator can change the areas of the board.',
  'server-only': 'That part of the board is kept by the server.',
  schema: 'That change does not fit the board.',
  'too-many-notes': 'You have reached the most notes one person can add to this board.',
  'too-much-text': 'You have reached the most text one person can add to this board.',
  'room-full': 'This board is full: nothing more can be added to it.',
  'missing-history': 'Your screen was out of step with the board, so it loaded the board again.',
};
