// The rfc9701 mode: a signed introspection response (typ token-introspection+jwt) whose claims sit
// under `token_introspection`. `audience` is checked against token_introspection.aud.
import { createJwtValidator } from '../../../lambda/validator/jwt-validator';
import type { ValidatorOptions } from '../../../lambda/validator/options';
import { AUDIENCE, fixedClock, ISSUER, jwksOf, makeKey, mint, NOW_SECONDS, phantomClaims, type TestKey } from './token-factory';

let key: TestKey;
beforeAll(async () => {
  key = await makeKey('ES256');
});

const validator = (overrides: Partial<ValidatorOptions> = {}) =>
  createJwtValidator({ issuer: ISSUER, audience: AUDIENCE, jwks: jwksOf(key), clock: fixedClock(), tokenType: 'token-introspection+jwt', ...overrides });

function introspectionResponse(inner: Record<string, unknown> | undefined, outer: Record<string, unknown> = {}) {
  const claims = { iss: ISSUER, aud: 'gateway-client', iat: NOW_SECONDS, ...outer } as Record<string, unknown>;
  if (inner !== undefined) claims.token_introspection = inner;
  return mint(key, { typ: 'token-introspection+jwt', claims });
}

const active = (overrides: Record<string, unknown> = {}) => ({ active: true, ...phantomClaims(), ...overrides });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(() => 'RESOLVED', (error) => error.code);
}

describe('rfc9701 introspection responses', () => {
  it('accepts an active token and exposes the introspected claims', async () => {
    const jwt = await validator().verify(await introspectionResponse(active()));
    expect(jwt.claims).toMatchObject({ iss: ISSUER, aud: AUDIENCE, sub: 'user-1001', subscriber_id: 'sub-1001', active: true });
    expect(jwt.scopes).toEqual(['invoice_read', 'invoice_write']);
    expect(jwt.header.typ).toBe('token-introspection+jwt');
  });

  it('is refused when no tokenType is configured: the token does not pick its own rules', async () => {
    const unconfigured = validator({ tokenType: undefined });
    expect(await codeOf(unconfigured.verify(await introspectionResponse(active())))).toBe('ERR_JWT_INVALID');
    // Whatever the outer aud says, and however the media type is spelled.
    expect(await codeOf(unconfigured.verify(await introspectionResponse(active(), { aud: AUDIENCE })))).toBe('ERR_JWT_INVALID');
    const spelled = await mint(key, { typ: 'application/Token-Introspection+JWT', claims: { iss: ISSUER, aud: AUDIENCE, exp: NOW_SECONDS + 60, token_introspection: active() } });
    expect(await codeOf(unconfigured.verify(spelled))).toBe('ERR_JWT_INVALID');
    // A plain JWT without typ is still read the usual way.
    expect(await codeOf(unconfigured.verify(await mint(key, { typ: null })))).toBe('RESOLVED');
  });

  it('the configured tokenType is matched as a media type (application/ prefix, any case)', async () => {
    const jwt = await validator({ tokenType: 'application/token-introspection+jwt' }).verify(await introspectionResponse(active()));
    expect(jwt.claims.subscriber_id).toBe('sub-1001');
  });

  it('refuses an inactive token', async () => {
    expect(await codeOf(validator().verify(await introspectionResponse({ active: false })))).toBe('ERR_TOKEN_INACTIVE');
    expect(await codeOf(validator().verify(await introspectionResponse(active({ active: 'true' }))))).toBe('ERR_TOKEN_INACTIVE');
  });

  it('checks the API audience against token_introspection.aud, not the outer aud', async () => {
    expect(await codeOf(validator().verify(await introspectionResponse(active({ aud: 'https://other.example.com' }))))).toBe('ERR_JWT_CLAIM');
    expect(await codeOf(validator().verify(await introspectionResponse(active(), { aud: AUDIENCE })))).toBe('RESOLVED');
  });

  it('checks the outer aud only when introspectionAudience is set', async () => {
    expect(await codeOf(validator({ introspectionAudience: 'gateway-client' }).verify(await introspectionResponse(active())))).toBe('RESOLVED');
    expect(await codeOf(validator({ introspectionAudience: 'another-gateway' }).verify(await introspectionResponse(active())))).toBe('ERR_JWT_CLAIM');
  });

  it('takes exp from token_introspection', async () => {
    expect(await codeOf(validator().verify(await introspectionResponse(active({ exp: NOW_SECONDS - 3600 }))))).toBe('ERR_JWT_EXPIRED');
    expect(await codeOf(validator().verify(await introspectionResponse(active({ exp: undefined }))))).toBe('ERR_JWT_CLAIM');
  });

  it('refuses another issuer inside or outside', async () => {
    expect(await codeOf(validator().verify(await introspectionResponse(active({ iss: 'https://evil.example.com' }))))).toBe('ERR_JWT_CLAIM');
    expect(await codeOf(validator().verify(await introspectionResponse(active(), { iss: 'https://evil.example.com' })))).toBe('ERR_JWT_CLAIM');
  });

  it('refuses a response without a token_introspection object', async () => {
    expect(await codeOf(validator().verify(await introspectionResponse(undefined)))).toBe('ERR_JWT_CLAIM');
    expect(await codeOf(validator().verify(await introspectionResponse(['active'] as never)))).toBe('ERR_JWT_CLAIM');
  });

  it('a plain at+jwt is refused when token-introspection+jwt is required, and vice versa', async () => {
    expect(await codeOf(validator().verify(await mint(key)))).toBe('ERR_JWT_INVALID');
    expect(await codeOf(validator({ tokenType: 'at+jwt' }).verify(await introspectionResponse(active())))).toBe('ERR_JWT_INVALID');
  });
});
