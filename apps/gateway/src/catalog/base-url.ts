import { isIP } from 'node:net';

const BLOCKED_HOSTS = new Set(['metadata.google.internal', 'metadata', 'instance-data']);

function blockedIp(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(h) === 4) return h.startsWith('169.254.') || h === '0.0.0.0';
  if (isIP(h) === 6) return h.startsWith('fe8') || h.startsWith('fe9') || h.startsWith('fea') || h.startsWith('feb') || h === '::' || h.startsWith('fd00:ec2');
  return false;
}

/** Returns why an upstream base URL is refused, or null: http(s) only, no link-local or cloud metadata hosts. */
export function baseUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'baseUrl must be an absolute URL.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'baseUrl must use http or https.';
  if (url.username || url.password) return 'baseUrl must not carry credentials; use apiKey.';
  if (BLOCKED_HOSTS.has(url.hostname.toLowerCase()) || blockedIp(url.hostname)) {
    return 'baseUrl points at a link-local or metadata address.';
  }
  return null;
}
