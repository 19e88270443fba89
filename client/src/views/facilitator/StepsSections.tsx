import { methodStartingAt, readMethodStarts } from '@tributary/shared/control/methodStarts';
import { useCallback, useEffect, useId, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import { PROMPT_MAX, type ControlState } from '@tributary/shared/control/state';
import { CARD_PROMPT_MAX, MAX_CARD_PROMPTS, MAX_STEPS, STEP_MODES, STEP_MODE_LABELS, STEP_TITLE_MAX, stepModeLabel, type StepMode } from '@tributary/shared/control/steps';
import { t } from '../../i18n/i18n.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { ConfirmBar, Feedback, PanelSection } from './FacilitationParts.tsx';
import {
  describeTimerLength,
  indexAfterEdit,
  markerPlace,
  moveStep,
  newStepId,
  removeStep,
  shortModeLabel,
  stepFromDraft,
  toStepInput,
  type StepDraft,
} from './facilitationLogic.ts';
import { cleanPrompts } from './methodLogic.ts';
import { useCommand } from './facilitationHooks.ts';

/** The step the room is on: its question big, editable in place, and Previous / Next. */
export function CurrentStep({ client, control }: { client: RoomClient; control: ControlState }) {
  const cmd = useCommand(client);
  const step = control.steps[control.stepIndex]!;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(control.prompt);
  const editButton = useRef<HTMLButtonElement>(null);
  const fieldId = useId();
  const reviewId = useId();
  const last = control.stepIndex >= control.steps.length - 1;
  const first = control.stepIndex === 0;
  // Only a word from the board ("stage", "rung", "area"), so board changes do not re-render this.
  const place = useSyncExternalStore(
    client.boardStore.subscribe,
    useCallback(() => markerPlace(client.boardStore.get().areas.values()), [client]),
  );

  // Moving to another step closes an open edit (its text belonged to the old question).
  useEffect(() => {
    setEditing(false);
  }, [step.id]);

  const startEdit = () => {
    setDraft(control.prompt);
    setEditing(true);
    cmd.clear();
  };
  const stopEdit = () => {
    setEditing(false);
    requestAnimationFrame(() => editButton.current?.focus());
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const prompt = draft.trim();
    if (prompt === control.prompt) return stopEdit();
    if (await cmd.run({ type: 'step.update', index: control.stepIndex, prompt })) stopEdit();
  };

  return (
    <PanelSection title={t('facilitator.stepOfTitle', { number: control.stepIndex + 1, count: control.steps.length, title: step.title })} className="fv-now">
      <p className="fv-now__mode">
        {stepModeLabel(step, place)}
        {step.review && step.whoMayPost !== 'nobody' ? ` ${t('facilitator.stepReviewOn')}` : ''}
      </p>
      {step.whoMayPost !== 'nobody' && (
        <div className="fv-check">
          <input
            id={reviewId}
            type="checkbox"
            checked={step.review === true}
            aria-busy={cmd.busy || undefined}
            onChange={(e) => void cmd.run({ type: 'step.update', index: control.stepIndex, review: e.target.checked })}
          />
          <label htmlFor={reviewId}>{t('facilitator.stepReview')}</label>
        </div>
      )}
      {editing ? (
        <form className="fv-form" onSubmit={save}>
          <label className="fv-label" htmlFor={fieldId}>
            {t('facilitator.questionForEveryone')}
          </label>
          <textarea
            id={fieldId}
            className="fv-input fv-input--prompt"
            value={draft}
            maxLength={PROMPT_MAX}
            rows={3}
            autoFocus
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                e.stopPropagation();
                stopEdit();
              } else if (e.key === 'Enter' && !e.shiftKey) {
                void save(e);
              }
            }}
          />
          <div className="fv-row">
            <button type="submit" className="fv-btn fv-btn--primary" aria-busy={cmd.busy || undefined}>
              {t('facilitator.save')}
            </button>
            <button type="button" className="fv-btn" onClick={stopEdit}>
              {t('facilitator.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <p className="fv-now__prompt" aria-label={t('facilitator.questionIs', { prompt: control.prompt })}>
            {control.prompt}
          </p>
          <button ref={editButton} type="button" className="fv-btn fv-btn--small" onClick={startEdit}>
            {t('facilitator.editQuestion')}
          </button>
        </>
      )}
      <Feedback state={cmd} />
      {step.prompts && <PromptsEditor key={step.id} client={client} index={control.stepIndex} prompts={step.prompts} />}
      <div className="fv-row fv-row--split">
        {/* At the first or last step these stay focusable (aria-disabled): disabling the button just pressed would drop focus. */}
        <button
          type="button"
          className="fv-btn"
          aria-disabled={first || undefined}
          aria-busy={cmd.busy || undefined}
          onClick={() => !first && void cmd.run({ type: 'step.previous' })}
        >
          {t('facilitator.previousStep')}
        </button>
        <button
          type="button"
          className="fv-btn fv-btn--primary"
          aria-disabled={last || undefined}
          aria-busy={cmd.busy || undefined}
          onClick={() => !last && void cmd.run({ type: 'step.next' })}
        >
          {t('facilitator.nextStep')}
        </button>
      </div>
    </PanelSection>
  );
}

