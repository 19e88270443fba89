import { forwardRef, useId, type InputHTMLAttributes, type ReactNode, type Ref, type TextareaHTMLAttributes } from 'react';

interface CommonProps {
  label: ReactNode;
  /** A short plain-words hint under the label (read out with the field). */
  hint?: ReactNode;
  /** What went wrong, in plain words; the field is marked invalid while set. */
  error?: ReactNode;
  className?: string;
}

export type TextFieldProps = CommonProps &
  (
    | ({ multiline?: false } & Omit<InputHTMLAttributes<HTMLInputElement>, 'className'>)
    | ({ multiline: true } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'className'>)
  );

/**
 * A labelled text box with an optional hint and error, wired up for screen readers.
 * forwardRef, not ref-as-a-prop: the client runs on React 18 (docs/ARCHITECTURE.md, "Phone budget").
 */
export const TextField = forwardRef<HTMLInputElement | HTMLTextAreaElement, TextFieldProps>(function TextField(props, ref) {
  const autoId = useId();
  const { label, hint, error, className, multiline, ...rest } = props as CommonProps & {
    multiline?: boolean;
    id?: string;
  } & Record<string, unknown>;
  const id = (rest.id as string | undefined) ?? autoId;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const shared = {
    ...rest,
    id,
    'aria-describedby': describedBy,
    'aria-invalid': error ? true : undefined,
    className: 'field__input',
  };
  return (
    <div className={['field', error ? 'field--error' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {multiline ? (
        <textarea {...(shared as TextareaHTMLAttributes<HTMLTextAreaElement>)} ref={ref as Ref<HTMLTextAreaElement>} />
      ) : (
        <input {...(shared as InputHTMLAttributes<HTMLInputElement>)} ref={ref as Ref<HTMLInputElement>} />
      )}
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
});
