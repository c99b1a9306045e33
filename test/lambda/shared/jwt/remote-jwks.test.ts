// The authorizer's JWKS during an AS outage: a real loopback JWKS server that fails or stops, and a moved
// clock (only Date is faked: jose dates its cache with it; sockets and timeouts stay real).
import { remoteJwks } from '../../../../lambda/shared/jwt/remote-jwks';
import { verifyJwt, type JwtExpectations } from '../../../../lambda/authorizer/jwt/verify-jwt';
import { JWKS_CACHE_MAX_AGE_MS as JWKS_MAX_AGE_MS, JWKS_STALE_IF_ERROR_MS, type JwksRefetch } from '../../../../lambda/shared/jwt/stale-if-error-keys';
import { ISSUER, jwksOf, makeKeys, mint, NOW_SECONDS, phantomClaims, type TestAlg, type TestKey } from '../../validator/token-factory';
import { startJwksServer, type JwksServer } from '../../validator/jwks-server';

const MINUTE = 60_000;
const expectations: JwtExpectations = { issuer: ISSUER, algorithms: ['RS256', 'ES256', 'EdDSA'], clockToleranceSeconds: 30, requireExp: true };
let keys: Record<TestAlg, TestKey>;
let server: JwksServer;
let refetches: JwksRefetch[];

beforeAll(async () => {
  keys = await makeKeys();
});
beforeEach(async () => {
  server = await startJwksServer(jwksOf(keys.RS256, keys.ES256));
  refetches = [];
  jest.useFakeTimers({
    doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'],
    now: Date.now(),
  });
});
afterEach(async () => {
  jest.useRealTimers();
  await server.stop();
});

const jwks = () => remoteJwks(server.url, { fetch, timeoutMs: 1000, onRefetch: (refetch) => refetches.push(refetch) });
const advance = (ms: number) => jest.setSystemTime(Date.now() + ms);

async function outcome(key: TestKey, getKey: ReturnType<typeof jwks>, jti: string): Promise<string> {
  try {
    await verifyJwt(await mint(key, { claims: phantomClaims({ jti }) }), getKey, expectations, NOW_SECONDS * 1000);
    return 'verified';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('remoteJwks: stale-if-error', () => {
  it('verifies with the last good keys when the refetch after max age fails, and reports the failure', async () => {
    const getKey = jwks();
    expect(await outcome(keys.RS256, getKey, 'first')).toBe('verified');
    await server.stop();
    advance(JWKS_MAX_AGE_MS + MINUTE);
    expect(await outcome(keys.RS256, getKey, 'second')).toBe('verified');
    expect(await outcome(keys.ES256, getKey, 'third')).toBe('verified');
    expect(refetches).toHaveLength(1);
    expect(refetches[0]).toMatchObject({ failed: true });
    expect(refetches[0].keysAgeMs).toBeGreaterThanOrEqual(JWKS_MAX_AGE_MS + MINUTE);
  });

  it('still refuses an unknown kid while the AS is down', async () => {
    const getKey = jwks();
    expect(await outcome(keys.RS256, getKey, 'first')).toBe('verified');
    server.failWith(502);
    advance(JWKS_MAX_AGE_MS + MINUTE);
    expect(await outcome(keys.EdDSA, getKey, 'new-key')).toBe('ERR_AS_UNAVAILABLE');
    expect(await outcome(keys.RS256, getKey, 'known')).toBe('verified');
  });

  it('refuses a key the AS removed once it answered, even when the AS then goes down', async () => {
    const getKey = jwks();
    expect(await outcome(keys.RS256, getKey, 'first')).toBe('verified');
    server.serve(jwksOf(keys.ES256));
    advance(JWKS_MAX_AGE_MS + MINUTE);
    expect(await outcome(keys.RS256, getKey, 'rotated-out')).toBe('ERR_JWT_SIGNATURE');
    expect(refetches).toEqual([{ reason: 'expired', durationMs: expect.any(Number) }]);
    await server.stop();
    advance(JWKS_MAX_AGE_MS + MINUTE);
    expect(await outcome(keys.RS256, getKey, 'rotated-out-2')).not.toBe('verified');
    expect(await outcome(keys.ES256, getKey, 'current')).toBe('verified');
  });

  it('ends the stale window 24 h past the max age', async () => {
    const getKey = jwks();
    expect(await outcome(keys.RS256, getKey, 'first')).toBe('verified');
    await server.stop();
    advance(JWKS_MAX_AGE_MS + JWKS_STALE_IF_ERROR_MS - MINUTE);
    expect(await outcome(keys.RS256, getKey, 'inside')).toBe('verified');
    advance(MINUTE + 1);
    expect(await outcome(keys.RS256, getKey, 'outside')).toBe('ERR_AS_UNAVAILABLE');
  });
});
