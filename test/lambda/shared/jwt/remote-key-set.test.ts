// The remote key set beyond the outage cases (stale-if-error-keys.test.ts): callers that arrive while a
// fetch is under way share it, for the first fetch and for an unknown-kid refetch. Real loopback server.
import { remoteKeysWithStaleIfError, type JwksRefetch } from '../../../../lambda/shared/jwt/stale-if-error-keys';
import { serveLoopback, type Loopback } from '../../validator/loopback-server';
import { jwksOf, makeKeys, type TestAlg, type TestKey } from '../../validator/token-factory';

let keys: Record<TestAlg, TestKey>;
let server: Loopback;
let served: TestKey[];
beforeAll(async () => {
  keys = await makeKeys();
});
beforeEach(async () => {
  served = [keys.RS256];
  // Slow enough that every caller below arrives while the fetch is in flight.
  server = await serveLoopback((_request, response) => {
    setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwksOf(...served))), 50);
  });
});
afterEach(() => server.stop());

const header = (key: TestKey) => ({ alg: key.alg, kid: key.kid });

describe('remoteKeysWithStaleIfError', () => {
  it('shares one fetch among concurrent callers', async () => {
    const getKey = remoteKeysWithStaleIfError(server.url, { timeoutMs: 1000, maxAgeMs: 600_000, cooldownMs: 0 });
    const selected = await Promise.all(Array.from({ length: 5 }, () => getKey(header(keys.RS256))));
    expect(selected.every((key) => (key as { type?: string }).type === 'public')).toBe(true);
    expect(server.paths).toHaveLength(1);
  });

  it('shares one unknown-kid refetch among concurrent callers, and reports it', async () => {
    const refetches: JwksRefetch[] = [];
    const getKey = remoteKeysWithStaleIfError(server.url, { timeoutMs: 1000, maxAgeMs: 600_000, cooldownMs: 0, onRefetch: (refetch) => refetches.push(refetch) });
    await getKey(header(keys.RS256));
    served = [keys.RS256, keys.EdDSA];
    const selected = await Promise.all(Array.from({ length: 4 }, () => getKey(header(keys.EdDSA))));
    expect(selected.every((key) => (key as { type?: string }).type === 'public')).toBe(true);
    expect(server.paths).toHaveLength(2);
    expect(refetches).toEqual([{ reason: 'unknown_kid', durationMs: expect.any(Number) }]);
  });
});

describe('remoteKeysWithStaleIfError: the fresh set', () => {
  it('answers synchronously once a fresh set has found the key, without asking the AS again', async () => {
    const getKey = remoteKeysWithStaleIfError(server.url, { timeoutMs: 1000, maxAgeMs: 600_000, cooldownMs: 10_000 });
    const key = await getKey(header(keys.RS256));
    expect(getKey(header(keys.RS256))).toBe(key);
    expect(server.paths).toHaveLength(1);
  });
});
