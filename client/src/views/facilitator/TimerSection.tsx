import { useId, useState } from 'react';
import type { ControlState } from '@tributary/shared/control/state';
import { formatCountdown, useTimerRemaining } from '../../hooks/useRoom.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { Feedback, PanelSection } from './FacilitationParts.tsx';
import { defaultMinutes, minutesToSeconds } from './facilitationLogic.ts';
import { useCommand } from './facilitationHooks.ts';
import { t } from '../../i18n/i18n.ts';

/** The room's countdown on the server clock: big time, then start, pause, resume, +1 minute, reset. */
export function TimerSection({ client, control }: { client: RoomClient; control: ControlState }) {
  const step = control.steps[control.stepIndex];
  // A new step brings its own timer length into the box.
  return <TimerControls key={step?.id ?? 'none'} client={client} control={control} initialMinutes={defaultMinutes(step)} />;
}

function TimerControls({ client, control, initialMinutes }: { client: RoomClient; control: ControlState; initialMinutes: string }) {
  const cmd = useCommand(client);
  const remaining = useTimerRemaining(client);
  const [minutes, setMinutes] = useState(initialMinutes);
  const minutesId = useId();
  const { status } = control.timer;
  const timesUp = status !== 'idle' && remaining <= 0;
  const seconds = minutesToSeconds(minutes);
  // Before it starts, show what Start will count down from.
  const shown = status === 'idle' && seconds !== null ? seconds * 1000 : remaining;
  const state = t('facilitator.timerState', { state: timesUp ? 'up' : status });

  return (
    <PanelSection title={t('facilitator.timer')} className="fv-timer">
      <div className="fv-timer__display">
        <span className={`fv-timer__time${timesUp ? ' fv-timer__time--done' : ''}`} role="timer" aria-label={t('facilitator.timeLeft', { time: formatCountdown(shown) })}>
          {formatCountdown(shown)}
        </span>
        <span className="fv-timer__state" role="status">
          {state}
        </span>
      </div>
      {timesUp && <p className="fv-timer__up">{t('facilitator.timesUpHint')}</p>}
      {status === 'idle' && (
        <form
          className="fv-row fv-timer__start"
          onSubmit={(e) => {
            e.preventDefault();
            if (seconds !== null) void cmd.run({ type: 'timer.start', seconds });
          }}
        >
          <label className="fv-label fv-label--inline" htmlFor={minutesId}>
            {t('facilitator.minutes')}
          </label>
          <input
            id={minutesId}
            className="fv-input fv-input--num"
            inputMode="decimal"
            value={minutes}
            aria-invalid={seconds === null}
            onChange={(e) => setMinutes(e.target.value)}
          />
          <button type="submit" className="fv-btn fv-btn--primary" data-focus-key="timer-primary" disabled={seconds === null} aria-busy={cmd.busy || undefined}>
            {t('facilitator.timerStart')}
          </button>
        </form>
      )}
      {status !== 'idle' && (
        <div className="fv-row">
          {status === 'running' && !timesUp && (
            <button type="button" className="fv-btn fv-btn--primary" data-focus-key="timer-primary" aria-busy={cmd.busy || undefined} onClick={() => void cmd.run({ type: 'timer.pause' })}>
              {t('facilitator.timerPause')}
            </button>
          )}
          {status === 'paused' && !timesUp && (
            <button type="button" className="fv-btn fv-btn--primary" data-focus-key="timer-primary" aria-busy={cmd.busy || undefined} onClick={() => void cmd.run({ type: 'timer.start' })}>
              {t('facilitator.timerResume')}
            </button>
          )}
          <button type="button" className="fv-btn" aria-busy={cmd.busy || undefined} onClick={() => void cmd.run({ type: 'timer.add', seconds: 60 })}>
            {t('facilitator.timerAddMinute')}
          </button>
          <button type="button" className="fv-btn" data-focus-key="timer-primary" aria-busy={cmd.busy || undefined} onClick={() => void cmd.run({ type: 'timer.reset' })}>
            {t('facilitator.timerReset')}
          </button>
        </div>
      )}
      <Feedback state={cmd} />
    </PanelSection>
  );
}
