import { useId, type InputHTMLAttributes, type ReactNode, type Ref, type TextareaHTMLAttributes } from 'react';

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
    | ({ multiline?: false; ref?: Ref<HTMLInputElement> } & Omit<InputHTMLAttributes<HTMLInputElement>, 'className'>)
    | ({ multiline: true; ref?: Ref<HTMLTextAreaElement> } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'className'>)
  );

/** A labelled text box with an optional hint and error, wired up for screen readers. */
export function TextField(props: TextFieldProps) {
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
        <textarea {...(shared as TextareaHTMLAttributes<HTMLTextAreaElement>)} />
      ) : (
        <input {...(shared as InputHTMLAttributes<HTMLInputElement>)} />
      )}
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
