import { useEffect, useRef, type ReactNode } from 'react';

/** A page: its <h1> takes the focus on arrival (keyboard and screen-reader users land on it). */
export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Tollgate console`;
    if (document.activeElement === document.body || document.activeElement?.closest('nav')) ref.current?.focus();
  }, [title]);
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
