import { errorMessage } from '../api/api';

/** The OpenAI-shaped error's message, announced to screen readers. */
export function ErrorBanner({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert">
      {title ? <strong>{title} </strong> : null}
      {errorMessage(error)}
    </div>
  );
}

export function Notice({ children }: { children: React.ReactNode }) {
  return (
    <div className="banner banner-info" role="status">
      {children}
    </div>
  );
}
