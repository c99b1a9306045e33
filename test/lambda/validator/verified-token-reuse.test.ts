// A remembered (already verified) token is reused only while a fresh verification would still accept it:
// its time claims are checked on every hit, the RFC 9701 response's own exp too, and the key that verified
// it must still be the one the key set gives for its header (a key the AS removed ends the reuse).
import { VerifiedJwt } from '../../../lambda/validator/claims';
import { createJwtValidator } from '../../../lambda/validator/jwt-validator';
import { startJwksServer, type JwksServer } from './jwks-server';
import { AUDIENCE, fixedClock, ISSUER, jwksOf, makeKeys, mint, NOW_SECONDS, phantomClaims, type TestAlg, type TestKey } from './token-factory';

const MINUTE = 60_000;
let keys: Record<TestAlg, TestKey>;
let server: JwksServer;
beforeAll(async () => {
  keys = await makeKeys();
  server = await startJwksServer(jwksOf(keys.RS256, keys.ES256));
  jest.useFakeTimers({
    doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'],
    now: Date.now(),
  });
});
afterAll(async () => {
  jest.useRealTimers();
  await server.stop();
});

const codeOf = (promise: Promise<unknown>) => promise.then(() => 'RESOLVED', (error) => error.code);

it('an introspection response whose own exp has passed is refused on a cache hit, as when not cached', async () => {
  let nowSeconds = NOW_SECONDS;
  const options = { issuer: ISSUER, audience: AUDIENCE, jwks: jwksOf(keys.ES256), tokenType: 'token-introspection+jwt', clock: () => nowSeconds * 1000 };
  // The response is valid for 60 s; the access token it describes for an hour.
  const response = await mint(keys.ES256, {
    typ: 'token-introspection+jwt',
    claims: { iss: ISSUER, aud: 'gateway-client', iat: NOW_SECONDS, exp: NOW_SECONDS + 60, token_introspection: { active: true, ...phantomClaims({ exp: NOW_SECONDS + 3600 }) } },
  });
  const warm = createJwtValidator(options);
  expect(await codeOf(warm.verify(response))).toBe('RESOLVED');
  nowSeconds = NOW_SECONDS + 30;
  expect(await codeOf(warm.verify(response))).toBe('RESOLVED');

  nowSeconds = NOW_SECONDS + 600;
  expect(await codeOf(createJwtValidator(options).verify(response))).toBe('ERR_JWT_EXPIRED');
  expect(await codeOf(warm.verify(response))).toBe('ERR_JWT_EXPIRED');
});

it('a token signed with a key the AS has since removed is refused by a warm validator too, as by a cold one', async () => {
  const options = { issuer: ISSUER, audience: AUDIENCE, jwksUri: `${server.url}?case=removed-key`, localMode: true, clock: fixedClock(), logSink: () => {} };
  const warm = createJwtValidator(options);
  const signedWithOldKey = await mint(keys.RS256, { claims: phantomClaims({ exp: NOW_SECONDS + 365 * 24 * 3600 }) });
  const first = await warm.verify(signedWithOldKey);
  // A hit while the set is unchanged returns the remembered result without asking the key set's AS.
  expect(await warm.verify(signedWithOldKey)).toBe(first);
  expect(server.requests()).toBe(1);

  server.serve(jwksOf(keys.ES256)); // the RS256 key is rotated out
  jest.setSystemTime(Date.now() + 11 * MINUTE); // past the set's max age: fetched again on next use
  expect(await codeOf(warm.verify(await mint(keys.ES256)))).toBe('RESOLVED');

  expect(await codeOf(createJwtValidator({ ...options, verifiedTokenCacheEntries: 0 }).verify(signedWithOldKey))).toBe('ERR_JWT_SIGNATURE');
  expect(await codeOf(warm.verify(signedWithOldKey))).toBe('ERR_JWT_SIGNATURE');
});

it('a token whose key is still served after a refetch verifies again once, then is remembered anew', async () => {
  server.serve(jwksOf(keys.RS256, keys.ES256));
  const options = { issuer: ISSUER, audience: AUDIENCE, jwksUri: `${server.url}?case=kept-key`, localMode: true, clock: fixedClock(), logSink: () => {} };
  const warm = createJwtValidator(options);
  const token = await mint(keys.ES256, { claims: phantomClaims({ exp: NOW_SECONDS + 3600 }) });
  const before = await warm.verify(token);
  jest.setSystemTime(Date.now() + 11 * MINUTE);
  const after = await warm.verify(token);
  expect(after).toBeInstanceOf(VerifiedJwt);
  expect(after).not.toBe(before); // verified again against the refetched set
  expect(await warm.verify(token)).toBe(after); // and remembered from then on
});