/** The step's card prompts (User Manual: "I work best when…"), one editable line each. */
function PromptsEditor({ client, index, prompts }: { client: RoomClient; index: number; prompts: readonly string[] }) {
  const cmd = useCommand(client);
  const [lines, setLines] = useState<string[]>(() => [...prompts]);
  const [saved, setSaved] = useState(false);
  const baseId = useId();
  const listRef = useRef<HTMLOListElement>(null);
  const promptsKey = prompts.join('\n');
  // Saved elsewhere (or here): show what the room has now.
  useEffect(() => setLines(promptsKey === '' ? [] : promptsKey.split('\n')), [promptsKey]);
  const clean = cleanPrompts(lines);
  const dirty = clean.join('\n') !== prompts.join('\n');
  const focusLine = (i: number) =>
    requestAnimationFrame(() => listRef.current?.querySelectorAll<HTMLInputElement>('input')[i]?.focus());
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    if (await cmd.run({ type: 'step.update', index, prompts: clean })) setSaved(true);
  };
  return (
    <form className="fv-form fv-prompts" onSubmit={save} aria-labelledby={`${baseId}-title`}>
      <h4 id={`${baseId}-title`} className="fv-label">
        {t('facilitator.promptsPeopleAnswer')}
      </h4>
      {lines.length === 0 && <p className="fv-hint">{t('facilitator.noPrompts')}</p>}
      <ol ref={listRef} className="fv-prompts__list">
        {lines.map((line, i) => (
          <li key={i} className="fv-row fv-prompts__line">
            <label className="visually-hidden" htmlFor={`${baseId}-${i}`}>
              {t('facilitator.promptNumber', { number: i + 1 })}
            </label>
            <input
              id={`${baseId}-${i}`}
              className="fv-input"
              value={line}
              maxLength={CARD_PROMPT_MAX}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setLines((ls) => ls.map((l, j) => (j === i ? value : l)));
                setSaved(false);
              }}
            />
            <button
              type="button"
              className="fv-btn fv-btn--small"
              aria-label={line.trim() ? t('facilitator.removePromptWithText', { number: i + 1, text: line.trim() }) : t('facilitator.removePrompt', { number: i + 1 })}
              onClick={() => {
                setLines((ls) => ls.filter((_, j) => j !== i));
                setSaved(false);
                focusLine(Math.max(0, i - 1));
              }}
            >
              {t('facilitator.remove')}
            </button>
          </li>
        ))}
      </ol>
      <div className="fv-row">
        <button
          type="button"
          className="fv-btn fv-btn--small"
          disabled={lines.length >= MAX_CARD_PROMPTS}
          onClick={() => {
            setLines((ls) => [...ls, '']);
            focusLine(lines.length);
          }}
        >
          {t('facilitator.addPrompt')}
        </button>
        <button type="submit" className="fv-btn fv-btn--primary fv-btn--small" disabled={!dirty} aria-busy={cmd.busy || undefined}>
          {t('facilitator.savePrompts')}
        </button>
        <span role="status" className="fv-hint">
          {saved && !dirty ? t('facilitator.promptsSaved') : ''}
        </span>
      </div>
      <Feedback state={cmd} />
    </form>
  );
}

const EMPTY_DRAFT: StepDraft = { title: '', prompt: '', mode: 'open', minutes: '' };

