import { useEffect, useId, useRef, type ReactNode } from 'react';
import type { CommandState } from './facilitationHooks.ts';
import { t } from '../../i18n/i18n.ts';

/** One part of the facilitation panel, with a heading screen-reader users can jump between. */
export function PanelSection({ title, children, className }: { title: ReactNode; children: ReactNode; className?: string }) {
  const id = useId();
  return (
    <section className={`fv-sec${className ? ` ${className}` : ''}`} aria-labelledby={id}>
      <h3 id={id} className="fv-sec__title">
        {title}
      </h3>
      {children}
    </section>
  );
}

/** What the server said about the last command: its error, or its warning. */
export function Feedback({ state }: { state: Pick<CommandState, 'error' | 'warning'> }) {
  return (
    <>
      {state.error && (
        <p className="fv-msg fv-msg--error" role="alert">
          {state.error}
        </p>
      )}
      {state.warning && (
        <p className="fv-msg fv-msg--warning" role="status">
          {state.warning}
        </p>
      )}
    </>
  );
}

/**
 * A short, inline "are you sure": the question, then a clear yes and a clear no. Focus moves to
 * the question so it is read out, and back to the opener on "no".
 */
export function ConfirmBar({
  question,
  confirmLabel,
  cancelLabel = t('facilitator.notYet'),
  onConfirm,
  onCancel,
  busy,
  tone = 'normal',
}: {
  question: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  tone?: 'normal' | 'caution';
}) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div className={`fv-confirm fv-confirm--${tone}`} role="group" aria-label={t('facilitator.pleaseConfirm')}>
      <p ref={ref} className="fv-confirm__q" tabIndex={-1}>
        {question}
      </p>
      <div className="fv-row">
        <button type="button" className="fv-btn fv-btn--primary" onClick={() => !busy && onConfirm()} aria-busy={busy || undefined}>
          {confirmLabel}
        </button>
        <button type="button" className="fv-btn" onClick={onCancel}>
          {cancelLabel}
        </button>
      </div>
    </div>
  );
}
