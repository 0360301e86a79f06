import { useEffect, useRef, type ReactNode } from 'react';

/** A page: its <h1> takes the focus on arrival (keyboard and screen-reader users land on it). */
export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Tollgate console`;
    if (document.activeElement === document.body || document.activeElement?.closest('nav')) ref.current?.focus();
  }, [title]);
  // The focused control went away (a revoked key's buttons, a deleted row, a closed panel): the focus
  // lands on the page's <h1> rather than <body>, so a keyboard user goes on from here, not the top.
  useEffect(() => {
    const onFocusOut = (e: FocusEvent) => {
      const lost = e.target;
      if (e.relatedTarget || !(lost instanceof Node)) return;
      setTimeout(() => {
        if (!lost.isConnected && document.activeElement === document.body) ref.current?.focus();
      }, 0);
    };
    document.addEventListener('focusout', onFocusOut);
    return () => document.removeEventListener('focusout', onFocusOut);
  }, []);
  return (
    <>
      <div className="page-head">
        <h1 ref={ref} tabIndex={-1}>
          {title}
        </h1>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
      {children}
    </>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}
