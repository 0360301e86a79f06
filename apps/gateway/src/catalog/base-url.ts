import { isIP } from 'node:net';
import { forbiddenAddress as forbidden, METADATA_HOSTS } from '@tollgate/server';

/** Why dialing `ip` is not allowed for an upstream, or null. */
export function forbiddenAddress(ip: string, allowPrivate: boolean): string | null {
  return forbidden(ip, allowPrivate, 'ALLOW_PRIVATE_UPSTREAMS');
}

/**
 * Returns why an upstream base URL is refused, or null: http(s) only, no credentials, no
 * metadata host names, no IP literal in a refused range. The URL parser has already turned
 * decimal, octal and hex IPv4 forms into dotted ones. Host names are checked again where it
 * matters, at connect time, on the address actually dialed (upstream/upstream-client.ts).
 */
export function baseUrlProblem(raw: string, allowPrivate = false): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'baseUrl must be an absolute URL.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'baseUrl must use http or https.';
  if (url.username || url.password) return 'baseUrl must not carry credentials; use apiKey.';
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.+$/, '')
    .toLowerCase();
  if (METADATA_HOSTS.has(host)) return 'baseUrl points at a cloud metadata host.';
  if (isIP(host)) {
    const why = forbiddenAddress(host, allowPrivate);
    if (why) return `baseUrl points at a ${why}.`;
  }
  return null;
}
