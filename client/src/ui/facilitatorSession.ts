import { useEffect, useState } from 'react';
import type { RoomInfoReply } from '@tributary/shared/api';
import { ApiError } from '../sync/api.ts';
import { facilitatorApi } from '../sync/facilitatorApi.ts';
import { loadSession, saveSession, tokenFromHash, type RoomSession } from '../sync/session.ts';
import { t } from '../i18n/i18n.ts';

export type FacilitatorSessionState =
  | { status: 'loading' }
  | { status: 'ready'; session: RoomSession; info: RoomInfoReply | null }
  | { status: 'error'; title: string; message: string };

/**
 * The facilitator's session for a room, or with `screen` the projector's. A link with
 * `#token=…` is checked with the server, kept in localStorage and removed from the address bar
 * (so it is not left on a shared screen or in history); otherwise the saved session is used.
 * The screen keeps only a read-only presenter token: given a facilitator token (an old screen
 * link, or the facilitator's own session on this laptop), it swaps it for the room's presenter
 * token and keeps that.
 */
export function useFacilitatorSession(roomId: string, screen = false): FacilitatorSessionState {
  const [state, setState] = useState<FacilitatorSessionState>({ status: 'loading' });
  // A link pasted into a tab already on this page only changes the fragment: check it again.
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const onHash = () => {
      if (tokenFromHash(globalThis.location.hash)) {
        setState({ status: 'loading' });
        setAttempt((n) => n + 1);
      }
    };
    globalThis.addEventListener('hashchange', onHash);
    return () => globalThis.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    let cancelled = false;
    const role = screen ? 'presenter' : 'facilitator';
    const hashToken = tokenFromHash(globalThis.location.hash);
    const saved = loadSession(roomId, screen);
    const own = screen ? loadSession(roomId) : null;
    const token =
      hashToken ?? (saved?.role === role ? saved.token : null) ?? (own?.role === 'facilitator' ? own.token : null);
    if (!token) {
      setState({
        status: 'error',
        title: t('errors.pageIsForFacilitator'),
        message: t('errors.pageIsForFacilitatorHelp'),
      });
      return;
    }
    // Only once the token is kept: a failed check leaves the link as it was, to try again.
    const stripHash = () => {
      if (hashToken && globalThis.location.hash) {
        history.replaceState(history.state, '', globalThis.location.pathname + globalThis.location.search);
      }
    };

    facilitatorApi
      .room(roomId, token)
      .then(async (info) => {
        if (cancelled) return;
        if (info.role === 'participant' || (info.role === 'presenter' && !screen)) {
          setState({
            status: 'error',
            title: info.role === 'presenter' ? t('errors.linkIsForScreen') : t('errors.linkIsForTakingPart'),
            message: t('errors.askForFacilitatorLink'),
          });
          return;
        }
        const kept = info.role === 'facilitator' && screen ? tokenFromHash(new URL((await facilitatorApi.presenterLink(roomId, token)).presenter).hash) : token;
        if (cancelled || !kept) return;
        const session: RoomSession = { roomId, token: kept, role, title: info.title };
        saveSession(session);
        stripHash();
        setState({ status: 'ready', session, info });
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        // Server out of reach: carry on with the token we have; the connection retries, and
        // a bad token shows up there as "no longer valid".
        if (error instanceof ApiError && error.status === 0) {
          const session: RoomSession = { roomId, token, role, title: saved?.title ?? '' };
          saveSession(session);
          stripHash();
          setState({ status: 'ready', session, info: null });
          return;
        }
        if (error instanceof ApiError && (error.status === 401 || error.status === 403 || error.status === 404)) {
          setState({
            status: 'error',
            title: t('errors.roomEndedOrLinkInvalid'),
            message: t('errors.roomEndedOrLinkInvalidHelp'),
          });
          return;
        }
        setState({
          status: 'error',
          title: t('errors.couldNotOpenRoom'),
          message: error instanceof ApiError ? error.message : t('errors.somethingWentWrong'),
        });
      });
    return () => {
      cancelled = true;
    };
  }, [roomId, attempt, screen]);

  return state;
}
