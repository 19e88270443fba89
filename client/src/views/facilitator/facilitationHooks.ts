import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Command } from '@tributary/shared/api';
import { t } from '../../i18n/i18n.ts';
import { ApiError } from '../../sync/api.ts';
import { facilitatorApi } from '../../sync/facilitatorApi.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import type { PresenceUser } from '../../sync/presenceState.ts';
import { participationKey, participationOf, type Participation } from './facilitationLogic.ts';

export interface CommandState {
  busy: boolean;
  /** The server's plain-language message when the last command failed. */
  error: string | null;
  /** A caution the server sent back with a command that worked. */
  warning: string | null;
}

/**
 * Sends facilitator commands and keeps what the facilitator should read about the last one:
 * the server's own error message, or its warning. One per panel section, so a message appears
 * next to the button that caused it.
 */
export function useCommand(client: RoomClient) {
  const [state, setState] = useState<CommandState>({ busy: false, error: null, warning: null });
  const alive = useRef(true);
  // Buttons stay enabled while a command runs (a disabled button drops keyboard focus to the
  // page), so a second press while busy is ignored here instead.
  const running = useRef(false);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  const run = useCallback(
    async (command: Command): Promise<boolean> => {
      if (running.current) return false;
      running.current = true;
      setState({ busy: true, error: null, warning: null });
      try {
        const reply = await facilitatorApi.command(client.roomId, client.session.token, command);
        if (alive.current) setState({ busy: false, error: null, warning: reply?.warning ?? null });
        return true;
      } catch (err) {
        const message = err instanceof ApiError ? err.message : t('facilitator.somethingWentWrong');
        if (alive.current) setState({ busy: false, error: message, warning: null });
        return false;
      } finally {
        running.current = false;
      }
    },
    [client],
  );
  const clear = useCallback(() => setState((s) => (s.error || s.warning ? { ...s, error: null, warning: null } : s)), []);
  return { ...state, run, clear };
}

/**
 * Badges and following from presence, re-rendering only when they change (presence itself
 * changes with every cursor move).
 */
export function useParticipation(client: RoomClient): Participation {
  const cache = useRef<{ key: string; value: Participation } | null>(null);
  const get = useCallback(() => {
    const users: PresenceUser[] = client.presence.get();
    const key = participationKey(users);
    if (!cache.current || cache.current.key !== key) cache.current = { key, value: participationOf(users) };
    return cache.current.value;
  }, [client]);
  return useSyncExternalStore(client.presence.subscribe, get, get);
}

/** True while the screen is phone-sized (the facilitation panel becomes a sheet). */
export function useNarrow(query = '(max-width: 720px)'): boolean {
  const subscribe = useCallback(
    (listener: () => void) => {
      const mql = globalThis.matchMedia?.(query);
      mql?.addEventListener('change', listener);
      return () => mql?.removeEventListener('change', listener);
    },
    [query],
  );
  const get = () => globalThis.matchMedia?.(query).matches === true;
  return useSyncExternalStore(subscribe, get, get);
}
