import type { ButtonHTMLAttributes } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'link';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  busy?: boolean;
  small?: boolean;
}

/**
 * A button. While `busy` it refuses clicks (and a form's Enter) through aria-disabled rather than
 * `disabled`: a disabled button drops the keyboard focus to <body>, and the user would start over
 * from the top of the page after every submit.
 */
export function Button({ variant = 'secondary', busy = false, small = false, className, disabled, type = 'button', children, onClick, ...rest }: ButtonProps) {
  const classes = ['btn', `btn-${variant}`, small ? 'btn-small' : '', className ?? ''].filter(Boolean).join(' ');
  const waiting = busy && !disabled;
  return (
    <button
      type={type}
      className={classes}
      disabled={disabled}
      aria-disabled={waiting || undefined}
      aria-busy={busy || undefined}
      onClick={waiting ? (e) => e.preventDefault() : onClick}
      {...rest}
    >
      {children}
    </button>
  );
}
