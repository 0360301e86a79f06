import { crc32, digestApiKey, generateApiKey, isWellFormedApiKey, KEY_PREFIX } from '@tollgate/keys';

describe('API key format', () => {
  it('generates well-formed, unique keys with the sk-tg- prefix', () => {
    const keys = Array.from({ length: 200 }, () => generateApiKey());
    for (const k of keys) {
      expect(k.key.startsWith(KEY_PREFIX)).toBe(true);
      expect(isWellFormedApiKey(k.key)).toBe(true);
      expect(k.last4).toBe(k.key.slice(-4));
      expect(k.digest).toBe(digestApiKey(k.key));
    }
    expect(new Set(keys.map((k) => k.key)).size).toBe(keys.length);
  });

  it('rejects any single mistyped character', () => {
    const { key } = generateApiKey();
    for (let i = KEY_PREFIX.length; i < key.length; i++) {
      const swapped = key[i] === 'a' ? 'b' : 'a';
      expect(isWellFormedApiKey(key.slice(0, i) + swapped + key.slice(i + 1))).toBe(false);
    }
  });

  it('rejects wrong prefix, length and alphabet', () => {
    const { key } = generateApiKey();
    expect(isWellFormedApiKey(key.replace('sk-tg-', 'sk-xx-'))).toBe(false);
    expect(isWellFormedApiKey(key + 'a')).toBe(false);
    expect(isWellFormedApiKey(key.slice(0, -1))).toBe(false);
    expect(isWellFormedApiKey(key.slice(0, 10) + '-' + key.slice(11))).toBe(false);
    expect(isWellFormedApiKey('')).toBe(false);
  });

  it('computes the standard CRC-32', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
  });

  it('digests a key as SHA-256 hex, so digests stored by auth keep matching', () => {
    // The digest of a fixed key, as every earlier version stored it.
    expect(digestApiKey('sk-tg-0000000000000000000000000000000000000000')).toBe('376ab6ddbe125debc1c998555087e8a71405703bdd9fb11233a422c704bd8730');
  });
});
