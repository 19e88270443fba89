import { useEffect, useState, type FormEvent } from 'react';
import { ROOM_TITLE_MAX } from '@tributary/shared/control/state';
import { ApiError } from '../../sync/api.ts';
import { facilitatorApi } from '../../sync/facilitatorApi.ts';
import { saveSession } from '../../sync/session.ts';
import { Button } from '../../ui/Button.tsx';
import { DisplaySettingsPanel } from '../../ui/DisplaySettingsPanel.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { RoomLanguageSelect } from '../../ui/RoomLanguageSelect.tsx';
import { linkProps, navigate, setPageTitle } from '../../ui/navigation.ts';
import { t, useLanguage } from '../../i18n/i18n.ts';
import type { TemplateSummary } from '@tributary/shared/templates/types';
import { DescribeAreas } from './DescribeAreas.tsx';
import { MyMethods } from './MyMethods.tsx';
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

  const uiLanguage = useLanguage();
  useEffect(() => setPageTitle(t('home.startSession')), [uiLanguage]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError('');
    const clean = title.trim();
    try {
      const written = skipped ? [] : (summary?.describe ?? []).map((a) => [a.key, (descriptions[a.key] ?? '').trim()] as const).filter(([, text]) => text !== '');
      const reply = await facilitatorApi.createRoom({
        ...(clean ? { title: clean } : {}),
        ...(template !== BLANK ? { template } : {}),
        ...(written.length > 0 ? { areaDescriptions: Object.fromEntries(written) } : {}),
        ...(language ? { language } : {}),
      });
      saveSession({ roomId: reply.roomId, token: reply.facilitatorToken, role: 'facilitator', title: clean });
      navigate(`/room/${encodeURIComponent(reply.roomId)}/facilitate`);
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 429) setError(t('home.tooManyRooms'));
      else if (err instanceof ApiError) setError(err.message);
      else setError(t('home.somethingWentWrong'));
    }
  };

  return (
    <main className="page home-page" id="main">
      <header className="brand">
        <p className="brand__name">Tributary</p>
        {/* Larger text and high contrast from the first page on; remembered on this device. */}
        <DisplaySettingsPanel className="brand__settings" />
      </header>
      <h1>{t('home.startSession')}</h1>
      <p className="lead">{t('home.lead')}</p>
      <form className="stack" onSubmit={submit} noValidate>
        <TextField
          label={t('home.sessionName')}
          hint={t('home.sessionNameHint')}
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
          {busy ? t('home.creatingRoom') : t('home.createRoom')}
        </Button>
      </form>
      <MyMethods language={language} />
      <p className="aside">
        {t('home.hereToTakePart')} <a {...linkProps('/join')}>{t('home.joinWithCode')}</a>
      </p>
    </main>
  );
}
