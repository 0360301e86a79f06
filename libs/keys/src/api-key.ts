import { hash, randomBytes } from 'node:crypto';
import { crc32 } from './crc32';

/**
 * Key format: `sk-tg-` + 32 base62 characters of randomness (~190 bits) + 6 base62
 * characters of CRC-32 over the random part. A mistyped or invented key fails the
 * checksum and is refused before any I/O.
 */
export const KEY_PREFIX = 'sk-tg-';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LEN = 32;
const CHECK_LEN = 6;
const KEY_LEN = KEY_PREFIX.length + RANDOM_LEN + CHECK_LEN;
const BODY = /^[0-9A-Za-z]+$/;

function base62(value: number, width: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < width; i++) {
    out = ALPHABET[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out;
}

function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 62 * 4: rejection sampling keeps every character equally likely.
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export interface GeneratedKey {
  key: string;
  digest: string;
  prefix: string;
  last4: string;
}

export function generateApiKey(): GeneratedKey {
  const random = randomBase62(RANDOM_LEN);
  const key = `${KEY_PREFIX}${random}${base62(crc32(random), CHECK_LEN)}`;
  return { key, digest: digestApiKey(key), prefix: KEY_PREFIX, last4: key.slice(-4) };
}

/** Syntax and checksum only: no I/O. */
export function isWellFormedApiKey(key: string): boolean {
  if (key.length !== KEY_LEN || !key.startsWith(KEY_PREFIX)) return false;
  const body = key.slice(KEY_PREFIX.length);
  if (!BODY.test(body)) return false;
  const random = body.slice(0, RANDOM_LEN);
  return body.slice(RANDOM_LEN) === base62(crc32(random), CHECK_LEN);
}

/**
 * What auth stores and looks keys up by: SHA-256 hex. The key has ~190 bits of entropy. Node's
 * one-shot `hash` (no Hash object per call: a third of createHash's time; every request digests its key).
 */
export function digestApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}
