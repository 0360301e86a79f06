// The one fetch wrapper: every call goes to /me/* on the same origin with the session cookie,
// state-changing calls carry the CSRF header, errors surface the OpenAI-shaped `error.message`,
// and a 401 hands over to the registered handler (the app sends the user to the sign-in page).

import type { ApiErrorBody } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | null;
  readonly type: string | null;
  readonly param: string | null;
  /** Seconds, from `retry-after` (429). */
  readonly retryAfter: number | null;

  constructor(status: number, message: string, body?: Partial<ApiErrorBody['error']>, retryAfter: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code ?? null;
    this.type = body?.type ?? null;
    this.param = body?.param ?? null;
    this.retryAfter = retryAfter;
  }
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  signal?: AbortSignal;
  /** false: a 401 is just an error (the sign-in form's own wrong-password answer). */
  redirectOn401?: boolean;
}

let unauthorizedHandler: (() => void) | null = null;

/** Called on any 401 (except where redirectOn401 is false). */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

const UNSAFE: ReadonlySet<Method> = new Set<Method>(['POST', 'PATCH', 'PUT', 'DELETE']);

/** `path` must be a /me path; `query` values that are empty or undefined are left out. */
export function mePath(path: string, query?: Record<string, string | number | undefined | null>): string {
  if (!path.startsWith('/me/') && path !== '/me') throw new Error(`not a /me path: ${path}`);
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return send<T>(mePath(path), options);
}

/** A same-origin JSON call to `url` (already checked by the caller: /me/* here, /console-api/* in the admin console). */
export async function send<T>(url: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (UNSAFE.has(method)) headers['x-tollgate-csrf'] = '1';
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let res: Response;
  try {
    res = await fetch(url, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'Could not reach the server. Check your connection and try again.');
  }

  if (res.ok) {
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const error = await errorFrom(res);
  if (res.status === 401 && options.redirectOn401 !== false && unauthorizedHandler) unauthorizedHandler();
  throw error;
}

async function errorFrom(res: Response): Promise<ApiError> {
  let detail: Partial<ApiErrorBody['error']> | undefined;
  try {
    const parsed = (await res.json()) as Partial<ApiErrorBody>;
    if (parsed && typeof parsed.error === 'object' && parsed.error) detail = parsed.error;
  } catch {
    // not JSON: fall back to a generic message
  }
  const retry = Number(res.headers.get('retry-after'));
  const message =
    typeof detail?.message === 'string' && detail.message
      ? detail.message
      : `The request failed (HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}).`;
  return new ApiError(res.status, message, detail, Number.isFinite(retry) && retry > 0 ? retry : null);
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 429 && err.retryAfter) return `${err.message} Try again in ${err.retryAfter} s.`;
    return err.message;
  }
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}
