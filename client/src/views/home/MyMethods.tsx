import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import type { CreateRoomBody } from '@tributary/shared/api';
import { PLAN_MAX_METHODS, type MethodListReply, type PlanItem } from '@tributary/shared/libraryApi';
import type { TemplateSummary } from '@tributary/shared/templates/types';
import { ApiError } from '../../sync/api.ts';
import { facilitatorApi } from '../../sync/facilitatorApi.ts';
import { keepLibraryToken, keptLibraryToken, library } from '../../sync/library.ts';
import { saveSession } from '../../sync/session.ts';
import { Button } from '../../ui/Button.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { navigate } from '../../ui/navigation.ts';
import { t } from '../../i18n/i18n.ts';
import { movePlanEntry, planItem, type PlanEntry } from './planEntries.ts';

const failure = (error: unknown) => (error instanceof ApiError ? error.message : t('home.somethingWentWrong'));

/**
 * "Your methods" on the home page: the facilitator's library (its key kept on this device),
 * starting a session from a saved method or a method file, and a session plan of several
 * methods in order. Every method is checked by the server when it is used.
 */
export function MyMethods({ language }: { language: string }) {
  const [token, setToken] = useState<string | null>(keptLibraryToken);
  const [methods, setMethods] = useState<MethodListReply | null>(null);
  const [newKey, setNewKey] = useState<string | null>(null);
  const [keyInput, setKeyInput] = useState('');
  const [templates, setTemplates] = useState<TemplateSummary[]>([]);
  const [imported, setImported] = useState<{ title: string; method: unknown } | null>(null);
  const [plan, setPlan] = useState<PlanEntry[]>([]);
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  useEffect(() => {
    let alive = true;
    facilitatorApi.templates(language || undefined).then((list) => alive && setTemplates(list), () => undefined);
    return () => {
      alive = false;
    };
  }, [language]);
  useEffect(() => {
    if (!token) return setMethods(null);
    let alive = true;
    library.methods(token).then(
      (list) => alive && setMethods(list),
      (err: unknown) => alive && setError(failure(err)),
    );
    return () => {
      alive = false;
    };
  }, [token]);

  const useKey = (key: string) => {
    keepLibraryToken(key);
    setToken(key);
    setError('');
  };
  const make = async () => {
    setBusy(true);
    try {
      const key = await library.make();
      setNewKey(key);
      useKey(key);
    } catch (err) {
      setError(failure(err));
    } finally {
      setBusy(false);
    }
  };
  const start = async (body: CreateRoomBody) => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      const reply = await library.createRoom({ ...body, ...(language ? { language } : {}) }, token);
      saveSession({ roomId: reply.roomId, token: reply.facilitatorToken, role: 'facilitator', title: '' });
      navigate(`/room/${encodeURIComponent(reply.roomId)}/facilitate`);
    } catch (err) {
      setBusy(false);
      setError(failure(err));
    }
  };
  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    setImported(null);
    setError('');
    if (!file) return;
    try {
      const method = JSON.parse(await file.text()) as unknown;
      const title = method && typeof method === 'object' && typeof (method as { title?: unknown }).title === 'string' ? (method as { title: string }).title : file.name;
      setImported({ title, method });
    } catch {
      setError(t('home.methodFileUnreadable', { file: file.name }));
    }
  };
  const addToPlan = (event: FormEvent) => {
    event.preventDefault();
    const [kind, id] = [choice.slice(0, choice.indexOf(':')), choice.slice(choice.indexOf(':') + 1)];
    const entry: PlanEntry | null =
      kind === 'template'
        ? { kind, id, title: templates.find((m) => m.id === id)?.title ?? id }
        : kind === 'saved'
          ? { kind, id, title: methods?.find((m) => m.id === id)?.title ?? id }
          : kind === 'file' && imported
            ? { kind, id: 'file', title: imported.title, method: imported.method }
            : null;
    if (entry && plan.length < PLAN_MAX_METHODS) setPlan([...plan, entry]);
  };

  return (
    <section className="mm stack" aria-labelledby="mm-title">
      <h2 id="mm-title">{t('home.yourMethods')}</h2>
      <p className="tp__hint">{t('home.yourMethodsHint')}</p>
      {error && (
        <p className="mm__error" role="alert">
          {error}
        </p>
      )}
      {newKey && (
        <div className="mm__key" role="status">
          <p>{t('home.libraryKeyMade')}</p>
          <code className="mm__code">{newKey}</code>
        </div>
      )}
      {token ? (
        <>
          {methods && methods.length === 0 && <p className="tp__hint">{t('home.noMethodsYet')}</p>}
          <ul className="mm__list">
            {methods?.map((m) => (
              <li key={m.id} className="mm__item">
                <span className="mm__title">{m.title}</span>
                <span className="mm__row">
                  <Button variant="secondary" busy={busy} aria-label={t('home.startFromMethodLabel', { title: m.title })} onClick={() => void start({ methodId: m.id })}>
                    {t('home.startFromMethod')}
                  </Button>
                  <Button
                    variant="quiet"
                    aria-label={t('home.deleteMethodLabel', { title: m.title })}
                    onClick={() => void library.remove(token, m.id).then(() => setMethods(methods.filter((x) => x.id !== m.id)), (err: unknown) => setError(failure(err)))}
                  >
                    {t('home.deleteMethod')}
                  </Button>
                </span>
              </li>
            ))}
          </ul>
          <Button variant="quiet" onClick={() => (keepLibraryToken(null), setToken(null), setNewKey(null))}>
            {t('home.forgetLibraryKey')}
          </Button>
        </>
      ) : (
        <div className="stack">
          <Button variant="secondary" busy={busy} onClick={() => void make()}>
            {t('home.makeLibrary')}
          </Button>
          <form
            className="mm__row"
            onSubmit={(e) => {
              e.preventDefault();
              if (keyInput.trim()) useKey(keyInput.trim());
            }}
          >
            <TextField label={t('home.libraryKey')} hint={t('home.libraryKeyHint')} value={keyInput} autoComplete="off" onChange={(e) => setKeyInput(e.currentTarget.value)} />
            <Button type="submit" variant="secondary">
              {t('home.useLibraryKey')}
            </Button>
          </form>
        </div>
      )}

      <h3>{t('home.importMethod')}</h3>
      <div className="field">
        <label className="field__label" htmlFor="mm-file">
          {t('home.methodFile')}
        </label>
        <input id="mm-file" className="mm__file" type="file" accept=".json,application/json" onChange={(e) => void readFile(e)} />
      </div>
      {imported && (
        <Button variant="secondary" busy={busy} onClick={() => void start({ method: imported.method })}>
          {t('home.startFromFile', { title: imported.title })}
        </Button>
      )}

      <h3>{t('home.planSession')}</h3>
      <p className="tp__hint">{t('home.planSessionHint', { max: PLAN_MAX_METHODS })}</p>
      <form className="mm__row" onSubmit={addToPlan}>
        <div className="field">
          <label className="field__label" htmlFor="mm-pick">
            {t('home.planPick')}
          </label>
          <select id="mm-pick" className="mm__select" value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
            <option value="">{t('home.planPickNone')}</option>
            {templates.map((m) => (
              <option key={m.id} value={`template:${m.id}`}>
                {m.title}
              </option>
            ))}
            {methods?.map((m) => (
              <option key={m.id} value={`saved:${m.id}`}>
                {t('home.planSavedOption', { title: m.title })}
              </option>
            ))}
            {imported && <option value="file:file">{t('home.planFileOption', { title: imported.title })}</option>}
          </select>
        </div>
        <Button type="submit" variant="secondary" unavailable={!choice || plan.length >= PLAN_MAX_METHODS}>
          {t('home.planAdd')}
        </Button>
      </form>
      {plan.length > 0 && (
        <ol className="mm__plan" aria-label={t('home.planListLabel')}>
          {plan.map((entry, i) => (
            <li key={`${entry.kind}-${entry.id}-${i}`} className="mm__item">
              <span className="mm__title">
                {i + 1}. {entry.title}
              </span>
              <span className="mm__row">
                <Button variant="quiet" unavailable={i === 0} aria-label={t('home.planUpLabel', { title: entry.title })} onClick={() => setPlan(movePlanEntry(plan, i, i - 1))}>
                  {t('home.planUp')}
                </Button>
                <Button variant="quiet" unavailable={i === plan.length - 1} aria-label={t('home.planDownLabel', { title: entry.title })} onClick={() => setPlan(movePlanEntry(plan, i, i + 1))}>
                  {t('home.planDown')}
                </Button>
                <Button variant="quiet" aria-label={t('home.planRemoveLabel', { title: entry.title })} onClick={() => setPlan(plan.filter((_, j) => j !== i))}>
                  {t('home.planRemove')}
                </Button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <Button big block busy={busy} unavailable={plan.length === 0} onClick={() => void start({ plan: plan.map(planItem) as PlanItem[] })}>
        {t('home.planStart')}
      </Button>
    </section>
  );
}
