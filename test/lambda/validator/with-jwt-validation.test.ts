import { withJwtValidation, validatorFromEnv } from '../../../lambda/validator/with-jwt-validation';
import { createJwtValidator } from '../../../lambda/validator/jwt-validator';
import type { ValidatorOptions } from '../../../lambda/validator/options';
import { ConfigError } from '../../../lambda/shared/errors';
import { validatorConfigToEnv } from '../../../lambda/shared/config';
import { tokenHash, tokenHashPrefix } from '../../../lambda/shared/token-hash';
import { AUDIENCE, fixedClock, httpApiEvent, ISSUER, jwksOf, makeKeys, mint, phantomClaims, restEvent, type TestAlg, type TestKey } from './token-factory';
import { startJwksServer } from './jwks-server';

let keys: Record<TestAlg, TestKey>;
let lines: string[];
beforeAll(async () => {
  keys = await makeKeys();
});
beforeEach(() => {
  lines = [];
});

function options(overrides: Partial<ValidatorOptions> = {}): ValidatorOptions {
  return { issuer: ISSUER, audience: AUDIENCE, jwks: jwksOf(keys.ES256, keys.RS256), clock: fixedClock(), logSink: (line) => lines.push(line), ...overrides };
}

const echoClaims = withJwtValidationFactory();
function withJwtValidationFactory() {
  return (extra: Partial<ValidatorOptions> = {}, rules = { scopes: { anyOf: ['invoice_read'] } }) =>
    withJwtValidation(rules, async ({ claims, request }) => ({ statusCode: 200, body: JSON.stringify({ sub: claims.sub, route: request.route }) }), options(extra));
}

describe('withJwtValidation: token sources', () => {
  it('REST proxy: reads requestContext.authorizer.jwt', async () => {
    const response = await echoClaims()(restEvent(await mint(keys.ES256)));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ sub: 'user-1001', route: '/invoices/{id}' });
  });

  it('HTTP API 2.0: reads requestContext.authorizer.lambda.jwt', async () => {
    const response = await echoClaims()(httpApiEvent(await mint(keys.RS256)));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ sub: 'user-1001', route: '/invoices/{id}' });
  });

  it('Authorization header only when configured', async () => {
    const token = await mint(keys.ES256);
    const event = restEvent(undefined, { headers: { Authorization: `Bearer ${token}` } });
    expect((await echoClaims()(event)).statusCode).toBe(401);
    expect((await echoClaims({ tokenSources: ['authorization-header'] })(event)).statusCode).toBe(200);
    const lower = httpApiEvent(undefined, { headers: { authorization: `bearer ${token}` } });
    expect((await echoClaims({ tokenSources: ['authorizer-context', 'authorization-header'] })(lower)).statusCode).toBe(200);
    const oddCase = restEvent(undefined, { headers: { AUTHORIZATION: `Bearer ${token}` } });
    expect((await echoClaims({ tokenSources: ['authorization-header'] })(oddCase)).statusCode).toBe(200);
  });

  it('the first configured source present wins', async () => {
    const good = await mint(keys.ES256);
    const event = restEvent(good, { headers: { Authorization: 'Bearer not.a.jwt' } });
    expect((await echoClaims({ tokenSources: ['authorizer-context', 'authorization-header'] })(event)).statusCode).toBe(200);
    expect((await echoClaims({ tokenSources: ['authorization-header', 'authorizer-context'] })(event)).statusCode).toBe(401);
  });

  it('a malformed Authorization header is ERR_TOKEN_MALFORMED', async () => {
    const response = await echoClaims({ tokenSources: ['authorization-header'] })(restEvent(undefined, { headers: { Authorization: 'Basic dXNlcjpwdw==' } }));
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body).code).toBe('ERR_TOKEN_MALFORMED');
  });
});

