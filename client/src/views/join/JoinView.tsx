import { useEffect, useRef, useState, type FormEvent } from 'react';
import { formatJoinCode, normalizeJoinCode } from '@tributary/shared/joinCode';
import { AUTHOR_NAME_MAX, sanitizeAuthorName } from '@tributary/shared/board/note';
import { ApiError, api } from '../../sync/api.ts';
import { deviceKey, loadSession, saveSession } from '../../sync/session.ts';
import { Button } from '../../ui/Button.tsx';
import { DisplaySettingsPanel } from '../../ui/DisplaySettingsPanel.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { LanguagePicker } from '../../ui/LanguagePicker.tsx';
import { applyRoomLanguage, t, withMessages } from '../../i18n/i18n.ts';
import { linkProps, navigate, setPageTitle } from '../../ui/navigation.ts';
import { lastJoinedRoom, rememberRoom, rememberedRoom } from './rememberedRooms.ts';

function joinErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    // Removed by the facilitator: the server's own plain words say so.
    if (error.code === 'TRIB_REMOVED') return error.message;
    if (error.status === 404) return t('join.codeNotFound');
    if (error.status === 429) return t('join.tooManyTries');
    if (error.status === 400) return t('join.codeLooksWrong');
    if (error.status === 0) return error.message;
  }
  return t('join.somethingWentWrong');
}

/**
 * Fetches the room view (about 48 kB gzipped: ParticipantView, Yjs, the sync layer) while the
 * person reads this page and types the code or a name, so "Join" opens the room without then
 * waiting for its code. Only once this page is on screen and the browser is idle: on a slow link,
 * fetching it sooner would slow the join page itself, and it is not part of this page's first
 * load (`npm run bench:size`). Nearly everyone who opens this page goes on to the room. A failed
 * fetch is let go: the room view asks again when it opens. (The parts a room's script may use,
 * voting or cards, are not known until the room's script arrives; the room view prefetches those.)
 */
function prefetchRoomView(): () => void {
  // The same module main.tsx's route imports: the browser keeps one per file, so the room view opens on it.
  // Its words too (main.tsx loads the same namespaces with the view; `errors` the room loads once
  // idle, this page has them already), and the read-aloud part the room shows a moment after its
  // first screen (ui/readAloudLater.tsx), so Join fetches nothing more.
  const fetchIt = () =>
    void Promise.all([withMessages(import('../participant/ParticipantView.tsx'), 'phone', 'room', 'errors'), import('../../ui/ReadAloudButton.tsx')]).catch(() => undefined);
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(fetchIt, { timeout: 2000 });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(fetchIt, 500);
  return () => window.clearTimeout(id);
}

/** Join a room: the code (often already filled in from the link or QR code) and, if they like, a name. */
export default function JoinView({ initialCode }: { initialCode: string }) {
  const [code, setCode] = useState(() => formatJoinCode(initialCode));
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const codeRef = useRef<HTMLInputElement>(null);
  // Already joined this room from this phone? Offer the way back first. With no code (the
  // home-screen icon opens /join), the room this phone joined last.
  const [previous] = useState(() => {
    const roomId = initialCode ? rememberedRoom(initialCode) : lastJoinedRoom();
    const session = roomId ? loadSession(roomId) : null;
    return session && session.role === 'participant' ? session : null;
  });

  useEffect(() => setPageTitle(t('join.pageTitle')), []);
  useEffect(prefetchRoomView, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const normalized = normalizeJoinCode(code);
    if (!normalized) {
      setError(t('join.typeTheCode'));
      codeRef.current?.focus();
      return;
    }
    setBusy(true);
    setError('');
    const chosenName = sanitizeAuthorName(name);
    try {
      const reply = await api.join(normalized, chosenName, deviceKey());
      saveSession({
        roomId: reply.roomId,
        token: reply.participantToken,
        role: 'participant',
        participantId: reply.participantId,
        // Joining again from this phone keeps the name given the first time.
        ...(reply.name ? { name: reply.name } : {}),
        title: reply.title,
      });
      rememberRoom(normalized, reply.roomId);
      // The room's language, unless this person picked their own (the picker above).
      await applyRoomLanguage(reply.language);
      navigate(`/room/${encodeURIComponent(reply.roomId)}`);
    } catch (err) {
      setBusy(false);
      setError(joinErrorMessage(err));
      codeRef.current?.focus();
    }
  };

  return (
    <main className="page page--narrow" id="main">
      <header className="brand">
        <p className="brand__name">Tributary</p>
        {/* Larger text and high contrast from the first page on; remembered on this device. */}
        <DisplaySettingsPanel className="brand__settings" />
      </header>
      <LanguagePicker className="join-language" />
      <h1>{t('join.heading')}</h1>
      {previous && (
        <section className="card welcome-back" aria-labelledby="welcome-back-heading">
          <h2 id="welcome-back-heading">{t('join.welcomeBack')}</h2>
          <p>
            {previous.name
              ? t('join.alreadyJoinedNamed', { title: previous.title || t('join.thisRoom'), name: previous.name })
              : t('join.alreadyJoinedUnnamed', { title: previous.title || t('join.thisRoom') })}
          </p>
          <a className="btn btn--primary btn--big btn--block" {...linkProps(`/room/${encodeURIComponent(previous.roomId)}`)}>
            {t('join.goBack')}
          </a>
          <p className="muted">{t('join.joinAgainHint')}</p>
        </section>
      )}
      <form className="stack" onSubmit={submit} noValidate>
        <TextField
          ref={codeRef}
          label={t('join.codeLabel')}
          hint={t('join.codeHint')}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          inputMode="text"
          autoCapitalize="characters"
          autoComplete="off"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="go"
          maxLength={16}
          className="field--code"
          dir="ltr"
          error={error || undefined}
        />
        <TextField
          label={t('join.nameLabel')}
          hint={t('join.nameHint')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          maxLength={AUTHOR_NAME_MAX}
          autoComplete="off"
          autoCapitalize="words"
          enterKeyHint="go"
        />
        <Button type="submit" big block busy={busy}>
          {busy ? t('join.joining') : t('join.join')}
        </Button>
      </form>
    </main>
  );
}
