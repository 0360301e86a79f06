import { useEffect, useId, useRef, useState } from 'react';
import { Button } from './Button';

async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the selection copy
  }
  if (!input) return false;
  input.focus();
  input.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

/** A read-only field with a Copy button (for a secret or a link that is shown once). */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const ref = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  // copyText answers false when neither the clipboard nor the selection copy worked; a throw counts the same.
  const copy = () =>
    void copyText(value, ref.current).then(
      (ok) => setCopied(ok ? 'yes' : 'no'),
      () => setCopied('no'),
    );
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} ref={ref} className="mono" readOnly value={value} onFocus={(e) => e.currentTarget.select()} spellCheck={false} autoComplete="off" />
        <Button onClick={copy}>Copy</Button>
      </div>
      <p className="hint" role="status">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'no' ? 'Could not copy: select the text and copy it.' : ''}
      </p>
    </div>
  );
}

/** A secret shown once: kept only in the caller's component state, gone after "Done". */
export function SecretOnce({ title, label, value, note, onDone }: { title: string; label: string; value: string; note: string; onDone: () => void }) {
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  // It appears where a form was: the focus moves to it, so keyboard and screen-reader users learn it is there.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="panel secret-once" aria-labelledby={titleId}>
      <h2 id={titleId} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <CopyField label={label} value={value} />
      <p className="warning">
        <strong>{note}</strong>
      </p>
      <Button variant="primary" onClick={onDone}>
        Done
      </Button>
    </section>
  );
}
