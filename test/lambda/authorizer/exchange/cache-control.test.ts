import { cacheLifetimeSeconds } from '../../../../lambda/authorizer/exchange/cache-control';

describe('cacheLifetimeSeconds', () => {
  it('sets no limit without a header or without max-age/s-maxage', () => {
    for (const honorNoStore of [false, true]) {
      expect(cacheLifetimeSeconds(undefined, honorNoStore)).toBeUndefined();
      expect(cacheLifetimeSeconds('', honorNoStore)).toBeUndefined();
      expect(cacheLifetimeSeconds('private', honorNoStore)).toBeUndefined();
      expect(cacheLifetimeSeconds('public, must-revalidate', honorNoStore)).toBeUndefined();
    }
  });

  it('reads max-age and s-maxage, case-insensitive, quoted or not; the shorter wins', () => {
    expect(cacheLifetimeSeconds('public, max-age=42', false)).toBe(42);
    expect(cacheLifetimeSeconds('Max-Age=0', false)).toBe(0);
    expect(cacheLifetimeSeconds('max-age="30"', false)).toBe(30);
    expect(cacheLifetimeSeconds('s-maxage=20', false)).toBe(20);
    expect(cacheLifetimeSeconds('max-age=60, s-maxage=20', false)).toBe(20);
    expect(cacheLifetimeSeconds('s-maxage=600,max-age=60', false)).toBe(60);
    expect(cacheLifetimeSeconds('max-age=60, max-age=10', false)).toBe(10);
  });

  it('counts an invalid max-age as 0 (stale, RFC 9111 §4.2.1)', () => {
    for (const header of ['max-age=abc', 'max-age=-5', 'max-age=1.5', 'max-age', 'max-age=', 's-maxage="x"']) {
      expect(cacheLifetimeSeconds(header, false)).toBe(0);
    }
  });

  it('by default, no-store and no-cache do not stop the gateway cache (max-age still lowers it)', () => {
    expect(cacheLifetimeSeconds('no-store', false)).toBeUndefined();
    expect(cacheLifetimeSeconds('no-cache, no-store', false)).toBeUndefined();
    expect(cacheLifetimeSeconds('no-store, max-age=15', false)).toBe(15);
  });

  it('with honorNoStore, no-store or no-cache means cache nothing, whatever max-age says', () => {
    expect(cacheLifetimeSeconds('no-store', true)).toBe(0);
    expect(cacheLifetimeSeconds('No-Cache', true)).toBe(0);
    expect(cacheLifetimeSeconds('max-age=300, no-store', true)).toBe(0);
    expect(cacheLifetimeSeconds('no-cache="set-cookie"', true)).toBe(0);
    expect(cacheLifetimeSeconds('max-age=300', true)).toBe(300);
  });
});
