// The remote JWKS during an AS outage: a real loopback JWKS server that fails or stops, and a moved clock.
// jose dates its JWKS cache with Date.now(), so only Date is faked; sockets and timeouts stay real. The
// validator's own clock stays fixed, so the tokens' time claims are not what is being tested.
import { createJwtValidator } from '../../../../lambda/validator/jwt-validator';
import { VerifiedJwt } from '../../../../lambda/validator/claims';
import { JWKS_STALE_IF_ERROR_MS } from '../../../../lambda/shared/jwt/stale-if-error-keys';
import { AUDIENCE, fixedClock, ISSUER, jwksOf, makeKeys, mint, phantomClaims, type TestAlg, type TestKey } from '../../validator/token-factory';
import { startJwksServer, type JwksServer } from '../../validator/jwks-server';

const MINUTE = 60_000;
let keys: Record<TestAlg, TestKey>;
let server: JwksServer;
let lines: string[];
let testNumber = 0;

beforeAll(async () => {
  keys = await makeKeys();
});
beforeEach(async () => {
  server = await startJwksServer(jwksOf(keys.RS256, keys.ES256));
  lines = [];
  jest.useFakeTimers({
    doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'],
    now: Date.now(),
  });
});
afterEach(async () => {
  jest.useRealTimers();
  await server.stop();
});

/** A validator with its own key set (the set is shared per URI, so each test names another). */
function validator() {
  testNumber += 1;
  return createJwtValidator({
    issuer: ISSUER,
    audience: AUDIENCE,
    jwksUri: `${server.url}?test=${testNumber}`,
    localMode: true,
    clock: fixedClock(),
    verifiedTokenCacheEntries: 0,
    logSink: (line) => lines.push(line),
  });
}

const tokenFor = (key: TestKey, jti: string) => mint(key, { claims: phantomClaims({ jti }) });
const advance = (ms: number) => jest.setSystemTime(Date.now() + ms);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'RESOLVED';
}

const refreshEvents = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'jwks_refresh');

