import { readFileSync } from 'node:fs';
import { ConnectionOptions, credsAuthenticator } from 'nats';

/** How to reach and authenticate to NATS; secrets come only from here, and never reach a log or error. */
export interface NatsSecurity {
  /** A NATS credentials file (JWT + nkey seed), as `nsc` writes it. */
  credsFile?: string;
  /** TLS: CA to trust, and a client certificate and key (mutual TLS). Any of them turns TLS on. */
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
}

/**
 * nats.js ignores credentials written in a server URL, so they are taken out here:
 * `nats://user:pass@host:4222` (user and password) or `nats://token@host:4222` (a token).
 * Several servers may be given, comma-separated; they must agree on the credentials.
 */
export function natsConnectOptions(url: string, security: NatsSecurity = {}): ConnectionOptions {
  const servers: string[] = [];
  const auth: Pick<ConnectionOptions, 'user' | 'pass' | 'token'> = {};
  let tlsScheme = false;
  for (const raw of url
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const parsed = parseServer(raw);
    servers.push(parsed.server);
    tlsScheme ||= parsed.tls;
    if (parsed.user !== undefined && parsed.pass !== undefined) Object.assign(auth, { user: parsed.user, pass: parsed.pass });
    else if (parsed.user !== undefined) auth.token = parsed.user;
  }
  const options: ConnectionOptions = { servers, ...auth };
  if (security.credsFile) options.authenticator = credsAuthenticator(readFileSync(security.credsFile));
  if (!security.tls?.certFile !== !security.tls?.keyFile)
    throw new Error('NATS TLS: a client certificate and its key go together (NATS_TLS_CERT_FILE, NATS_TLS_KEY_FILE)');
  const tls = Object.fromEntries(Object.entries(security.tls ?? {}).filter(([, v]) => v));
  if (tlsScheme || Object.keys(tls).length) options.tls = tls;
  return options;
}

/** The server addresses of `url` with any credentials taken out: safe to log. */
export function natsServersForLog(url: string): string {
  return (natsConnectOptions(url).servers as string[]).join(',');
}

interface ParsedServer {
  server: string;
  tls: boolean;
  user?: string;
  pass?: string;
}

function parseServer(raw: string): ParsedServer {
  const withScheme = /^[a-z]+:\/\//i.test(raw) ? raw : `nats://${raw}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    // Never echo the value: it may hold a password.
    throw new Error('NATS_URL: not a valid server address');
  }
  const tls = u.protocol === 'tls:';
  // nats.js dials nats:// only; TLS is then asked for through the tls option.
  const server = `nats://${u.host}`;
  const user = u.username ? decodeURIComponent(u.username) : undefined;
  const pass = u.password ? decodeURIComponent(u.password) : undefined;
  return { server, tls, user, pass };
}