describe('withJwtValidation: RFC 6750 answers', () => {
  it('no token: 401 with a bare Bearer challenge and no error code in the body (RFC 6750 §3.1)', async () => {
    const response = await echoClaims()(restEvent(undefined));
    expect(response.statusCode).toBe(401);
    expect(response.headers?.['WWW-Authenticate']).toBe('Bearer');
    const body = JSON.parse(response.body);
    expect(body).toMatchObject({ code: 'ERR_TOKEN_MISSING' });
    expect(body).not.toHaveProperty('error');
  });

  it('a bad token: 401 invalid_token, the body names the code and never echoes the token', async () => {
    const token = await mint(keys.ES256, { claims: phantomClaims({ aud: 'https://elsewhere.example.com' }) });
    const response = await echoClaims()(restEvent(token));
    expect(response.statusCode).toBe(401);
    expect(response.headers?.['WWW-Authenticate']).toMatch(/^Bearer error="invalid_token", error_description="[^"]+"$/);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'invalid_token', code: 'ERR_JWT_CLAIM' });
    expect(JSON.stringify(response)).not.toContain(token);
    expect(lines.join('\n')).not.toContain(token);
  });

  it('a missing scope: 403 insufficient_scope naming the scope', async () => {
    const token = await mint(keys.ES256, { claims: phantomClaims({ scope: 'video_stream' }) });
    const response = await echoClaims()(restEvent(token));
    expect(response.statusCode).toBe(403);
    expect(response.headers?.['WWW-Authenticate']).toBe('Bearer error="insufficient_scope", scope="invoice_read"');
    expect(JSON.parse(response.body)).toMatchObject({ error: 'insufficient_scope', code: 'ERR_SCOPE_INSUFFICIENT' });
  });

  it('an any-of scope rule advertises one scope that suffices, not every alternative', async () => {
    const token = await mint(keys.ES256, { claims: phantomClaims({ scope: 'video_stream' }) });
    const response = await echoClaims({}, { scopes: { anyOf: ['order_read', 'order_admin'] } })(restEvent(token));
    expect(response.statusCode).toBe(403);
    expect(response.headers?.['WWW-Authenticate']).toBe('Bearer error="insufficient_scope", scope="order_read"');
    const both = await echoClaims({}, { scopes: { allOf: ['order_read'], anyOf: ['region_eu', 'region_us'] } } as never)(restEvent(token));
    expect(both.headers?.['WWW-Authenticate']).toBe('Bearer error="insufficient_scope", scope="order_read region_eu"');
  });

  it('a claim rule refusing inv-2002 data to a sub-1001 token: 403 ERR_CLAIM_MISMATCH', async () => {
    const handler = withJwtValidation(
      { scopes: { anyOf: ['invoice_read'] }, claims: [{ claim: 'subscriber_id', equalsPathParameter: 'subscriberId' }] },
      async () => ({ statusCode: 200, body: '{}' }),
      options(),
    );
    const token = await mint(keys.ES256);
    const own = await handler(restEvent(token, { pathParameters: { subscriberId: 'sub-1001' } }));
    const other = await handler(restEvent(token, { pathParameters: { subscriberId: 'sub-2002' } }));
    expect(own.statusCode).toBe(200);
    expect(other.statusCode).toBe(403);
    expect(JSON.parse(other.body)).toMatchObject({ error: 'access_denied', code: 'ERR_CLAIM_MISMATCH' });
  });

  it('a throwing handler: 500 ERR_INTERNAL without the cause', async () => {
    const handler = withJwtValidation({}, async () => {
      throw new Error('database password is hunter2');
    }, options());
    const response = await handler(restEvent(await mint(keys.ES256)), { awsRequestId: 'r-9' } as never);
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'server_error', code: 'ERR_INTERNAL' });
    expect(response.body).not.toContain('hunter2');
    expect(JSON.parse(lines[0])).toMatchObject({ component: 'validator', outcome: 'error', reason: 'ERR_INTERNAL', requestId: 'r-9' });
  });

  it('an event that is not an API Gateway event: 500, not a crash', async () => {
    const response = await echoClaims()(null as never);
    expect(response.statusCode).toBe(500);
  });

  it('JWKS unreachable: 503 with Retry-After', async () => {
    const server = await startJwksServer(jwksOf(keys.ES256));
    server.failWith(503);
    try {
      const handler = echoClaims({ jwks: undefined, jwksUri: `${server.url}?down`, localMode: true });
      const response = await handler(restEvent(await mint(keys.ES256)));
      expect(response.statusCode).toBe(503);
      expect(response.headers?.['Retry-After']).toBe('5');
      expect(JSON.parse(response.body)).toMatchObject({ error: 'temporarily_unavailable', code: 'ERR_AS_UNAVAILABLE' });
    } finally {
      await server.stop();
    }
  });
});

