import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { isIP, LookupFunction } from 'node:net';
import { buildConnector } from 'undici';

export interface DialGuard {
  /** Why dialing this IP is not allowed, or null. */
  forbidden(ip: string): string | null;
  /** The error a refused dial fails with (`why` says which rule refused `address`). */
  refused(host: string, address: string, why: string): Error;
  connectTimeoutMs: number;
}

/**
 * undici's connector refusing forbidden addresses (SSRF guard): IP literals before dialing,
 * names after DNS (every address the name resolves to), and the socket's peer once connected.
 */
export function guardedConnector(guard: DialGuard): buildConnector.connector {
  const refuse = (host: string, address: string): Error => guard.refused(host, address, guard.forbidden(address) ?? 'forbidden address');
  const lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const bad = addresses.find((a) => guard.forbidden(a.address));
      if (bad) return callback(refuse(hostname, bad.address), '', 0);
      if (options.all) return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
  const connect = buildConnector({ timeout: guard.connectTimeoutMs, lookup } as buildConnector.BuildOptions);
  return (opts, callback) => {
    const host = opts.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && guard.forbidden(host)) return callback(refuse(host, host), null);
    connect(opts, (err, socket) => {
      const peer = socket?.remoteAddress;
      if (!err && peer && guard.forbidden(peer)) {
        socket.destroy();
        return callback(refuse(host, peer), null);
      }
      callback(err, socket as never);
    });
  };
}
