import { useId, useState } from 'react';
import type { ControlState } from '@tributary/shared';
import { formatCountdown, useTimerRemaining } from '../../hooks/useRoom.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { Feedback, PanelSection } from './SessionParts.tsx';
import { defaultMinutes, minutesToSeconds } from './sessionLogic.ts';
import { useCommand } from './useSession.ts';

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
  const state = timesUp ? "Time's up" : status === 'running' ? 'Running' : status === 'paused' ? 'Paused' : 'Not started';

  return (
    <PanelSection title="Timer" className="fv-timer">
      <div className="fv-timer__display">
        <span className={`fv-timer__time${timesUp ? ' fv-timer__time--done' : ''}`} role="timer" aria-label={`${formatCountdown(shown)} left`}>
          {formatCountdown(shown)}
        </span>
        <span className="fv-timer__state" role="status">
          {state}
        </span>
      </div>
      {timesUp && <p className="fv-timer__up">Add a minute if people need more, or move on when ready.</p>}
      {status === 'idle' && (
        <form
          className="fv-row fv-timer__start"
          onSubmit={(e) => {
            e.preventDefault();
            if (seconds !== null) void cmd.run({ type: 'timer.start', seconds });
          }}
        >
          <label className="fv-label fv-label--inline" htmlFor={minutesId}>
            Minutes
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
            Start
          </button>
        </form>
      )}
      {status !== 'idle' && (
        <div className="fv-row">
          {status === 'running' && !timesUp && (
            <button type="button" className="fv-btn fv-btn--primary" data-focus-key="timer-primary" aria-busy={cmd.busy || undefined} onClick={() => void cmd.run({ type: 'timer.pause' })}>
              Pause
            </button>
          )}
          {status === 'paused' && !timesUp && (
            <button type="button" className="fv-btn fv-btn--primary" data-focus-key="timer-primary" aria-busy={cmd.busy || undefined} onClick={() => void cmd.run({ type: 'timer.start' })}>
              Resume
            </button>
          )}
          <button type="button" className="fv-btn" aria-busy={cmd.busy || undefined} onClick={() => void cmd.run({ type: 'timer.add', seconds: 60 })}>
            +1 minute
          </button>
          <button type="button" className="fv-btn" data-focus-key="timer-primary" aria-busy={cmd.busy || undefined} onClick={() => void cmd.run({ type: 'timer.reset' })}>
            Reset
          </button>
        </div>
      )}
      <Feedback state={cmd} />
    </PanelSection>
  );
}