describe('withJwtValidation: the policy hook cannot widen access', () => {
  const subscriberRule = { claims: [{ claim: 'subscriber_id', equalsPathParameter: 'subscriberId' }] };
  const ownOrders = (subscriberId: string) => restEvent('', { resource: '/subscribers/{subscriberId}/orders', pathParameters: { subscriberId } });

  it('a hook that rewrites the path parameter the claim rule checked throws: 403, the handler never runs', async () => {
    const handlerSaw: string[] = [];
    const handler = withJwtValidation(
      {
        ...subscriberRule,
        policy: ({ request }) => {
          (request.pathParameters as Record<string, string>).subscriberId = 'sub-2002';
          return true;
        },
      },
      async ({ request }) => {
        handlerSaw.push(request.pathParameters.subscriberId);
        return { statusCode: 200, body: '{}' };
      },
      options(),
    );
    const event = ownOrders('sub-1001');
    event.requestContext.authorizer = { jwt: await mint(keys.ES256) } as never;
    const response = await handler(event);
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body).code).toBe('ERR_POLICY_DENIED');
    expect(handlerSaw).toEqual([]);
  });

  it('a hook that swallows its failed mutations changes nothing the handler sees', async () => {
    const token = await mint(keys.ES256);
    const tamper = (target: object, key: string, value: unknown) => {
      try {
        Reflect.set(target, key, value);
      } catch {
        // frozen: strict-mode assignments throw, Reflect.set returns false
      }
    };
    const handler = withJwtValidation(
      {
        ...subscriberRule,
        policy: ({ request, claims, jwt }) => {
          tamper(request.pathParameters, 'subscriberId', 'sub-2002');
          tamper(request, 'pathParameters', { subscriberId: 'sub-2002' });
          tamper(claims, 'subscriber_id', 'sub-2002');
          tamper(jwt, 'claims', { ...claims, subscriber_id: 'sub-2002', scope: 'admin' });
          tamper(jwt.scopes, '0', 'admin');
          return true;
        },
      },
      async ({ request, claims, jwt }) => ({
        statusCode: 200,
        body: JSON.stringify({ path: request.pathParameters.subscriberId, claim: claims.subscriber_id, jwtClaim: jwt.claims.subscriber_id, scopes: jwt.scopes }),
      }),
      options(),
    );
    const event = ownOrders('sub-1001');
    event.requestContext.authorizer = { jwt: token } as never;
    const response = await handler(event);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ path: 'sub-1001', claim: 'sub-1001', jwtClaim: 'sub-1001', scopes: ['invoice_read', 'invoice_write'] });
  });

  it('rules, hook and handler are given the same frozen request', async () => {
    const seen: unknown[] = [];
    const handler = withJwtValidation(
      { policy: ({ request }) => seen.push(request) > 0 },
      async ({ request, claims }) => {
        seen.push(request);
        expect(Object.isFrozen(request) && Object.isFrozen(request.pathParameters) && Object.isFrozen(request.headers) && Object.isFrozen(claims)).toBe(true);
        return { statusCode: 204, body: '' };
      },
      options(),
    );
    expect((await handler(restEvent(await mint(keys.ES256)))).statusCode).toBe(204);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
  });
});

describe('withJwtValidation: decision log', () => {
  it('refusals of a token carry its hash prefix (the same domain-separated hash as allows)', async () => {
    const forged = `${(await mint(keys.ES256)).split('.').slice(0, 2).join('.')}.${'A'.repeat(86)}`;
    const response = await echoClaims()(restEvent(forged));
    expect(response.statusCode).toBe(401);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ component: 'validator', outcome: 'unauthorized', reason: 'ERR_JWT_SIGNATURE' });
    expect(line.tokenHashPrefix).toBe(tokenHashPrefix(tokenHash(forged, 'validator')));
    await echoClaims()(restEvent('not-a-jwt'));
    expect(JSON.parse(lines[1])).toMatchObject({ reason: 'ERR_TOKEN_MALFORMED', tokenHashPrefix: tokenHashPrefix(tokenHash('not-a-jwt', 'validator')) });
    await echoClaims()(restEvent(undefined));
    expect(JSON.parse(lines[2])).toMatchObject({ reason: 'ERR_TOKEN_MISSING' });
    expect(JSON.parse(lines[2])).not.toHaveProperty('tokenHashPrefix');
    expect(lines.join('\n')).not.toContain(forged);
  });

  it('hashes the token once per request, on the verified-token cache path too', async () => {
    const token = await mint(keys.ES256);
    const handler = echoClaims();
    await handler(restEvent(token));
    const hashing = jest.spyOn(jest.requireActual('node:crypto') as typeof import('node:crypto'), 'hash');
    try {
      await handler(restEvent(token));
      expect(hashing.mock.calls.filter(([, data]) => typeof data === 'string' && data.endsWith(token))).toHaveLength(1);
    } finally {
      hashing.mockRestore();
    }
    expect(JSON.parse(lines[1]).tokenHashPrefix).toBe(tokenHashPrefix(tokenHash(token, 'validator')));
  });

  it('one JSON line per decision, with the token hash prefix but never the token', async () => {
    const token = await mint(keys.ES256);
    const handler = echoClaims();
    await handler(restEvent(token));
    await handler(restEvent(await mint(keys.ES256, { claims: phantomClaims({ scope: 'x' }) })));
    expect(lines).toHaveLength(2);
    const [allow, deny] = lines.map((line) => JSON.parse(line));
    expect(allow).toMatchObject({ msg: 'decision', component: 'validator', outcome: 'allow', reason: 'OK', route: 'GET /invoices/{id}', sub: 'user-1001', clientId: 'invoices-client' });
    expect(allow.tokenHashPrefix).toMatch(/^[0-9a-f]{12}$/);
    expect(deny).toMatchObject({ outcome: 'deny', reason: 'ERR_SCOPE_INSUFFICIENT' });
    expect(lines.join('\n')).not.toContain(token);
    expect(lines.join('\n')).not.toContain(token.split('.')[2]);
  });

  it('respects the log level', async () => {
    await echoClaims({ logLevel: 'warn' })(restEvent(await mint(keys.ES256)));
    expect(lines).toEqual([]);
  });
});

