import { useEffect, useRef, useState } from 'react';
import type { RoomClient } from '../sync/RoomClient.ts';
import { formatCountdown, useControl, useTimerRemaining } from '../hooks/useRoom.ts';
import { timerAnnouncement, type TimerMoment } from './timerSpeech.ts';
import { t } from '../i18n/i18n.ts';

export interface TimerProps {
  client: RoomClient;
  /** `phone`: big enough to read at arm's length; `screen`: readable from the back of a room. */
  size?: 'phone' | 'screen';
  className?: string;
}

/**
 * The room's countdown, on the server's clock. Shown only while it runs or is paused.
 * The numbers change every second on screen, but a screen reader hears only the start, each
 * whole minute, a pause, and a gentle "Time's up" (no sound, no flashing).
 */
export function Timer({ client, size = 'phone', className }: TimerProps) {
  const { timer } = useControl(client);
  const remaining = useTimerRemaining(client);
  const [spoken, setSpoken] = useState('');
  const previous = useRef<TimerMoment | null>(null);

  const moment: TimerMoment = { status: timer.status, remainingMs: remaining };
  const key = `${moment.status}:${Math.ceil(remaining / 60000)}:${remaining <= 0}`;
  useEffect(() => {
    const said = timerAnnouncement(previous.current, moment);
    previous.current = moment;
    if (said) setSpoken(said);
    // Only minute-level changes matter for speech; the key says when one happened.
  }, [key]);

  const done = timer.status === 'running' && remaining <= 0;
  const visible = timer.status !== 'idle';
  const classes = ['timer', `timer--${size}`, timer.status === 'paused' && 'timer--paused', done && 'timer--done', className]
    .filter(Boolean)
    .join(' ');

  return (
    <>
      {visible && (
        <div className={classes}>
          {done ? (
            <p className="timer__done" role="timer" aria-live="off">
              {t('room.timesUp')}
            </p>
          ) : (
            <>
              <p className="timer__label">{timer.status === 'paused' ? t('room.timerPaused') : t('room.timeLeft')}</p>
              <p
                className="timer__time"
                role="timer"
                aria-live="off"
                aria-label={t(timer.status === 'paused' ? 'room.timerPausedAt' : 'room.timeLeftAt', { time: formatCountdown(remaining) })}
              >
                {formatCountdown(remaining)}
              </p>
            </>
          )}
        </div>
      )}
      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {spoken}
      </p>
    </>
  );
}

export default Timer;
