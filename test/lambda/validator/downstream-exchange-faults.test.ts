// Token exchange error handling and caching, against a loopback endpoint scripted to fail (mock): the
// happy path against the embedded AS is in downstream-exchange.test.ts.
import { createTokenExchanger, JWT_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from '../../../lambda/validator/downstream-exchange';
import { createJwtValidator } from '../../../lambda/validator/jwt-validator';
import type { VerifiedJwt } from '../../../lambda/validator/claims';
import { AUDIENCE, fixedClock, ISSUER, jwksOf, makeKey, mint, NOW_SECONDS } from './token-factory';
import { startFaultyTokenEndpoint, type FaultyTokenEndpoint } from './token-endpoint-faults';

let endpoint: FaultyTokenEndpoint;
let jwt: VerifiedJwt;
let token: string;
let now = NOW_SECONDS;
const ok = (body: Record<string, unknown>) => ({ status: 200, body: JSON.stringify(body) });

beforeAll(async () => {
  const key = await makeKey('ES256');
  token = await mint(key);
  jwt = await createJwtValidator({ issuer: ISSUER, audience: AUDIENCE, jwks: jwksOf(key), clock: fixedClock() }).verify(token);
  endpoint = await startFaultyTokenEndpoint(ok({ access_token: 'a.b.c', issued_token_type: JWT_TOKEN_TYPE, expires_in: 60 }));
});
afterAll(() => endpoint.stop());
beforeEach(() => {
  now = NOW_SECONDS;
});

const exchanger = (timeoutMs = 2500) =>
  createTokenExchanger({ tokenEndpoint: endpoint.url, clientId: 'service client', clientSecret: 'se:cret', localMode: true, clock: () => now * 1000, timeoutMs });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(() => 'RESOLVED', (error) => error.code);
}

