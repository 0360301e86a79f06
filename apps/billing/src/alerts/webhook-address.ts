// Where a webhook may be delivered (SSRF guard): the address rules are @tollgate/server's dial-address.ts, shared with the gateway.
import { isIP } from 'node:net';
import { addressVerdict, forbiddenAddress as forbidden, METADATA_HOSTS } from '@tollgate/server';

/** Why dialing `ip` is not allowed for a webhook, or null. */
export function forbiddenAddress(ip: string, allowPrivate: boolean): string | null {
  return forbidden(ip, allowPrivate, 'ALLOW_PRIVATE_WEBHOOKS');
}

/** `localhost` and every name under it: loopback by definition (RFC 6761), whatever DNS says. */
function isLocalhostName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/** A localhost name, or an IP literal in a private or loopback range (one that is not always refused). */
function isPrivateHost(host: string): boolean {
  if (isLocalhostName(host)) return true;
  if (!isIP(host)) return false;
  const verdict = addressVerdict(host);
  return verdict.refused && !verdict.always;
}

/**
 * Why a webhook URL is refused, or null: https only (http too for a private or loopback address where private webhooks are allowed),
 * no credentials, no metadata host names, no localhost name or IP literal in a refused range. Host names are checked
 * again where it matters, at connect time, on the address actually dialed (webhook-sender.ts).
 */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.+$/, '')
    .toLowerCase();
  if (url.protocol === 'http:' && !(allowPrivate && isPrivateHost(host))) {
    return allowPrivate ? 'must use https (http only for a private or loopback address)' : 'must use https';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must use https';
  if (url.username || url.password) return 'must not carry credentials';
  if (METADATA_HOSTS.has(host)) return 'points at a cloud metadata host';
  if (isLocalhostName(host) && !allowPrivate) return 'points at a loopback address';
  if (isIP(host)) {
    const why = forbiddenAddress(host, allowPrivate);
    if (why) return `points at a ${why}`;
  }
  return null;
}
