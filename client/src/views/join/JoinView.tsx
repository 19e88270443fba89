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
import { prefetchRoomView } from './prefetchRoomView.ts';

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

// As soon as this page's code runs: its own first screen needs nothing more from the network.
prefetchRoomView();

/** The room view, as main.tsx's route imports it (the same module, so it runs once) with its words. */
const openRoomView = () => withMessages(import('../participant/ParticipantView.tsx'), 'phone', 'room');

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

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const normalized = normalizeJoinCode(code);
    if (!normalized) {
      setError(t('join.typeTheCode'));
      codeRef.current?.focus();
      return;
    }
    // The request first: on a slow link its round trip is the longest wait after the tap.
    const joining = api.join(normalized, sanitizeAuthorName(name), deviceKey());
    // While it is on its way, the room view's code (fetched while this page was on screen) runs.
    void openRoomView().catch(() => undefined);
    setBusy(true);
    setError('');
    try {
      const reply = await joining;
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