describe('token exchange (mock token endpoint)', () => {
  it('sends an RFC 8693 request with client_secret_basic', async () => {
    endpoint.answer(ok({ access_token: 'x.y.z', issued_token_type: JWT_TOKEN_TYPE, expires_in: 60 }));
    const result = await exchanger().exchange(jwt, { audience: 'https://billing.example.com', scope: 'invoice_read' });
    expect(result).toEqual({ accessToken: 'x.y.z', issuedTokenType: JWT_TOKEN_TYPE, expiresAt: NOW_SECONDS + 60 });
    const form = endpoint.lastForm()!;
    expect(Object.fromEntries(form)).toEqual({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: token,
      subject_token_type: JWT_TOKEN_TYPE,
      requested_token_type: JWT_TOKEN_TYPE,
      audience: 'https://billing.example.com',
      scope: 'invoice_read',
    });
    expect(endpoint.lastAuthorization()).toBe(`Basic ${Buffer.from('service+client:se%3Acret').toString('base64')}`);
  });

  it('caches per (token, audience, scope) until expiry and shares concurrent calls', async () => {
    endpoint.answer(ok({ access_token: 'c.a.ched', expires_in: 60 }));
    const exchange = exchanger();
    const before = endpoint.requests();
    const request = { audience: 'https://billing.example.com', scope: 'invoice_read' };
    const [a, b] = await Promise.all([exchange.exchange(jwt, request), exchange.exchange(jwt, request)]);
    expect(a).toBe(b);
    expect(await exchange.exchange(jwt, { audience: request.audience, scope: ' invoice_read ' })).toBe(a);
    expect(endpoint.requests()).toBe(before + 1);
    await exchange.exchange(jwt, { ...request, scope: 'invoice_write' });
    expect(endpoint.requests()).toBe(before + 2);
    now = NOW_SECONDS + 56;
    await exchange.exchange(jwt, request);
    expect(endpoint.requests()).toBe(before + 3);
  });

  it('takes the expiry from the JWT when expires_in is absent, and does not cache a token without one', async () => {
    const exp = NOW_SECONDS + 120;
    const jwtBody = `e30.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.sig`;
    endpoint.answer(ok({ access_token: jwtBody }));
    expect((await exchanger().exchange(jwt, { audience: 'a', scope: 'invoice_read' })).expiresAt).toBe(exp);
    endpoint.answer(ok({ access_token: 'opaque' }));
    const exchange = exchanger();
    const before = endpoint.requests();
    await exchange.exchange(jwt, { audience: 'a', scope: 'invoice_read' });
    await exchange.exchange(jwt, { audience: 'a', scope: 'invoice_read' });
    expect(endpoint.requests()).toBe(before + 2);
  });

  it('refuses an exchange that names no scope, without asking the AS (the AS would choose, often wider)', async () => {
    const before = endpoint.requests();
    for (const scope of ['', '   ']) expect(await codeOf(exchanger().exchange(jwt, { audience: 'a', scope }))).toBe('ERR_CONFIG');
    expect(endpoint.requests()).toBe(before);
  });

  it('does not cache a token whose expires_in is not a finite number (1e999 parses as Infinity)', async () => {
    endpoint.answer({ status: 200, body: '{"access_token":"in.fini.te","issued_token_type":"urn:ietf:params:oauth:token-type:jwt","expires_in":1e999}' });
    const exchange = exchanger();
    const before = endpoint.requests();
    await exchange.exchange(jwt, { audience: 'a', scope: 'invoice_read' });
    await exchange.exchange(jwt, { audience: 'a', scope: 'invoice_read' });
    expect(endpoint.requests()).toBe(before + 2);
  });

  it.each([
    ['a 5xx', { status: 502, body: 'bad gateway' }, 'ERR_AS_UNAVAILABLE'],
    ['a 5xx with a JSON error', { status: 503, body: '{"error":"temporarily_unavailable"}' }, 'ERR_AS_UNAVAILABLE'],
    ['invalid_client', { status: 401, body: '{"error":"invalid_client"}' }, 'ERR_AS_CLIENT_AUTH'],
    ['invalid_scope', { status: 400, body: '{"error":"invalid_scope"}' }, 'ERR_SCOPE_INSUFFICIENT'],
    ['invalid_target', { status: 400, body: '{"error":"invalid_target"}' }, 'ERR_POLICY_DENIED'],
    ['invalid_grant', { status: 400, body: '{"error":"invalid_grant"}' }, 'ERR_TOKEN_INACTIVE'],
    ['an unknown 400', { status: 400, body: '{"error":"unsupported_grant_type"}' }, 'ERR_AS_RESPONSE_INVALID'],
    ['garbage', { status: 200, body: '<html>' }, 'ERR_AS_RESPONSE_INVALID'],
    ['a JSON array', { status: 200, body: '[]' }, 'ERR_AS_RESPONSE_INVALID'],
    ['no access_token', { status: 200, body: '{"token_type":"N_A"}' }, 'ERR_AS_RESPONSE_INVALID'],
  ])('%s is %s', async (_name, answer, code) => {
    endpoint.answer(answer);
    expect(await codeOf(exchanger().exchange(jwt, { audience: 'a', scope: 'invoice_read' }))).toBe(code);
  });

  it('refuses a scope the token does not grant before asking the AS (ERR_SCOPE_INSUFFICIENT)', async () => {
    endpoint.answer(ok({ access_token: 'w.i.de', expires_in: 60 }));
    const exchange = exchanger();
    const before = endpoint.requests();
    for (const scope of ['invoice_admin', 'invoice_read invoice_admin', 'invoice_*', 'invoice']) {
      const refused = await exchange.exchange(jwt, { audience: 'a', scope }).catch((error) => error);
      expect(refused).toMatchObject({ code: 'ERR_SCOPE_INSUFFICIENT', status: 403 });
    }
    const refused = await exchange.exchange(jwt, { audience: 'a', scope: 'invoice_read invoice_admin' }).catch((error) => error);
    expect(refused.detail).toEqual({ required: 'invoice_admin' });
    expect(endpoint.requests()).toBe(before);
    // Granted scopes, one or both, go to the AS.
    await exchange.exchange(jwt, { audience: 'a', scope: 'invoice_write invoice_read' });
    expect(endpoint.requests()).toBe(before + 1);
  });

  it('a hang times out as ERR_AS_UNAVAILABLE', async () => {
    endpoint.answer({ status: 200, body: '{}', delayMs: 1000 });
    expect(await codeOf(exchanger(100).exchange(jwt, { audience: 'a', scope: 'invoice_read' }))).toBe('ERR_AS_UNAVAILABLE');
  });

  it('an unreachable AS is ERR_AS_UNAVAILABLE', async () => {
    const gone = createTokenExchanger({ tokenEndpoint: 'http://127.0.0.1:1/token', clientId: 'c', clientSecret: 's', localMode: true });
    expect(await codeOf(gone.exchange(jwt, { audience: 'a', scope: 'invoice_read' }))).toBe('ERR_AS_UNAVAILABLE');
  });

  it('checks its options', () => {
    expect(() => createTokenExchanger({ tokenEndpoint: 'http://as.example.com/token', clientId: 'c', clientSecret: 's' })).toThrow(expect.objectContaining({ setting: 'tokenEndpoint' }));
    expect(() => createTokenExchanger({ tokenEndpoint: 'https://as.example.com/token', clientId: '', clientSecret: 's' })).toThrow(expect.objectContaining({ setting: 'clientId' }));
    expect(() => createTokenExchanger({ tokenEndpoint: 'https://as.example.com/token', clientId: 'c', clientSecret: '' })).toThrow(expect.objectContaining({ setting: 'clientSecret' }));
  });
});
