import { startTransition, useEffect, useState } from 'react';
import type { DeviceRoom } from '../../sync/deviceRoom.ts';
import { liveRoomOpened } from '../../ui/serviceWorker.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import type * as LiveRoomParts from './liveRoom.ts';

/** The live room once loaded: its client and the parts of the screen that show it (liveRoom.ts). */
export interface LiveRoom {
  client: RoomClient;
  parts: typeof LiveRoomParts;
}

/** Longest wait between two tries to load the live room's code (no signal, no service worker yet). */
const MAX_RETRY_MS = 30_000;
/** A person who has not tapped or typed for this long is not in the middle of something. */
const QUIET_MS = 300;
/** The live room loads by then even if the person is still typing. */
const AT_MOST_MS = 2_000;

/**
 * Runs `load` once the first screen has painted and the person is not in the middle of a tap or a
 * word (QUIET_MS without one, at most AT_MOST_MS): evaluating the live room's code holds the main
 * thread for a while on a slow phone, and a letter typed then would wait for it. Returns a stop.
 */
function whenQuiet(load: () => void): () => void {
  const events = ['pointerdown', 'keydown', 'input'] as const;
  const deadline = Date.now() + AT_MOST_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    clearTimeout(timer);
    for (const name of events) document.removeEventListener(name, wait, true);
  };
  function wait() {
    clearTimeout(timer);
    timer = setTimeout(
      () => {
        stop();
        load();
      },
      Math.max(0, Math.min(QUIET_MS, deadline - Date.now())),
    );
  }
  for (const name of events) document.addEventListener(name, wait, true);
  wait();
  return stop;
}

/**
 * Loads the live room (Yjs, the connections: liveRoom.ts) once the room kept on the device is on
 * screen, and makes its client over that same device room, so the client takes over its stores
 * and sends what waits in its queue. Null until then. Its code is imported only after the first
 * paint, when the person is not mid-word (`whenQuiet`): the note box must be there and take typing
 * first. The live screen is then rendered as a transition, in pieces the browser can interrupt.
 */
export function useLiveRoom(device: DeviceRoom | null): LiveRoom | null {
  const [live, setLive] = useState<LiveRoom | null>(null);

  useEffect(() => {
    if (!device) return;
    let stopped = false;
    let client: RoomClient | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const load = (attempt: number) => {
      import('./liveRoom.ts').then(
        (parts) => {
          if (stopped) return;
          client = new parts.RoomClient({ session: device.session, device });
          const loaded = { client, parts };
          startTransition(() => setLive(loaded));
          // Only now may a service worker held back on the join page download the app beside it.
          liveRoomOpened();
        },
        // Not loaded (no signal, and no service worker yet): the note box stays, and this tries again.
        () => {
          if (!stopped) retry = setTimeout(() => load(attempt + 1), Math.min(MAX_RETRY_MS, 1_000 * 2 ** attempt));
        },
      );
    };
    const stopWaiting = whenQuiet(() => load(0));
    return () => {
      stopped = true;
      stopWaiting();
      clearTimeout(retry);
      setLive(null);
      client?.destroy();
    };
  }, [device]);

  return live;
}
