/** The services the admin console's backend calls for the browser, each by its own admin API. */
export type ConsoleUpstream = 'auth' | 'billing' | 'gateway';

export interface ProxyTarget {
  upstream: ConsoleUpstream;
  /** The upstream path and query as the client sent them (still percent-encoded), always `/admin/…`. */
  path: string;
}

const PREFIX = /^\/console-api\/(auth|billing|gateway)\/([^?#]*)(\?[^#]*)?$/;
const CONTROL = /[\u0000-\u001f\u007f\\]/;

/**
 * Where `/console-api/<service>/<path>` goes, or null when it may not be proxied: only admin API
 * paths (first segment exactly `admin`, at least one more), no empty, `.` or `..` segment (raw or
 * percent-encoded), no backslash or control character, nothing undecodable. Health probes, the
 * API docs and anything else on those ports are out of reach.
 */
export function proxyTarget(url: string): ProxyTarget | null {
  const match = PREFIX.exec(url);
  if (!match) return null;
  const [, upstream, rawPath, query = ''] = match;
  const segments = rawPath.split('/');
  if (segments.length < 2 || segments[0] !== 'admin') return null;
  for (const segment of segments) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return null;
    }
    if (decoded === '' || decoded === '.' || decoded === '..' || CONTROL.test(decoded) || CONTROL.test(segment)) return null;
  }
  return { upstream: upstream as ConsoleUpstream, path: `/${rawPath}${query}` };
}
