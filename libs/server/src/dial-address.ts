// Which addresses a service may dial (SSRF guard): the gateway's upstreams and billing's alert webhooks.
import { isIP } from 'node:net';

/** Cloud metadata host names, never dialed (compared without trailing dots, lower case). */
export const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

/** Why an address may not be dialed: never (link-local, metadata, ...) or only where private addresses are allowed. */
export type AddressVerdict = { refused: false } | { refused: true; always: boolean; reason: string };

type V4Range = [base: number, bits: number, always: boolean, reason: string];

const v4 = (dotted: string): number => dotted.split('.').reduce((n, part) => n * 256 + Number(part), 0);
const V4_RANGES: V4Range[] = [
  [v4('169.254.0.0'), 16, true, 'link-local'],
  [v4('100.100.100.200'), 32, true, 'cloud metadata'],
  [v4('0.0.0.0'), 8, true, '"this network"'],
  [v4('224.0.0.0'), 4, true, 'multicast'],
  [v4('240.0.0.0'), 4, true, 'reserved'],
  [v4('127.0.0.0'), 8, false, 'loopback'],
  [v4('10.0.0.0'), 8, false, 'private'],
  [v4('172.16.0.0'), 12, false, 'private'],
  [v4('192.168.0.0'), 16, false, 'private'],
  [v4('100.64.0.0'), 10, false, 'shared (carrier-grade NAT)'],
  [v4('192.0.0.0'), 24, false, 'IETF protocol assignments'],
  [v4('198.18.0.0'), 15, false, 'benchmarking'],
];

function inV4(addr: number, [base, bits]: V4Range): boolean {
  const size = 2 ** (32 - bits);
  return Math.floor(addr / size) === Math.floor(base / size);
}

function v4Verdict(addr: number): AddressVerdict {
  const hit = V4_RANGES.find((r) => inV4(addr, r));
  return hit ? { refused: true, always: hit[2], reason: `${hit[3]} address` } : { refused: false };
}

/** An IPv6 address as eight 16-bit groups (zone id and brackets dropped; an embedded dotted quad read). */
function hextets(ip: string): number[] | null {
  let s = ip
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
    .toLowerCase();
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (quad) {
    const n = v4(quad.slice(1).join('.'));
    s = `${s.slice(0, quad.index)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail, extra] = s.split('::');
  if (extra !== undefined) return null;
  const parse = (part: string | undefined) => (part ? part.split(':').map((h) => parseInt(h, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<number>(Math.max(fill, 0)).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

function v6Verdict(g: number[]): AddressVerdict {
  const embedded = (hi: number, lo: number) => v4Verdict(hi * 65536 + lo);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d) and IPv4-compatible (::a.b.c.d): dialed as IPv4.
  if (zeros(0, 5) && g[5] === 0xffff) return embedded(g[6], g[7]);
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return embedded(g[6], g[7]);
  if (zeros(0, 6) && (g[6] !== 0 || g[7] > 1)) return embedded(g[6], g[7]);
  // NAT64: the well-known prefix 64:ff9b::/96 and the local-use 64:ff9b:1::/48 carry an IPv4 in the last 32 bits.
  if (g[0] === 0x64 && g[1] === 0xff9b && (zeros(2, 6) || g[2] === 1)) return embedded(g[6], g[7]);
  // 6to4 (2002:a.b.c.d::/48).
  if (g[0] === 0x2002) return embedded(g[1], g[2]);
  if (zeros(0, 8)) return { refused: true, always: true, reason: 'unspecified address' };
  if (zeros(0, 7) && g[7] === 1) return { refused: true, always: false, reason: 'loopback address' };
  if ((g[0] & 0xffc0) === 0xfe80) return { refused: true, always: true, reason: 'link-local address' };
  if (g[0] === 0xfd00 && g[1] === 0x0ec2) return { refused: true, always: true, reason: 'cloud metadata address' };
  if ((g[0] & 0xff00) === 0xff00) return { refused: true, always: true, reason: 'multicast address' };
  if ((g[0] & 0xffc0) === 0xfec0) return { refused: true, always: false, reason: 'site-local address' };
  if ((g[0] & 0xfe00) === 0xfc00) return { refused: true, always: false, reason: 'private (unique local) address' };
  return { refused: false };
}

/**
 * What a service should think of dialing `ip` (an IP literal in any standard form: dotted IPv4,
 * IPv6 with an embedded IPv4, brackets or a zone id). Anything that is not an IP is refused.
 */
export function addressVerdict(ip: string): AddressVerdict {
  const bare = ip.replace(/^\[|\]$/g, '');
  const family = isIP(bare.replace(/%.*$/, ''));
  if (family === 4) return v4Verdict(v4(bare));
  const groups = family === 6 ? hextets(bare) : null;
  return groups ? v6Verdict(groups) : { refused: true, always: true, reason: 'unreadable address' };
}

/** Why dialing `ip` is not allowed, or null; `setting` names the variable that allows private addresses. */
export function forbiddenAddress(ip: string, allowPrivate: boolean, setting: string): string | null {
  const verdict = addressVerdict(ip);
  if (!verdict.refused || (allowPrivate && !verdict.always)) return null;
  return verdict.always ? verdict.reason : `${verdict.reason} (set ${setting}=true to allow)`;
}