/** The whole script: go to any step; in "Change steps" add, remove and reorder them. */
export function StepList({ client, control }: { client: RoomClient; control: ControlState }) {
  const cmd = useCommand(client);
  const [changing, setChanging] = useState(false);
  const [removing, setRemoving] = useState<number | null>(null);
  const [draft, setDraft] = useState<StepDraft>(EMPTY_DRAFT);
  const ids = { title: useId(), prompt: useId(), mode: useId(), minutes: useId() };
  const steps = control.steps;
  const current = steps[control.stepIndex]!;

  const send = async (next: typeof steps) => {
    const index = indexAfterEdit(next, current.id, control.stepIndex);
    return cmd.run({ type: 'steps.set', steps: next.map(toStepInput), index });
  };
  const move = (from: number, to: number) => void send(moveStep(steps, from, to));
  const remove = async (index: number) => {
    if (await send(removeStep(steps, index))) setRemoving(null);
  };
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (draft.prompt.trim() === '' && draft.title.trim() === '') return;
    if (await send([...steps, stepFromDraft(draft, newStepId())])) setDraft(EMPTY_DRAFT);
  };
  const votingStep = control.mode === 'voting';
  const starts = readMethodStarts(client.control);

  return (
    <PanelSection title={t('facilitator.steps')}>
      <ol className="fv-steps">
        {steps.map((step, i) => {
          const isCurrent = i === control.stepIndex;
          // A session plan: where each method starts (control.methodStarts, written by the server).
          const methodTitle = methodStartingAt(starts, step.id);
          return (
            <li key={step.id} className={`fv-step${isCurrent ? ' fv-step--current' : ''}`} aria-current={isCurrent ? 'step' : undefined}>
              {methodTitle && <p className="fv-step__method">{t('facilitator.methodStartsHere', { title: methodTitle })}</p>}
              <div className="fv-step__text">
                <span className="fv-step__title">
                  {i + 1}. {step.title || t('facilitator.untitledStep')}
                  {isCurrent && <span className="fv-tag">{t('facilitator.stepNow')}</span>}
                </span>
                <span className="fv-step__meta">
                  {shortModeLabel(stepModeLabel(step))} · {describeTimerLength(step.timerSeconds)}
                </span>
              </div>
              <div className="fv-row fv-row--tight">
                {!isCurrent && !changing && (
                  <button
                    type="button"
                    className="fv-btn fv-btn--small"
                    aria-busy={cmd.busy || undefined}
                    aria-label={t('facilitator.goToStepLabel', { number: i + 1, title: step.title })}
                    onClick={() => void cmd.run({ type: 'step.goto', index: i })}
                  >
                    {t('facilitator.goToThisStep')}
                  </button>
                )}
                {changing && (
                  <>
                    <button type="button" className="fv-btn fv-btn--small" disabled={i === 0} aria-label={t('facilitator.moveStepUp', { number: i + 1 })} onClick={() => move(i, i - 1)}>
                      {t('facilitator.moveUp')}
                    </button>
                    <button
                      type="button"
                      className="fv-btn fv-btn--small"
                      disabled={i === steps.length - 1}
                      aria-label={t('facilitator.moveStepDown', { number: i + 1 })}
                      onClick={() => move(i, i + 1)}
                    >
                      {t('facilitator.moveDown')}
                    </button>
                    <button
                      type="button"
                      className="fv-btn fv-btn--small fv-btn--danger"
                      disabled={steps.length <= 1}
                      aria-label={t('facilitator.removeStepLabel', { number: i + 1, title: step.title })}
                      onClick={() => setRemoving(i)}
                    >
                      {t('facilitator.remove')}
                    </button>
                  </>
                )}
              </div>
              {removing === i && (
                <ConfirmBar
                  question={isCurrent ? t('facilitator.removeCurrentStep') : t('facilitator.removeStepQuestion', { title: step.title })}
                  confirmLabel={t('facilitator.yesRemoveIt')}
                  cancelLabel={t('facilitator.keepIt')}
                  busy={cmd.busy}
                  onConfirm={() => void remove(i)}
                  onCancel={() => setRemoving(null)}
                />
              )}
            </li>
          );
        })}
      </ol>
      <Feedback state={cmd} />
      <button
        type="button"
        className="fv-btn fv-btn--small"
        aria-expanded={changing}
        onClick={() => {
          setChanging((c) => !c);
          setRemoving(null);
          cmd.clear();
        }}
      >
        {changing ? t('facilitator.doneChangingSteps') : t('facilitator.changeSteps')}
      </button>
      {changing && (
        <>
          <p className="fv-hint">
            {t('facilitator.stepChangesHint', { voting: votingStep ? 'yes' : 'no' })}
          </p>
          <form className="fv-form fv-addstep" onSubmit={add} aria-label={t('facilitator.addAStep')}>
            <h4 className="fv-form__title">{t('facilitator.addStepAtEnd')}</h4>
            <label className="fv-label" htmlFor={ids.title}>
              {t('facilitator.stepTitle')}
            </label>
            <input
              id={ids.title}
              className="fv-input"
              value={draft.title}
              maxLength={STEP_TITLE_MAX}
              onChange={(e) => setDraft({ ...draft, title: e.target.value })}
            />
            <label className="fv-label" htmlFor={ids.prompt}>
              {t('facilitator.stepQuestion')}
            </label>
            <textarea
              id={ids.prompt}
              className="fv-input"
              rows={2}
              value={draft.prompt}
              maxLength={PROMPT_MAX}
              onChange={(e) => setDraft({ ...draft, prompt: e.target.value })}
            />
            <label className="fv-label" htmlFor={ids.mode}>
              {t('facilitator.howNotesWork')}
            </label>
            <select id={ids.mode} className="fv-input" value={draft.mode} onChange={(e) => setDraft({ ...draft, mode: e.target.value as StepMode })}>
              {STEP_MODES.map((mode) => (
                <option key={mode} value={mode}>
                  {shortModeLabel(STEP_MODE_LABELS[mode])}
                </option>
              ))}
            </select>
            <p className="fv-hint fv-hint--tight">{STEP_MODE_LABELS[draft.mode]}</p>
            <label className="fv-label" htmlFor={ids.minutes}>
              {t('facilitator.timerMinutesHint')}
            </label>
            <input
              id={ids.minutes}
              className="fv-input fv-input--num"
              inputMode="decimal"
              value={draft.minutes}
              onChange={(e) => setDraft({ ...draft, minutes: e.target.value })}
            />
            <button
              type="submit"
              className="fv-btn fv-btn--primary"
              disabled={steps.length >= MAX_STEPS || (draft.prompt.trim() === '' && draft.title.trim() === '')}
              aria-busy={cmd.busy || undefined}
            >
              {t('facilitator.addStep')}
            </button>
          </form>
        </>
      )}
    </PanelSection>
  );
}
