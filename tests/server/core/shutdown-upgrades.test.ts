// Starts its own servers (not the fixture's): what it tests is a server's close(), thirty times over.
import { describe, expect, test } from 'vitest';
import { connectDoc, type DocClient } from '../../helpers/clients.ts';
import { mustCreateRoom, startTestServer } from '../../helpers/server.ts';

/**
 * A graceful shutdown (a deploy) while a phone reconnects: a websocket upgrade that arrives as
 * the server closes must be turned away or closed, never left half-open, or close() waits on it
 * for good (issue 18, H7's convergence run). Each round has a stock client dial just before or just
 * after the shutdown starts, a few event-loop turns apart; one round seldom hits the window, so it
 * runs many (without the fix, the rounds hung within the first ten in every try).
 */

const ROUNDS = 30;
const CLOSE_LIMIT_MS = 5_000;

async function turns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('shutdown while a websocket upgrade arrives', () => {
  test(`close() finishes (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const server = await startTestServer();
      const room = await mustCreateRoom(server.url);
      const present = connectDoc(server.wsUrl, room.roomId, 'board', room.facilitatorToken);
      await present.synced;
      // A stock client reconnects on its own after the server closes it or turns it away.
      let arriving: DocClient | undefined;
      const connect = (): void => {
        arriving = connectDoc(server.wsUrl, room.roomId, 'board', room.facilitatorToken);
      };
      // Even rounds: the phone dials just before the shutdown starts; odd rounds: just after.
      if (round % 2 === 0) connect();
      await turns(Math.floor(round / 2) % 4);
      let timer: NodeJS.Timeout | undefined;
      const closing = server.close().then(() => 'closed');
      if (round % 2 === 1) connect();
      const outcome = await Promise.race([
        closing,
        new Promise<string>((resolve) => {
          timer = setTimeout(() => resolve('hung'), CLOSE_LIMIT_MS);
        }),
      ]);
      clearTimeout(timer);
      present.destroy();
      arriving?.destroy();
      expect(outcome, `round ${round}: server.close() with a client dialling ${round % 2 === 0 ? 'before' : 'after'} it`).toBe('closed');
    }
  }, 120_000);
});