describe('remote JWKS: stale-if-error', () => {
  it('verifies a token it has not seen with the last good keys when the refetch after max age fails', async () => {
    const v = validator();
    await v.verify(await tokenFor(keys.RS256, 'first'));
    await server.stop();
    advance(11 * MINUTE);
    await expect(v.verify(await tokenFor(keys.RS256, 'second'))).resolves.toBeInstanceOf(VerifiedJwt);
    await expect(v.verify(await tokenFor(keys.ES256, 'third'))).resolves.toBeInstanceOf(VerifiedJwt);
    const [event] = refreshEvents();
    expect(event).toMatchObject({ level: 'info', failed: true });
    expect(event.keysAgeMs).toBeGreaterThanOrEqual(11 * MINUTE);
  });

  it('uses the last good keys on a 5xx, and asks the AS again at most once per cooldown', async () => {
    const v = validator();
    await v.verify(await tokenFor(keys.RS256, 'first'));
    server.failWith(503);
    advance(11 * MINUTE);
    for (const jti of ['a', 'b', 'c']) await expect(v.verify(await tokenFor(keys.RS256, jti))).resolves.toBeInstanceOf(VerifiedJwt);
    expect(server.requests()).toBe(2);
    advance(10_001);
    await expect(v.verify(await tokenFor(keys.RS256, 'd'))).resolves.toBeInstanceOf(VerifiedJwt);
    expect(server.requests()).toBe(3);
    // The AS is back: the set is fresh again and no further fetch happens.
    server.failWith(undefined);
    advance(10_001);
    await v.verify(await tokenFor(keys.RS256, 'e'));
    await v.verify(await tokenFor(keys.RS256, 'f'));
    expect(server.requests()).toBe(4);
  });

  it('still refuses an unknown kid when the AS is down (503: the keys cannot be checked)', async () => {
    const v = validator();
    await v.verify(await tokenFor(keys.RS256, 'first'));
    await server.stop();
    advance(11 * MINUTE);
    expect(await codeOf(v.verify(await tokenFor(keys.EdDSA, 'new-key')))).toBe('ERR_AS_UNAVAILABLE');
    // Also within the cooldown after the failure, and for a fresh set whose kid refetch fails.
    expect(await codeOf(v.verify(await tokenFor(keys.EdDSA, 'again')))).toBe('ERR_AS_UNAVAILABLE');
    await expect(v.verify(await tokenFor(keys.RS256, 'known'))).resolves.toBeInstanceOf(VerifiedJwt);
  });

  it('refuses an unknown kid on a fresh set when its refetch fails', async () => {
    const v = validator();
    await v.verify(await tokenFor(keys.RS256, 'first'));
    server.failWith(500);
    advance(10_001);
    expect(await codeOf(v.verify(await tokenFor(keys.EdDSA, 'new-key')))).toBe('ERR_AS_UNAVAILABLE');
  });

  it('drops a key the AS removed once it answered, and never falls back to it afterwards', async () => {
    const v = validator();
    await v.verify(await tokenFor(keys.RS256, 'first'));
    server.serve(jwksOf(keys.ES256));
    advance(11 * MINUTE);
    expect(await codeOf(v.verify(await tokenFor(keys.RS256, 'rotated-out')))).toBe('ERR_JWT_SIGNATURE');
    await expect(v.verify(await tokenFor(keys.ES256, 'current'))).resolves.toBeInstanceOf(VerifiedJwt);
    await server.stop();
    advance(11 * MINUTE);
    expect(await codeOf(v.verify(await tokenFor(keys.RS256, 'rotated-out-2')))).not.toBe('RESOLVED');
    await expect(v.verify(await tokenFor(keys.ES256, 'current-2'))).resolves.toBeInstanceOf(VerifiedJwt);
  });

  it.each([408, 429])('uses the last good keys on a %i (the AS declined to answer now: nothing about the keys)', async (status) => {
    const v = validator();
    await v.verify(await tokenFor(keys.RS256, 'first'));
    server.failWith(status);
    advance(11 * MINUTE);
    await expect(v.verify(await tokenFor(keys.RS256, 'second'))).resolves.toBeInstanceOf(VerifiedJwt);
    expect(await codeOf(v.verify(await tokenFor(keys.EdDSA, 'unknown-kid')))).toBe('ERR_AS_UNAVAILABLE');
    expect(server.requests()).toBe(2);
  });

  it('does not fall back when the AS answers with a 4xx', async () => {
    const v = validator();
    await v.verify(await tokenFor(keys.RS256, 'first'));
    server.failWith(404);
    advance(11 * MINUTE);
    expect(await codeOf(v.verify(await tokenFor(keys.RS256, 'second')))).toBe('ERR_AS_UNAVAILABLE');
  });

  it('stops using the last good keys 24 h past their max age', async () => {
    const v = validator();
    await v.verify(await tokenFor(keys.RS256, 'first'));
    await server.stop();
    advance(10 * MINUTE + JWKS_STALE_IF_ERROR_MS - MINUTE);
    await expect(v.verify(await tokenFor(keys.RS256, 'inside'))).resolves.toBeInstanceOf(VerifiedJwt);
    advance(MINUTE + 1);
    expect(await codeOf(v.verify(await tokenFor(keys.RS256, 'outside')))).toBe('ERR_AS_UNAVAILABLE');
    expect(JWKS_STALE_IF_ERROR_MS).toBe(24 * 60 * MINUTE);
  });
});

