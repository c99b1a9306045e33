// The four exchange modes against a scripted AS on loopback: what each sends, how each answer is read.
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { ACCESS_TOKEN_TYPE, JWT_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from '../../../../lambda/authorizer/exchange/token-exchange';
import type { AuthorizerConfig } from '../../../../lambda/shared/config';
import { restRequestEvent, testConfig } from '../helpers/config';
import { harness, outcomeOf } from '../helpers/harness';
import { jsonAnswer, jwtAnswer, startScriptedAs, type ScriptedAs } from '../helpers/scripted-as';

let as: ScriptedAs;
beforeAll(async () => {
  as = await startScriptedAs();
});
afterAll(() => as.stop());
beforeEach(() => {
  as.requests.length = 0;
});

const claims = { sub: 'user-1', client_id: 'invoices-client', scope: 'invoice_read invoice_write', aud: 'https://api.example.com' };
const UNAUTHORIZED = 'Unauthorized';

function config(overrides: Partial<AuthorizerConfig> = {}): AuthorizerConfig {
  return testConfig({ issuer: as.issuer, negativeCacheSeconds: 0, ...overrides });
}

async function allowed(h: ReturnType<typeof harness>, token = 'tok'): Promise<APIGatewayAuthorizerResult> {
  const result = (await h.handler(restRequestEvent(`Bearer ${token}`))) as APIGatewayAuthorizerResult;
  expect(result.policyDocument.Statement[0].Effect).toBe('Allow');
  return result;
}

describe('accept-jwt', () => {
  it('introspects with Accept: application/jwt and basic auth, reading the JWT body', async () => {
    const jwt = await as.mint(claims);
    as.respond = () => jwtAnswer(jwt);
    const result = await allowed(harness(config({ clientId: 'gate way', clientSecret: 's3cr:t+%' })));
    expect(result.context).toMatchObject({ jwt, sub: 'user-1', client_id: 'invoices-client', scope: 'invoice_read invoice_write' });
    const [request] = as.requests;
    expect(request.path).toBe('/introspect');
    expect(request.headers.accept).toBe('application/jwt');
    expect(request.form.get('token')).toBe('tok');
    expect(request.form.get('token_type_hint')).toBe('access_token');
    // RFC 6749 §2.3.1: form-url-encoded before Basic.
    expect(Buffer.from(String(request.headers.authorization).slice(6), 'base64').toString()).toBe('gate+way:s3cr%3At%2B%25');
  });

  it.each([
    ['204', { status: 204 }],
    ['active false', jsonAnswer(200, { active: false })],
    ['400 invalid_token', jsonAnswer(400, { error: 'invalid_token' })],
    // oidc-provider's answer to a JWT sent in place of its opaque token (found by the soak run).
    ['400 unsupported_token_type', jsonAnswer(400, { error: 'unsupported_token_type' })],
  ])('treats %s as inactive: 401', async (_name, answer) => {
    as.respond = () => answer;
    const h = harness(config());
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok')))).toBe(UNAUTHORIZED);
    expect(h.decisions()[0]).toMatchObject({ outcome: 'unauthorized', reason: 'ERR_TOKEN_INACTIVE', cacheTier: 'miss' });
  });

  it.each([
    ['wrong content type', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>' }, 'ERR_AS_RESPONSE_INVALID'],
    ['garbage body', { status: 200, headers: { 'content-type': 'application/jwt' }, body: 'not a jwt at all' }, 'ERR_AS_RESPONSE_INVALID'],
    ['JSON active true', jsonAnswer(200, { active: true }), 'ERR_AS_RESPONSE_INVALID'],
    ['403', jsonAnswer(403, { error: 'forbidden' }), 'ERR_AS_RESPONSE_INVALID'],
    ['500', { status: 500, body: 'oops' }, 'ERR_AS_UNAVAILABLE'],
    ['503', { status: 503 }, 'ERR_AS_UNAVAILABLE'],
    ['huge body', { status: 200, headers: { 'content-type': 'application/jwt' }, body: 'a'.repeat(300_000) }, 'ERR_AS_RESPONSE_INVALID'],
  ])('maps %s to a failure (503), never an allow', async (_name, answer, reason) => {
    as.respond = () => answer;
    const h = harness(config());
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok')))).toBe(`Authorizer failure: ${reason}`);
    expect(h.decisions()[0]).toMatchObject({ outcome: 'unavailable', reason });
    // Nothing cached from a failed exchange.
    await outcomeOf(h.handler(restRequestEvent('Bearer tok')));
    expect(as.requests).toHaveLength(2);
  });

  it('times out a slow AS within the configured timeout', async () => {
    const jwt = await as.mint(claims);
    as.respond = () => ({ ...jwtAnswer(jwt), delayMs: 1500 });
    const h = harness(config({ asTimeoutMs: 200 }));
    const started = Date.now();
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok')))).toBe('Authorizer failure: ERR_AS_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(h.decisions()[0]).toMatchObject({ asErrorKind: 'timeout' });
  });

  it('maps an AS that is down to a failure', async () => {
    const h = harness(config({ introspectionEndpoint: 'http://127.0.0.1:1/introspect', jwksUri: as.jwksUri }));
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok')))).toBe('Authorizer failure: ERR_AS_UNAVAILABLE');
    expect(h.decisions()[0]).toMatchObject({ asErrorKind: 'network' });
  });

  it('maps refused client credentials (401) to ERR_AS_CLIENT_AUTH, not to the caller\'s 401', async () => {
    as.respond = () => jsonAnswer(401, { error: 'invalid_client' });
    const h = harness(config());
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok')))).toBe('Authorizer failure: ERR_AS_CLIENT_AUTH');
    expect(as.requests).toHaveLength(1); // an env secret cannot be refreshed
  });
});

describe('jwt-in-json', () => {
  it('reads the JWT from the configured field', async () => {
    const jwt = await as.mint(claims);
    as.respond = () => jsonAnswer(200, { active: true, sub: 'user-1', phantom: jwt });
    const result = await allowed(harness(config({ exchangeMode: 'jwt-in-json', jwtField: 'phantom' })));
    expect(result.context?.jwt).toBe(jwt);
    expect(as.requests[0].headers.accept).toBe('application/json');
  });

  it('refuses to decide (503) when the answer binds the token but its JWT does not carry the binding', async () => {
    const jwt = await as.mint(claims);
    as.respond = () => jsonAnswer(200, { active: true, cnf: { jkt: 'thumbprint' }, jwt });
    expect(await outcomeOf(harness(config({ exchangeMode: 'jwt-in-json' })).handler(restRequestEvent('Bearer tok')))).toBe('Authorizer failure: ERR_AS_RESPONSE_INVALID');
    const bound = await as.mint({ ...claims, cnf: { jkt: 'thumbprint' } });
    as.respond = () => jsonAnswer(200, { active: true, cnf: { jkt: 'thumbprint' }, jwt: bound });
    // Both say the same: the token is DPoP-bound, and this gateway (no senderConstrained) refuses it.
    expect(await outcomeOf(harness(config({ exchangeMode: 'jwt-in-json' })).handler(restRequestEvent('Bearer tok')))).toBe(UNAUTHORIZED);
  });

  it.each([
    ['active false', jsonAnswer(200, { active: false }), UNAUTHORIZED],
    ['204', { status: 204 }, UNAUTHORIZED],
    ['400 unsupported_token_type', jsonAnswer(400, { error: 'unsupported_token_type' }), UNAUTHORIZED],
    ['no field', jsonAnswer(200, { active: true }), 'Authorizer failure: ERR_AS_RESPONSE_INVALID'],
    ['no active', jsonAnswer(200, { jwt: 'a.b.c' }), 'Authorizer failure: ERR_AS_RESPONSE_INVALID'],
    ['not JSON', { status: 200, headers: { 'content-type': 'application/json' }, body: '{oops' }, 'Authorizer failure: ERR_AS_RESPONSE_INVALID'],
    ['JSON null', { status: 200, headers: { 'content-type': 'application/json' }, body: 'null' }, 'Authorizer failure: ERR_AS_RESPONSE_INVALID'],
    ['wrong content type', { status: 200, headers: { 'content-type': 'text/plain' }, body: '{}' }, 'Authorizer failure: ERR_AS_RESPONSE_INVALID'],
    ['418', { status: 418 }, 'Authorizer failure: ERR_AS_RESPONSE_INVALID'],
  ])('%s', async (_name, answer, expected) => {
    as.respond = () => answer;
    expect(await outcomeOf(harness(config({ exchangeMode: 'jwt-in-json' })).handler(restRequestEvent('Bearer tok')))).toBe(expected);
  });
});

describe('rfc9701', () => {
  const MEDIA = 'application/token-introspection+jwt';
  const introspected = { active: true, ...claims, exp: Math.floor(Date.now() / 1000) + 300 };
  const response = (payload: Record<string, unknown>, options = {}) =>
    as.mint({ aud: 'gateway-client', token_introspection: payload, exp: undefined }, { typ: 'token-introspection+jwt', ...options });

  it('verifies typ/iss/aud, reads token_introspection and forwards the response JWT', async () => {
    const jwt = await response(introspected);
    as.respond = () => ({ status: 200, headers: { 'content-type': MEDIA }, body: jwt });
    const result = await allowed(harness(config({ exchangeMode: 'rfc9701' })));
    expect(result.context).toMatchObject({ jwt, sub: 'user-1', client_id: 'invoices-client' });
    expect(as.requests[0].headers.accept).toBe(MEDIA);
  });

  it('caches for the earlier of the response JWT\'s exp and the introspected exp: the forwarded JWT must not outlive the entry', async () => {
    // Each response expires 20 s after it is made (on the handler's clock), the token it describes in 300 s.
    let clockMs = 0;
    as.respond = async () => ({
      status: 200,
      headers: { 'content-type': MEDIA },
      body: await as.mint(
        { aud: 'gateway-client', token_introspection: { ...introspected, exp: Math.floor((Date.now() + clockMs) / 1000) + 300 }, exp: Math.floor((Date.now() + clockMs) / 1000) + 20 },
        { typ: 'token-introspection+jwt' },
      ),
    });
    const h = harness(config({ exchangeMode: 'rfc9701' }));
    const advance = (ms: number) => {
      clockMs += ms;
      h.advance(ms);
    };
    await allowed(h);
    advance(15_000);
    await allowed(h);
    expect(as.requests).toHaveLength(1);
    advance(6000); // past the first response's exp, long before the introspected one
    await allowed(h);
    expect(as.requests).toHaveLength(2);
    expect(h.decisions().map((line) => line.cacheTier)).toEqual(['miss', 'memory', 'miss']);
  });

  it('without an exp on the response, the introspected exp alone bounds the entry', async () => {
    const jwt = await response({ ...introspected, exp: Math.floor(Date.now() / 1000) + 30 });
    as.respond = () => ({ status: 200, headers: { 'content-type': MEDIA }, body: jwt });
    const h = harness(config({ exchangeMode: 'rfc9701' }));
    await allowed(h);
    h.advance(25_000);
    await allowed(h);
    h.advance(6000);
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok')))).toBe(UNAUTHORIZED);
    expect(h.decisions().map((line) => line.cacheTier)).toEqual(['miss', 'memory', 'miss']);
  });

  it('treats token_introspection.active false as inactive', async () => {
    const jwt = await response({ active: false });
    as.respond = () => ({ status: 200, headers: { 'content-type': MEDIA }, body: jwt });
    expect(await outcomeOf(harness(config({ exchangeMode: 'rfc9701' })).handler(restRequestEvent('Bearer tok')))).toBe(UNAUTHORIZED);
  });

  it.each([
    ['wrong typ', () => response(introspected, { typ: 'at+jwt' }), UNAUTHORIZED],
    ['wrong aud', () => as.mint({ aud: 'someone-else', token_introspection: introspected }, { typ: 'token-introspection+jwt' }), UNAUTHORIZED],
    ['no token_introspection', () => as.mint({ aud: 'gateway-client' }, { typ: 'token-introspection+jwt' }), 'Authorizer failure: ERR_AS_RESPONSE_INVALID'],
    ['introspected token expired', () => response({ ...introspected, exp: Math.floor(Date.now() / 1000) - 5 }), UNAUTHORIZED],
    ['introspected token without exp', () => response({ ...introspected, exp: undefined }), UNAUTHORIZED],
  ])('%s', async (_name, make, expected) => {
    const jwt = await make();
    as.respond = () => ({ status: 200, headers: { 'content-type': MEDIA }, body: jwt });
    expect(await outcomeOf(harness(config({ exchangeMode: 'rfc9701' })).handler(restRequestEvent('Bearer tok')))).toBe(expected);
  });

  it('checks the introspected audience when one is configured', async () => {
    const jwt = await response(introspected);
    as.respond = () => ({ status: 200, headers: { 'content-type': MEDIA }, body: jwt });
    const h = harness(config({ exchangeMode: 'rfc9701', jwtAudience: 'https://other.example.com' }));
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok')))).toBe(UNAUTHORIZED);
    as.respond = () => ({ status: 200, headers: { 'content-type': MEDIA }, body: jwt });
    await allowed(harness(config({ exchangeMode: 'rfc9701', jwtAudience: 'https://api.example.com' })), 'tok2');
  });

  it.each([
    ['wrong content type', { status: 200, headers: { 'content-type': 'application/jwt' }, body: 'a.b.c' }],
    ['garbage', { status: 200, headers: { 'content-type': MEDIA }, body: '%%%' }],
    ['409', { status: 409 }],
  ])('maps %s to ERR_AS_RESPONSE_INVALID', async (_name, answer) => {
    as.respond = () => answer;
    expect(await outcomeOf(harness(config({ exchangeMode: 'rfc9701' })).handler(restRequestEvent('Bearer tok')))).toBe(
      'Authorizer failure: ERR_AS_RESPONSE_INVALID',
    );
  });
});

describe('token-exchange', () => {
  it('sends an RFC 8693 request with audience and scope and reads access_token', async () => {
    const jwt = await as.mint(claims);
    as.respond = () => jsonAnswer(200, { access_token: jwt, issued_token_type: JWT_TOKEN_TYPE, token_type: 'N_A' }, { 'cache-control': 'no-store, max-age=0' });
    const h = harness(config({ exchangeMode: 'token-exchange', exchangeAudience: 'https://api.example.com', exchangeScope: 'invoice_read' }));
    const result = await allowed(h);
    expect(result.context?.jwt).toBe(jwt);
    const { form, path } = as.requests[0];
    expect(path).toBe('/token');
    expect(Object.fromEntries(form)).toEqual({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: 'tok',
      subject_token_type: ACCESS_TOKEN_TYPE,
      requested_token_type: JWT_TOKEN_TYPE,
      audience: 'https://api.example.com',
      scope: 'invoice_read',
    });
    // max-age=0: not cached, the AS is asked again.
    await allowed(h);
    expect(as.requests).toHaveLength(2);
  });

  it.each([
    ['400 invalid_grant', jsonAnswer(400, { error: 'invalid_grant' }), UNAUTHORIZED],
    ['401 invalid_token', jsonAnswer(401, { error: 'invalid_token' }), UNAUTHORIZED],
    // The token is live but cannot become this gateway's JWT: the caller's token, not the AS, is at fault.
    ['400 invalid_scope', jsonAnswer(400, { error: 'invalid_scope' }), UNAUTHORIZED],
    ['400 invalid_target', jsonAnswer(400, { error: 'invalid_target' }), UNAUTHORIZED],
    ['400 invalid_request', jsonAnswer(400, { error: 'invalid_request' }), 'Authorizer failure: ERR_AS_RESPONSE_INVALID'],
    ['401 invalid_client', jsonAnswer(401, { error: 'invalid_client' }), 'Authorizer failure: ERR_AS_CLIENT_AUTH'],
    ['issued type refresh token', jsonAnswer(200, { access_token: 'a.b.c', issued_token_type: 'urn:ietf:params:oauth:token-type:refresh_token' }), 'Authorizer failure: ERR_AS_RESPONSE_INVALID'],
    ['opaque access_token', jsonAnswer(200, { access_token: 'opaque', issued_token_type: ACCESS_TOKEN_TYPE }), 'Authorizer failure: ERR_AS_RESPONSE_INVALID'],
    ['not JSON', { status: 200, headers: { 'content-type': 'application/json' }, body: 'x' }, 'Authorizer failure: ERR_AS_RESPONSE_INVALID'],
    ['wrong content type', { status: 200, headers: { 'content-type': 'text/plain' }, body: 'x' }, 'Authorizer failure: ERR_AS_RESPONSE_INVALID'],
  ])('%s', async (_name, answer, expected) => {
    as.respond = () => answer;
    expect(await outcomeOf(harness(config({ exchangeMode: 'token-exchange' })).handler(restRequestEvent('Bearer tok')))).toBe(expected);
  });
});

describe('endpoint discovery', () => {
  it('reads missing endpoints from the AS metadata once', async () => {
    const jwt = await as.mint(claims);
    as.respond = () => jwtAnswer(jwt);
    const h = harness(config());
    await allowed(h, 'a');
    await allowed(h, 'b');
    expect(as.requests.map((request) => request.path)).toEqual(['/introspect', '/introspect']);
  });

  it('fails (503) when the metadata cannot be read, and retries on the next request', async () => {
    const h = harness(testConfig({ issuer: 'http://127.0.0.1:1' }));
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok')))).toBe('Authorizer failure: ERR_AS_UNAVAILABLE');
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok')))).toBe('Authorizer failure: ERR_AS_UNAVAILABLE');
  });
});
