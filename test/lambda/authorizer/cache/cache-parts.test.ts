import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { entryExpiry, isFresh } from '../../../../lambda/authorizer/cache/entry';
import { LruCache } from '../../../../lambda/shared/lru';
import { decryptValue, encryptValue } from '../../../../lambda/authorizer/cache/value-crypto';

describe('LruCache', () => {
  it('evicts the least recently used entry beyond capacity', () => {
    const lru = new LruCache<number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect([lru.get('a'), lru.get('c'), lru.size]).toEqual([1, 3, 2]);
    lru.delete('a');
    expect(lru.size).toBe(1);
  });

  it('holds nothing with capacity 0', () => {
    const lru = new LruCache<number>(0);
    lru.set('a', 1);
    expect(lru.get('a')).toBeUndefined();
  });
});

describe('entryExpiry', () => {
  const nowMs = 1_000_000;
  it('is the earliest of token expiry, AS max-age and the cap', () => {
    expect(entryExpiry({ nowMs, tokenExpiresAtMs: nowMs + 60_000, capSeconds: 300 })).toBe(nowMs + 60_000);
    expect(entryExpiry({ nowMs, tokenExpiresAtMs: nowMs + 600_000, capSeconds: 300 })).toBe(nowMs + 300_000);
    expect(entryExpiry({ nowMs, tokenExpiresAtMs: nowMs + 600_000, maxAgeSeconds: 10, capSeconds: 300 })).toBe(nowMs + 10_000);
    expect(entryExpiry({ nowMs, tokenExpiresAtMs: nowMs + 600_000, maxAgeSeconds: 0, capSeconds: 300 })).toBe(nowMs);
  });

  it('is absolute: an entry is stale at its expiry, however often it was read', () => {
    const entry = { active: false as const, expiresAtMs: nowMs + 5 };
    expect(isFresh(entry, nowMs + 4)).toBe(true);
    expect(isFresh(entry, nowMs + 5)).toBe(false);
  });
});

describe('value encryption', () => {
  const token = 'opaque-token-1';
  it('round-trips only with the same token and item key', () => {
    const sealed = encryptValue(token, 'hash-1', '{"jwt":"x"}');
    expect(decryptValue(token, 'hash-1', sealed)).toBe('{"jwt":"x"}');
    expect(() => decryptValue('another-token', 'hash-1', sealed)).toThrow();
    expect(() => decryptValue(token, 'hash-2', sealed)).toThrow();
  });

  it('never contains the plaintext, and a tampered or short value fails', () => {
    const sealed = Buffer.from(encryptValue(token, 'h', 'secret-jwt-body'));
    expect(sealed.toString('latin1')).not.toContain('secret-jwt-body');
    sealed[20] ^= 1;
    expect(() => decryptValue(token, 'h', sealed)).toThrow();
    expect(() => decryptValue(token, 'h', new Uint8Array(5))).toThrow('not a sealed cache value');
  });

  it('uses a fresh IV each time', () => {
    expect(Buffer.from(encryptValue(token, 'h', 'same')).equals(Buffer.from(encryptValue(token, 'h', 'same')))).toBe(false);
  });

  // The value key is HKDF-SHA256 (RFC 5869) with the format's salt and info; node:crypto's hkdfSync is the
  // reference, so values sealed by either side read on the other (items already in a table included).
  const SALT = 'cdk-phantom-token:cache-value:v1';
  const referenceKey = (forToken: string, itemKey: string) => Buffer.from(hkdfSync('sha256', forToken, SALT, `aes-256-gcm:${itemKey}`, 32));

  it('reads a value sealed under the HKDF reference key, byte for byte the format (version, IV, ciphertext, tag)', () => {
    for (const [forToken, itemKey] of [[token, 'ns.hash-1'], ['ü-token-ß'.repeat(20), 'x'], ['t', 'a'.repeat(300)]]) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', referenceKey(forToken, itemKey), iv);
      cipher.setAAD(Buffer.from(itemKey));
      const ciphertext = Buffer.concat([cipher.update('{"jwt":"reference"}', 'utf8'), cipher.final()]);
      const sealed = Buffer.concat([Buffer.from([1]), iv, ciphertext, cipher.getAuthTag()]);
      expect(decryptValue(forToken, itemKey, sealed)).toBe('{"jwt":"reference"}');
    }
  });

  it('seals a value the HKDF reference key opens', () => {
    const bytes = Buffer.from(encryptValue(token, 'ns.hash-1', '{"jwt":"ours"}'));
    const decipher = createDecipheriv('aes-256-gcm', referenceKey(token, 'ns.hash-1'), bytes.subarray(1, 13));
    decipher.setAAD(Buffer.from('ns.hash-1'));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    expect(Buffer.concat([decipher.update(bytes.subarray(13, bytes.length - 16)), decipher.final()]).toString('utf8')).toBe('{"jwt":"ours"}');
  });

  it('round-trips text beyond ASCII (claims may hold any Unicode)', () => {
    const text = JSON.stringify({ sub: 'Zoë ☃ 𝄞', name: 'ü'.repeat(40) });
    expect(decryptValue(token, 'h', encryptValue(token, 'h', text))).toBe(text);
  });

  it('reads a value that is a view into a larger buffer (as the SDK may hand it over)', () => {
    const sealed = encryptValue(token, 'h', 'inner');
    const larger = new Uint8Array(sealed.length + 10);
    larger.set(sealed, 5);
    expect(decryptValue(token, 'h', larger.subarray(5, 5 + sealed.length))).toBe('inner');
  });
});