describe('remote JWKS: the cooldown counts answered failures too', () => {
  // An answer that is not a key set is believed (no fallback), but it must not let every request ask again.
  const answeredFailures: ReadonlyArray<[string, () => void]> = [
    ['a 403', () => server.failWith(403)],
    ['a 404', () => server.failWith(404)],
    ['a body that is not a key set', () => server.serve({ keys: 'none' } as never)],
  ];
  const heal = () => {
    server.failWith(undefined);
    server.serve(jwksOf(keys.RS256, keys.ES256, keys.EdDSA));
  };

  it.each(answeredFailures)('after %s, unknown-kid tokens make one fetch per 10 s', async (_name, fail) => {
    const v = validator();
    await v.verify(await tokenFor(keys.RS256, 'first'));
    fail();
    advance(10_001);
    for (const jti of ['k1', 'k2', 'k3', 'k4']) expect(await codeOf(v.verify(await tokenFor(keys.EdDSA, jti)))).not.toBe('RESOLVED');
    expect(server.requests()).toBe(2);
    // The fresh set still verifies the kids it knows, without asking.
    await expect(v.verify(await tokenFor(keys.RS256, 'known'))).resolves.toBeInstanceOf(VerifiedJwt);
    advance(9_000);
    expect(await codeOf(v.verify(await tokenFor(keys.EdDSA, 'k5')))).not.toBe('RESOLVED');
    expect(server.requests()).toBe(2);
    heal();
    advance(1_001);
    await expect(v.verify(await tokenFor(keys.EdDSA, 'k6'))).resolves.toBeInstanceOf(VerifiedJwt);
    expect(server.requests()).toBe(3);
    expect(refreshEvents()).toEqual([
      expect.objectContaining({ reason: 'unknown_kid', failed: true }),
      expect.not.objectContaining({ failed: expect.anything() }),
    ]);
    expect(refreshEvents()[1]).toMatchObject({ reason: 'unknown_kid' });
  });

  it.each(answeredFailures)('after %s, requests on an expired set make one fetch per 10 s', async (_name, fail) => {
    const v = validator();
    await v.verify(await tokenFor(keys.RS256, 'first'));
    fail();
    advance(11 * MINUTE);
    for (const jti of ['a', 'b', 'c', 'd']) expect(await codeOf(v.verify(await tokenFor(keys.RS256, jti)))).not.toBe('RESOLVED');
    expect(server.requests()).toBe(2);
    advance(9_000);
    expect(await codeOf(v.verify(await tokenFor(keys.ES256, 'e')))).not.toBe('RESOLVED');
    expect(server.requests()).toBe(2);
    heal();
    advance(1_001);
    await expect(v.verify(await tokenFor(keys.RS256, 'f'))).resolves.toBeInstanceOf(VerifiedJwt);
    await expect(v.verify(await tokenFor(keys.EdDSA, 'g'))).resolves.toBeInstanceOf(VerifiedJwt);
    expect(server.requests()).toBe(3);
    const events = refreshEvents();
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ reason: 'expired', failed: true });
    expect(events[0].keysAgeMs).toBeGreaterThanOrEqual(11 * MINUTE);
    expect(events[1]).toMatchObject({ reason: 'expired' });
    expect(events[1]).not.toHaveProperty('failed');
  });

  it('asks at most once per 10 s after a first fetch that failed, too', async () => {
    server.failWith(429);
    const v = validator();
    for (const jti of ['a', 'b', 'c']) expect(await codeOf(v.verify(await tokenFor(keys.RS256, jti)))).toBe('ERR_AS_UNAVAILABLE');
    expect(server.requests()).toBe(1);
    server.failWith(undefined);
    advance(10_001);
    await expect(v.verify(await tokenFor(keys.RS256, 'd'))).resolves.toBeInstanceOf(VerifiedJwt);
    expect(server.requests()).toBe(2);
    expect(refreshEvents()).toEqual([expect.objectContaining({ reason: 'expired' })]);
  });

  it('reports an unanswered unknown-kid refetch as failed, with its reason', async () => {
    const v = validator();
    await v.verify(await tokenFor(keys.RS256, 'first'));
    server.failWith(503);
    advance(10_001);
    for (const jti of ['k1', 'k2']) expect(await codeOf(v.verify(await tokenFor(keys.EdDSA, jti)))).toBe('ERR_AS_UNAVAILABLE');
    expect(server.requests()).toBe(2);
    expect(refreshEvents()).toEqual([expect.objectContaining({ msg: 'jwks_refresh', reason: 'unknown_kid', failed: true })]);
  });
});
