// Bad JWTs from the AS, none cached, and the AS keys fetched sparingly. A JWT that does not verify against
// the AS's own configuration (signature, algorithm, iss, malformed) is the AS's fault: 503
// ERR_AS_RESPONSE_INVALID, asErrorKind invalid_response; one that says the caller's token is expired or
// not for this audience (or has no expiry) stays the caller's 401.
import { generateKeyPair, SignJWT, base64url } from 'jose';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { fetchKeySet } from '../../../../lambda/shared/jwt/fetch-key-set';
import { jwksTimeout } from '../../../../lambda/shared/jwt/jwks-fetcher';
import { restRequestEvent, testConfig } from '../helpers/config';
import { harness, outcomeOf } from '../helpers/harness';
import { jwtAnswer, startScriptedAs, type ScriptedAs } from '../helpers/scripted-as';

let as: ScriptedAs;
beforeEach(async () => {
  as = await startScriptedAs();
});
afterEach(() => as.stop());

const claims = { sub: 'user-1', client_id: 'invoices-client', scope: 'invoice_read', aud: 'https://api.example.com' };

function setup(jwt: string | (() => Promise<string>), configOverrides = {}) {
  as.respond = async () => jwtAnswer(typeof jwt === 'string' ? jwt : await jwt());
  return harness(testConfig({ issuer: as.issuer, ...configOverrides }));
}

const AS_FAULT = 'Authorizer failure: ERR_AS_RESPONSE_INVALID';

async function reasonFor(jwt: string, configOverrides = {}, outcome = 'Unauthorized'): Promise<unknown> {
  const h = setup(jwt, configOverrides);
  expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok')))).toBe(outcome);
  if (outcome === AS_FAULT) expect(h.decisions()[0]).toMatchObject({ outcome: 'unavailable', asErrorKind: 'invalid_response' });
  // Nothing was cached: the next request asks the AS again.
  await outcomeOf(h.handler(restRequestEvent('Bearer tok')));
  expect(as.requests.filter((request) => request.path === '/introspect')).toHaveLength(2);
  return h.decisions()[0].reason;
}

describe('JWT verification', () => {
  it('accepts a JWT signed by the AS and forwards it', async () => {
    const jwt = await as.mint(claims);
    const h = setup(jwt);
    const result = (await h.handler(restRequestEvent('Bearer tok'))) as APIGatewayAuthorizerResult;
    expect(result.context?.jwt).toBe(jwt);
    expect(result.context?.authorization).toBe(`Bearer ${jwt}`);
  });

  it('answers a bad signature as an invalid AS answer', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    expect(await reasonFor(await as.mint(claims, { key: privateKey }), {}, AS_FAULT)).toBe('ERR_AS_RESPONSE_INVALID');
  });

  it('answers alg none as an invalid AS answer', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt' }));
    const payload = base64url.encode(JSON.stringify({ ...claims, iss: as.issuer, exp: Math.floor(Date.now() / 1000) + 60 }));
    expect(await reasonFor(`${header}.${payload}.`, {}, AS_FAULT)).toBe('ERR_AS_RESPONSE_INVALID');
  });

  it('answers HS256 signed with the public key as an invalid AS answer', async () => {
    const jwks = (await (await fetch(as.jwksUri)).json()) as { keys: Array<Record<string, string>> };
    const secret = new TextEncoder().encode(JSON.stringify(jwks.keys[0]));
    const forged = await new SignJWT({ ...claims, iss: as.issuer }).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).setExpirationTime('5m').sign(secret);
    expect(await reasonFor(forged, {}, AS_FAULT)).toBe('ERR_AS_RESPONSE_INVALID');
  });

  it('answers a wrong issuer as an invalid AS answer', async () => {
    expect(await reasonFor(await as.mint({ ...claims, iss: 'https://evil.example' }), {}, AS_FAULT)).toBe('ERR_AS_RESPONSE_INVALID');
  });

  it('rejects an expired JWT', async () => {
    const past = Math.floor(Date.now() / 1000) - 120;
    expect(await reasonFor(await as.mint({ ...claims, iat: past - 60, exp: past }))).toBe('ERR_JWT_EXPIRED');
  });

  it('rejects a JWT without exp', async () => {
    expect(await reasonFor(await as.mint({ ...claims, exp: undefined }))).toBe('ERR_JWT_CLAIM');
  });

  it('rejects a wrong audience when one is configured', async () => {
    expect(await reasonFor(await as.mint(claims), { jwtAudience: 'https://other.example.com' })).toBe('ERR_JWT_CLAIM');
  });

  it('answers an algorithm outside allowedAlgorithms as an invalid AS answer', async () => {
    expect(await reasonFor(await as.mint(claims), { allowedAlgorithms: ['ES256'] }, AS_FAULT)).toBe('ERR_AS_RESPONSE_INVALID');
  });

  it('refetches the JWKS on an unknown kid at most once per 10 s', async () => {
    // Only Date is faked: jose's cooldown reads it; sockets and timeouts stay real.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'], now: Date.now() });
    try {
      const h = setup(await as.mint(claims));
      await h.handler(restRequestEvent('Bearer first'));
      expect(as.jwksFetches).toBe(1);
      const kid = await as.rotate();
      const rotated = await as.mint(claims, { kid });
      as.respond = async () => jwtAnswer(rotated);
      // Within the cooldown an unknown kid does not refetch: the AS's answer does not verify (503).
      expect(await outcomeOf(h.handler(restRequestEvent('Bearer second')))).toBe(AS_FAULT);
      expect(as.jwksFetches).toBe(1);
      jest.setSystemTime(Date.now() + 10_500);
      const fresh = await as.mint(claims, { kid });
      as.respond = async () => jwtAnswer(fresh);
      expect(await outcomeOf(h.handler(restRequestEvent('Bearer third')))).toBe('resolved');
      expect(as.jwksFetches).toBe(2);
      // A stream of forged kids right after: no further fetch.
      for (let i = 0; i < 3; i++) {
        const forged = await as.mint(claims, { kid: `unknown-${i}` });
        as.respond = async () => jwtAnswer(forged);
        expect(await outcomeOf(h.handler(restRequestEvent(`Bearer forged${i}`)))).toBe(AS_FAULT);
      }
      expect(as.jwksFetches).toBe(2);
      expect(h.lines.some((line) => line.includes('"msg":"jwks_refresh"'))).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('maps an unavailable JWKS to a 503-mapped failure', async () => {
    const jwt = await as.mint(claims);
    const h = harness(testConfig({ issuer: as.issuer, jwksUri: `${as.issuer}/no-such-jwks` }));
    as.respond = async () => jwtAnswer(jwt);
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok')))).toBe('Authorizer failure: ERR_AS_UNAVAILABLE');
  });
});

describe('the codes the authorizer reads', () => {
  it('answers a malformed JWS as an invalid AS answer, and a JWKS timeout or failed fetch as ERR_AS_UNAVAILABLE', async () => {
    const notJson = `${base64url.encode('{alg')}.${base64url.encode('{}')}.c2ln`;
    expect(await reasonFor(notJson, {}, AS_FAULT)).toBe('ERR_AS_RESPONSE_INVALID');
    const code = async (fetcher: () => Promise<never>) => {
      const outcome = await fetchKeySet('https://as.example/jwks', 100, fetcher);
      return 'error' in outcome ? outcome.error.code : 'keys';
    };
    expect(await code(() => Promise.reject(jwksTimeout(100)))).toBe('ERR_AS_UNAVAILABLE');
    expect(await code(() => Promise.reject(new TypeError('fetch failed')))).toBe('ERR_AS_UNAVAILABLE');
  });
});
