import { createJwtValidator } from '../../../lambda/validator/jwt-validator';
import { VerifiedJwt } from '../../../lambda/validator/claims';
import { AUDIENCE, fixedClock, ISSUER, jwksOf, makeKeys, mint, NOW_SECONDS, phantomClaims, type TestAlg, type TestKey } from './token-factory';
import { startJwksServer } from './jwks-server';

let keys: Record<TestAlg, TestKey>;
beforeAll(async () => {
  keys = await makeKeys();
});

const validatorFor = (...testKeys: TestKey[]) =>
  createJwtValidator({ issuer: ISSUER, audience: AUDIENCE, jwks: jwksOf(...testKeys), clock: fixedClock(), tokenType: 'at+jwt' });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'RESOLVED';
}

describe('createJwtValidator: valid tokens', () => {
  it.each(['RS256', 'ES256', 'EdDSA'] as const)('accepts a %s at+jwt from the static JWKS', async (alg) => {
    const validator = validatorFor(keys.RS256, keys.ES256, keys.EdDSA);
    const jwt = await validator.verify(await mint(keys[alg]));
    expect(jwt).toBeInstanceOf(VerifiedJwt);
    expect(jwt.header).toEqual({ alg, kid: keys[alg].kid, typ: 'at+jwt' });
    expect(jwt.claims).toMatchObject({ sub: 'user-1001', subscriber_id: 'sub-1001' });
    expect(jwt.scopes).toEqual(['invoice_read', 'invoice_write']);
    expect(jwt.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts application/at+jwt as the same typ, and an aud array containing the audience', async () => {
    const validator = validatorFor(keys.ES256);
    const token = await mint(keys.ES256, { typ: 'application/AT+JWT', claims: phantomClaims({ aud: ['other', AUDIENCE] }) });
    await expect(validator.verify(token)).resolves.toBeInstanceOf(VerifiedJwt);
  });

  it('accepts any typ when none is configured', async () => {
    const validator = createJwtValidator({ issuer: ISSUER, audience: AUDIENCE, jwks: jwksOf(keys.RS256), clock: fixedClock() });
    await expect(validator.verify(await mint(keys.RS256, { typ: null }))).resolves.toBeInstanceOf(VerifiedJwt);
    await expect(validator.verify(await mint(keys.RS256, { typ: 'JWT' }))).resolves.toBeInstanceOf(VerifiedJwt);
  });

  it('keeps the compact token out of JSON', async () => {
    const token = await mint(keys.RS256);
    const jwt = await validatorFor(keys.RS256).verify(token);
    expect(jwt.compact()).toBe(token);
    expect(JSON.stringify(jwt)).not.toContain(token);
    expect(JSON.stringify(jwt)).not.toContain(token.split('.')[2]);
  });

  it('honours the clock tolerance on exp, nbf and iat', async () => {
    const validator = createJwtValidator({ issuer: ISSUER, audience: AUDIENCE, jwks: jwksOf(keys.ES256), clock: fixedClock(), clockToleranceSeconds: 30 });
    const within = phantomClaims({ exp: NOW_SECONDS - 20, nbf: NOW_SECONDS + 20, iat: NOW_SECONDS + 20 });
    await expect(validator.verify(await mint(keys.ES256, { claims: within }))).resolves.toBeInstanceOf(VerifiedJwt);
    expect(await codeOf(validator.verify(await mint(keys.ES256, { claims: phantomClaims({ exp: NOW_SECONDS - 31 }) })))).toBe('ERR_JWT_EXPIRED');
    expect(await codeOf(validator.verify(await mint(keys.ES256, { claims: phantomClaims({ nbf: NOW_SECONDS + 31 }) })))).toBe('ERR_JWT_CLAIM');
    expect(await codeOf(validator.verify(await mint(keys.ES256, { claims: phantomClaims({ iat: NOW_SECONDS + 31 }) })))).toBe('ERR_JWT_CLAIM');
  });

  it('requires exp', async () => {
    const claims = phantomClaims();
    delete claims.exp;
    const error = await validatorFor(keys.ES256).verify(await mint(keys.ES256, { claims })).catch((caught) => caught);
    expect(error).toMatchObject({ code: 'ERR_JWT_CLAIM', detail: { claim: 'exp' } });
  });

  it('refuses a non-numeric time claim', async () => {
    expect(await codeOf(validatorFor(keys.ES256).verify(await mint(keys.ES256, { claims: phantomClaims({ iat: 'yesterday' as unknown as number }) })))).toMatch(
      /^ERR_JWT_(CLAIM|INVALID)$/,
    );
  });
});

describe('createJwtValidator: verified-token cache', () => {
  it('answers a repeat token from the cache (same object) but still expires it on time', async () => {
    let now = NOW_SECONDS;
    const validator = createJwtValidator({ issuer: ISSUER, audience: AUDIENCE, jwks: jwksOf(keys.ES256), clock: () => now * 1000, clockToleranceSeconds: 0 });
    const token = await mint(keys.ES256, { claims: phantomClaims({ exp: NOW_SECONDS + 60 }) });
    const first = await validator.verify(token);
    expect(await validator.verify(token)).toBe(first);
    now = NOW_SECONDS + 60;
    expect(await codeOf(validator.verify(token))).toBe('ERR_JWT_EXPIRED');
    expect(await codeOf(validator.verify(token))).toBe('ERR_JWT_EXPIRED');
  });

  it('does not remember anything when the cache is off', async () => {
    const validator = createJwtValidator({ issuer: ISSUER, audience: AUDIENCE, jwks: jwksOf(keys.ES256), clock: fixedClock(), verifiedTokenCacheEntries: 0 });
    const token = await mint(keys.ES256);
    const first = await validator.verify(token);
    const second = await validator.verify(token);
    expect(second).not.toBe(first);
    expect(second.claims).toEqual(first.claims);
  });

  it('does not remember refusals: a token refused for its time verifies once the clock allows it', async () => {
    let now = NOW_SECONDS;
    const validator = createJwtValidator({ issuer: ISSUER, audience: AUDIENCE, jwks: jwksOf(keys.ES256), clock: () => now * 1000, clockToleranceSeconds: 0 });
    const token = await mint(keys.ES256, { claims: phantomClaims({ nbf: NOW_SECONDS + 100 }) });
    expect(await codeOf(validator.verify(token))).toBe('ERR_JWT_CLAIM');
    now = NOW_SECONDS + 100;
    await expect(validator.verify(token)).resolves.toBeInstanceOf(VerifiedJwt);
  });
});

describe('createJwtValidator: remote JWKS', () => {
  it('fetches the JWKS once, reuses it across validators, and refetches an unknown kid at most once per 10 s', async () => {
    const server = await startJwksServer(jwksOf(keys.RS256));
    try {
      const options = { issuer: ISSUER, audience: AUDIENCE, jwksUri: server.url, localMode: true, clock: fixedClock(), verifiedTokenCacheEntries: 0 };
      const first = createJwtValidator(options);
      await first.verify(await mint(keys.RS256));
      await createJwtValidator(options).verify(await mint(keys.RS256));
      expect(server.requests()).toBe(1);

      // A kid the JWKS does not have: within the cooldown no refetch happens, the token is refused.
      expect(await codeOf(first.verify(await mint(keys.ES256)))).toBe('ERR_JWT_SIGNATURE');
      expect(await codeOf(first.verify(await mint(keys.ES256, { header: { kid: 'another' } })))).toBe('ERR_JWT_SIGNATURE');
      expect(server.requests()).toBe(1);
    } finally {
      await server.stop();
    }
  });

  it('picks up a rotated key after the cooldown', async () => {
    const server = await startJwksServer(jwksOf(keys.RS256));
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'], now: Date.now() });
    try {
      const validator = createJwtValidator({ issuer: ISSUER, audience: AUDIENCE, jwksUri: server.url, localMode: true, clock: fixedClock() });
      await validator.verify(await mint(keys.RS256));
      server.serve(jwksOf(keys.RS256, keys.EdDSA));
      jest.setSystemTime(Date.now() + 10_001);
      await expect(validator.verify(await mint(keys.EdDSA))).resolves.toBeInstanceOf(VerifiedJwt);
      expect(server.requests()).toBe(2);
    } finally {
      jest.useRealTimers();
      await server.stop();
    }
  });

  it('answers ERR_AS_UNAVAILABLE when the JWKS endpoint fails or is unreachable', async () => {
    const server = await startJwksServer(jwksOf(keys.RS256));
    server.failWith(500);
    const failing = createJwtValidator({ issuer: ISSUER, audience: AUDIENCE, jwksUri: `${server.url}?failing`, localMode: true, clock: fixedClock() });
    expect(await codeOf(failing.verify(await mint(keys.RS256)))).toBe('ERR_AS_UNAVAILABLE');
    await server.stop();
    const unreachable = createJwtValidator({ issuer: ISSUER, audience: AUDIENCE, jwksUri: `${server.url}?gone`, localMode: true, clock: fixedClock() });
    const error = await unreachable.verify(await mint(keys.RS256)).catch((caught) => caught);
    expect(error).toMatchObject({ code: 'ERR_AS_UNAVAILABLE', status: 503 });
  });

  it('answers ERR_AS_RESPONSE_INVALID when the JWKS is not a key set', async () => {
    const server = await startJwksServer({ nope: true } as unknown as { keys: [] });
    try {
      const validator = createJwtValidator({ issuer: ISSUER, audience: AUDIENCE, jwksUri: `${server.url}?bad`, localMode: true, clock: fixedClock() });
      expect(await codeOf(validator.verify(await mint(keys.RS256)))).toBe('ERR_AS_RESPONSE_INVALID');
    } finally {
      await server.stop();
    }
  });
});

describe('createJwtValidator: remembered claims are immutable', () => {
  it('a handler cannot change the claims the next request will see', async () => {
    const validator = validatorFor(keys.ES256);
    const token = await mint(keys.ES256, { claims: phantomClaims({ aud: [AUDIENCE], roles: { admin: false } }) });
    const jwt = await validator.verify(token);
    expect(() => {
      (jwt.claims as { sub: string }).sub = 'someone-else';
    }).toThrow(TypeError);
    expect(() => (jwt.claims.aud as string[]).push('https://evil.example.com')).toThrow(TypeError);
    expect(() => {
      (jwt.claims.roles as { admin: boolean }).admin = true;
    }).toThrow(TypeError);
    expect((await validator.verify(token)).claims).toMatchObject({ sub: 'user-1001', aud: [AUDIENCE], roles: { admin: false } });
  });
});
