import { forwardRef, type ButtonHTMLAttributes, type MouseEvent } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'quiet' | 'danger';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  /** Full width of its column (the usual choice on a phone). */
  block?: boolean;
  /** Large, for the one main action of a screen. */
  big?: boolean;
  /**
   * Shown as unavailable but kept focusable, so a screen reader can still find it and hear
   * why (say why next to it). Clicks do nothing. Prefer this to `disabled`.
   */
  unavailable?: boolean;
  /** The action is under way: the button says so and ignores more clicks. */
  busy?: boolean;
}

// forwardRef, not ref-as-a-prop: the client runs on React 18 (docs/ARCHITECTURE.md, "Phone budget").
export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant = 'primary', block = false, big = false, unavailable = false, busy = false, type = 'button', className, onClick, children, ...rest },
  ref,
) {
  const classes = ['btn', `btn--${variant}`, block && 'btn--block', big && 'btn--big', className].filter(Boolean).join(' ');
  const inert = unavailable || busy;
  const handleClick = (event: MouseEvent<HTMLButtonElement>) => {
    if (inert) {
      event.preventDefault();
      return;
    }
    onClick?.(event);
  };
  return (
    <button
      {...rest}
      ref={ref}
      type={type}
      className={classes}
      aria-disabled={inert || undefined}
      aria-busy={busy || undefined}
      onClick={handleClick}
    >
      {children}
    </button>
  );
});
