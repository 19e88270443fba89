import { useEffect, useState, type FormEvent } from 'react';
import { ROOM_TITLE_MAX } from '@tributary/shared/control/state';
import { ApiError, api } from '../../sync/api.ts';
import { saveSession } from '../../sync/session.ts';
import { Button } from '../../ui/Button.tsx';
import { DisplaySettingsPanel } from '../../ui/DisplaySettingsPanel.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { RoomLanguageSelect } from '../../ui/RoomLanguageSelect.tsx';
import { t } from '../../i18n/i18n.ts';
import { linkProps, navigate, setPageTitle } from '../../ui/navigation.ts';
import type { TemplateSummary } from '@tributary/shared';
import { DescribeAreas } from './DescribeAreas.tsx';
import { BLANK, TemplatePicker } from './TemplatePicker.tsx';
import './home.css';

/** Start a session: an optional name, an optional method, and one button. */
export default function HomeView() {
  const [title, setTitle] = useState('');
  const [template, setTemplate] = useState(BLANK);
  const [language, setLanguage] = useState('');
  const [summary, setSummary] = useState<TemplateSummary | null>(null);
  // What the facilitator wrote for the areas the method leaves open, by area key.
  const [descriptions, setDescriptions] = useState<Record<string, string>>({});
  const [skipped, setSkipped] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  useEffect(() => setPageTitle('Start a session'), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError('');
    const clean = title.trim();
    try {
      const written = skipped ? [] : (summary?.describe ?? []).map((a) => [a.key, (descriptions[a.key] ?? '').trim()] as const).filter(([, text]) => text !== '');
      const reply = await api.createRoom({
        ...(clean ? { title: clean } : {}),
        ...(template !== BLANK ? { template } : {}),
        ...(written.length > 0 ? { areaDescriptions: Object.fromEntries(written) } : {}),
        ...(language ? { language } : {}),
      });
      saveSession({ roomId: reply.roomId, token: reply.facilitatorToken, role: 'facilitator', title: clean });
      navigate(`/room/${encodeURIComponent(reply.roomId)}/facilitate`);
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 429) setError('Lots of rooms were made from here just now. Please wait a minute, then try again.');
      else if (err instanceof ApiError) setError(err.message);
      else setError('Something went wrong. Please try again.');
    }
  };

  return (
    <main className="page home-page" id="main">
      <header className="brand">
        <p className="brand__name">Tributary</p>
        {/* Larger text and high contrast from the first page on; remembered on this device. */}
        <DisplaySettingsPanel className="brand__settings" />
      </header>
      <h1>Start a session</h1>
      <p className="lead">Make a room, then share its code. People join from their phones. They don't need an account, and they don't have to give a name.</p>
      <form className="stack" onSubmit={submit} noValidate>
        <TextField
          label="Name of the session (optional)"
          hint="Everyone who joins will see it, for example “Housing forum, March”."
          value={title}
          maxLength={ROOM_TITLE_MAX}
          autoComplete="off"
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={error || undefined}
        />
        <TemplatePicker
          value={template}
          onChange={(id, picked) => {
            setTemplate(id);
            setSummary(picked);
          }}
          disabled={busy}
        />
        {summary?.describe && summary.describe.length > 0 && (
          <DescribeAreas
            method={summary.title}
            areas={summary.describe}
            values={descriptions}
            onChange={(key, text) => setDescriptions((current) => ({ ...current, [key]: text }))}
            skipped={skipped}
            onSkip={setSkipped}
            disabled={busy}
          />
        )}
        <RoomLanguageSelect
          label={t('home.roomLanguage')}
          hint={t('home.roomLanguageHint')}
          noneLabel={t('home.roomLanguageNone')}
          value={language}
          onChange={setLanguage}
        />
        <Button type="submit" big block busy={busy}>
          {busy ? 'Creating room…' : 'Create room'}
        </Button>
      </form>
      <p className="aside">
        Here to take part? <a {...linkProps('/join')}>Join with a code</a>
      </p>
    </main>
  );
}
