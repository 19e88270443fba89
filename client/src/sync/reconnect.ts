/** Longest wait between reconnection tries. */
export const MAX_RECONNECT_DELAY_MS = 5000;

/**
 * How long to wait before reconnection try number `attempt` (1, 2, …): "full jitter", a random
 * time between 0 and an exponentially growing cap (500 ms, 1 s, 2 s, 4 s, then 5 s), so that
 * 300 phones that lost the server at the same moment do not all knock again at the same moment.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(MAX_RECONNECT_DELAY_MS, 500 * 2 ** Math.max(0, attempt - 1));
  return Math.max(50, Math.round(random() * cap));
}