describe('withJwtValidation: configuration', () => {
  it('shares one validator between handlers when given one', async () => {
    const validator = createJwtValidator(options());
    const token = await mint(keys.ES256);
    const a = withJwtValidation({}, async ({ jwt }) => ({ statusCode: 200, body: jwt.tokenHash }), validator);
    const b = withJwtValidation({}, async ({ jwt }) => ({ statusCode: 200, body: jwt.tokenHash }), validator);
    expect((await a(restEvent(token))).body).toBe((await b(restEvent(token))).body);
  });

  it('refuses unusable rules when created', () => {
    expect(() => withJwtValidation({ scopes: { anyOf: [] } }, async () => ({ statusCode: 200, body: '' }), options())).toThrow(ConfigError);
  });

  it.each([
    ['issuer', { issuer: '' }],
    ['issuer', { issuer: 'http://as.example.com' }],
    ['audience', { audience: '' }],
    ['jwksUri', { jwks: undefined }],
    ['jwks', { jwksUri: 'https://as.example.com/jwks' }],
    ['jwks', { jwks: {} as never }],
    ['jwksUri', { jwks: undefined, jwksUri: 'ftp://as.example.com/jwks' }],
    ['allowedAlgorithms', { allowedAlgorithms: ['HS256' as never] }],
    ['allowedAlgorithms', { allowedAlgorithms: [] }],
    ['tokenSources', { tokenSources: ['query-string' as never] }],
    ['tokenSources', { tokenSources: [] }],
    ['clockToleranceSeconds', { clockToleranceSeconds: 301 }],
    ['verifiedTokenCacheEntries', { verifiedTokenCacheEntries: -1 }],
    ['maxTokenLength', { maxTokenLength: 1.5 }],
  ])('a bad %s is a ConfigError naming it', (setting, overrides) => {
    expect(() => createJwtValidator(options(overrides as Partial<ValidatorOptions>))).toThrow(expect.objectContaining({ code: 'ERR_CONFIG', setting }));
  });

  it('validatorFromEnv reads the shared environment contract', async () => {
    const server = await startJwksServer(jwksOf(keys.ES256));
    try {
      const env = validatorConfigToEnv({ issuer: ISSUER, audience: AUDIENCE, jwksUri: `${server.url}?env`, localMode: true, tokenType: 'at+jwt', logLevel: 'error' });
      const validator = validatorFromEnv(env);
      expect(validator.options).toMatchObject({ issuer: ISSUER, audience: AUDIENCE, tokenType: 'at+jwt', tokenSources: ['authorizer-context'], clockToleranceSeconds: 30 });
      const now = Math.floor(Date.now() / 1000);
      const token = await mint(keys.ES256, { claims: phantomClaims({ iat: now, exp: now + 60 }) });
      const response = await withJwtValidation({}, async () => ({ statusCode: 204, body: '' }), validator)(restEvent(token));
      expect(response.statusCode).toBe(204);
    } finally {
      await server.stop();
    }
  });

  it('validatorFromEnv fails the cold start naming the variable', () => {
    expect(() => validatorFromEnv({ PHANTOM_ISSUER: ISSUER, PHANTOM_AUDIENCE: AUDIENCE })).toThrow(expect.objectContaining({ setting: 'PHANTOM_JWKS_URI' }));
    expect(() => validatorFromEnv({ PHANTOM_AUDIENCE: AUDIENCE })).toThrow(expect.objectContaining({ setting: 'PHANTOM_ISSUER' }));
  });

  it('without options, reads process.env at creation', () => {
    const saved = { ...process.env };
    try {
      process.env.PHANTOM_ISSUER = ISSUER;
      process.env.PHANTOM_AUDIENCE = AUDIENCE;
      process.env.PHANTOM_JWKS_URI = `${ISSUER}/jwks`;
      expect(typeof withJwtValidation({}, async () => ({ statusCode: 200, body: '' }))).toBe('function');
      delete process.env.PHANTOM_JWKS_URI;
      expect(() => withJwtValidation({}, async () => ({ statusCode: 200, body: '' }))).toThrow(ConfigError);
    } finally {
      process.env = saved;
    }
  });
});
