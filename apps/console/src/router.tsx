// A small client-side router over the History API. Every app path lives under /console/ (the
// gateway answers index.html for any extension-less /console/* path, so deep links and reloads work).

import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

export const BASE = '/console';
const EVENT = 'tollgate:navigate';

/** /console + an app path: to('/keys') → '/console/keys'. */
export function to(path: string): string {
  return path.startsWith(`${BASE}/`) || path === BASE ? path : `${BASE}${path.startsWith('/') ? '' : '/'}${path}`;
}

export function navigate(target: string, options: { replace?: boolean } = {}): void {
  const url = to(target);
  if (url === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new Event(EVENT));
  window.scrollTo(0, 0);
}

function subscribe(callback: () => void): () => void {
  window.addEventListener('popstate', callback);
  window.addEventListener(EVENT, callback);
  return () => {
    window.removeEventListener('popstate', callback);
    window.removeEventListener(EVENT, callback);
  };
}

const snapshot = () => location.pathname + location.search;

export interface AppLocation {
  /** The path inside the app, e.g. '/keys' ('/' for /console and /console/). */
  path: string;
  query: URLSearchParams;
  /** The full path and query, e.g. '/console/keys?x=1'. */
  href: string;
}

export function useLocation(): AppLocation {
  const href = useSyncExternalStore(subscribe, snapshot, snapshot);
  const url = new URL(href, location.origin);
  let path = url.pathname.startsWith(BASE) ? url.pathname.slice(BASE.length) : url.pathname;
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return { path: path || '/', query: url.searchParams, href };
}

/** A real link (middle-click, copy link, open in a new tab all work) that navigates in place. */
export function Link({ to: target, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const href = to(target);
  const click = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={click} {...rest} />;
}

/** A safe post-sign-in destination: only a path inside the console. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith(`${BASE}/`) || next.startsWith('//') || next.includes('\\')) return to('/');
  if (next.startsWith(to('/sign-in')) || next.startsWith(to('/accept-invite'))) return to('/');
  return next;
}
