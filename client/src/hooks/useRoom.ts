import { useEffect, useState } from 'react';
import { timerRemaining, type ControlState } from '@tributary/shared/control/state';
import type { RoomClient } from '../sync/RoomClient.ts';
import { useStore } from './useStore.ts';

/** The live control state (step, prompt, timer, voting…) of a room. */
export function useControl(client: RoomClient): ControlState {
  return useStore(client.controlStore);
}

/**
 * Milliseconds left on the room's timer, on the server's clock, re-rendering about four times
 * a second while it runs (and not at all while it is idle or paused).
 */
export function useTimerRemaining(client: RoomClient): number {
  const { timer } = useControl(client);
  useStore(client.clock.offset);
  const [, tick] = useState(0);
  useEffect(() => {
    if (timer.status !== 'running') return;
    const id = setInterval(() => tick((n) => n + 1), 250);
    return () => clearInterval(id);
  }, [timer.status, timer.endsAt]);
  return timerRemaining(timer, client.clock.now());
}

/** "4:05" for a countdown in milliseconds (rounded up, so it shows 0:00 only at the end). */
export function formatCountdown(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}
