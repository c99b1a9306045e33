// The authorizer against the embedded AS (oidc-provider on loopback) in all four modes, with tier 2 on
// dynalite: real tokens from client_credentials, real revocation, real faults.
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { startEmbeddedAs, type EmbeddedAs } from '../../../../local/embedded-as';
import type { AuthorizerConfig, ExchangeMode } from '../../../../lambda/shared/config';
import { restRequestEvent, testConfig } from '../helpers/config';
import { startBackend, type DynamoDbBackend } from '../helpers/dynamodb-backends';
import { harness, outcomeOf, type Harness } from '../helpers/harness';

let as: EmbeddedAs;
let db: DynamoDbBackend;

beforeAll(async () => {
  [as, db] = await Promise.all([startEmbeddedAs(), startBackend('dynalite')]);
}, 30_000);
afterAll(async () => {
  await Promise.all([as?.stop(), db?.stop()]);
});
afterEach(() => as.setFault(undefined));

async function setup(mode: ExchangeMode, overrides: Partial<AuthorizerConfig> = {}): Promise<Harness & { table: string; config: AuthorizerConfig }> {
  const table = await db.newTable();
  const config = testConfig({
    issuer: as.issuer,
    exchangeMode: mode,
    cacheTable: table,
    jwtAudience: mode === 'rfc9701' ? undefined : as.audience,
    ...(mode === 'token-exchange' ? { exchangeAudience: as.audience } : {}),
    ...overrides,
  });
  return { ...harness(config, { dynamoDb: db.client }), table, config };
}

const invoices = (token: string) => restRequestEvent(`Bearer ${token}`, 'GET', '/invoices/{id}', '/invoices/inv-1001');
const streams = (token: string) => restRequestEvent(`Bearer ${token}`, 'GET', '/streams/{id}', '/streams/s1');
const effectFor = (result: APIGatewayAuthorizerResult, method: string, path: string) => {
  const arn = `arn:aws:execute-api:us-east-1:123456789012:api1/prod/${method}${path}`;
  const statements = result.policyDocument.Statement as Array<{ Effect: string; Resource: string[] }>;
  const matches = (pattern: string) => new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(arn);
  const hits = statements.filter((statement) => statement.Resource.some(matches));
  return hits.some((statement) => statement.Effect === 'Deny') ? 'Deny' : hits.length ? 'Allow' : 'implicit';
};

describe.each(['accept-jwt', 'jwt-in-json', 'rfc9701', 'token-exchange'] as const)('%s against the embedded AS', (mode) => {
  it('allows a live token on its routes, denies the others, and forwards a verified JWT', async () => {
    const h = await setup(mode);
    const token = await as.getToken('invoices-client');
    const allowed = (await h.handler(invoices(token))) as APIGatewayAuthorizerResult;
    expect(effectFor(allowed, 'GET', '/invoices/inv-1001')).toBe('Allow');
    expect(effectFor(allowed, 'GET', '/streams/s1')).toBe('Deny');
    const jwt = String(allowed.context?.jwt);
    expect(jwt).not.toBe(token);
    const claims = decodeJwt(jwt) as Record<string, unknown>;
    if (mode === 'rfc9701') {
      expect(decodeProtectedHeader(jwt).typ).toBe('token-introspection+jwt');
      expect((claims.token_introspection as Record<string, unknown>).client_id).toBe('invoices-client');
    } else {
      expect(decodeProtectedHeader(jwt).typ).toBe('at+jwt');
      expect(claims).toMatchObject({ iss: as.issuer, client_id: 'invoices-client', subscriber_id: 'sub-1001' });
    }
    expect(allowed.context).toMatchObject({ client_id: 'invoices-client', scope: expect.stringContaining('invoice_read') });
    // The scope rule is evaluated again on a cache hit: streams is a 403 for this token.
    const denied = (await h.handler(streams(token))) as APIGatewayAuthorizerResult;
    expect(effectFor(denied, 'GET', '/streams/s1')).toBe('Deny');
    expect(h.decisions().map((line) => [line.outcome, line.cacheTier])).toEqual([['allow', 'miss'], ['deny', 'memory']]);
    // A second instance verifies the tier-2 entry's JWT again (this mode's verification) and uses it.
    const other = harness(h.config, { dynamoDb: db.client });
    const fromTable = (await other.handler(invoices(token))) as APIGatewayAuthorizerResult;
    expect(fromTable.context).toEqual(allowed.context);
    expect(other.decisions().map((line) => [line.outcome, line.cacheTier])).toEqual([['allow', 'dynamodb']]);
    expect(other.lines.some((line) => line.includes('cache_entry_rejected'))).toBe(false);
  });

  it('is a 401 for a token the AS does not know, and for a revoked one', async () => {
    const h = await setup(mode, { negativeCacheSeconds: 0 });
    expect(await outcomeOf(h.handler(invoices('unknown-token-abcdef')))).toBe('Unauthorized');
    const token = await as.getToken('streaming-client');
    await as.revoke(token, 'streaming-client');
    expect(await outcomeOf(h.handler(invoices(token)))).toBe('Unauthorized');
    expect(h.decisions().map((line) => line.reason)).toEqual(['ERR_TOKEN_INACTIVE', 'ERR_TOKEN_INACTIVE']);
  });
});

describe('embedded AS: client authentication', () => {
  it('authenticates with private_key_jwt', async () => {
    const h = await setup('accept-jwt', { clientId: 'gateway-pkjwt-client', clientAuthMethod: 'private_key_jwt', clientSecret: JSON.stringify(as.gatewayPrivateJwk) });
    const token = await as.getToken('invoices-client');
    expect(await outcomeOf(h.handler(invoices(token)))).toBe('resolved');
  });

  it('maps a wrong client secret to a 503-mapped failure, not a 401', async () => {
    const h = await setup('accept-jwt', { clientSecret: 'wrong' });
    const token = await as.getToken('invoices-client');
    expect(await outcomeOf(h.handler(invoices(token)))).toBe('Authorizer failure: ERR_AS_CLIENT_AUTH');
  });
});

describe('embedded AS: caching', () => {
  it('makes one introspection for a burst, and none from a second instance sharing the table', async () => {
    const h = await setup('accept-jwt');
    const token = await as.getToken('invoices-client');
    await as.setFault({ kind: 'slow', delayMs: 100 });
    const before = as.calls.introspection;
    await Promise.all(Array.from({ length: 10 }, () => h.handler(invoices(token))));
    expect(as.calls.introspection - before).toBe(1);
    await as.setFault(undefined);
    const other = harness(testConfig({ issuer: as.issuer, cacheTable: h.table, jwtAudience: as.audience }), { dynamoDb: db.client });
    await other.handler(invoices(token));
    expect(as.calls.introspection - before).toBe(1);
    expect(other.decisions()[0].cacheTier).toBe('dynamodb');
  });

  it('caches past the AS\'s Cache-Control: no-store by default, and caches nothing with honorNoStore', async () => {
    const token = await as.getToken('invoices-client');
    // The bare answer as oidc-provider sends it: no-store, no max-age.
    const introspection = await fetch(as.introspectionEndpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('gateway-client:gateway-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }),
    });
    expect(introspection.headers.get('cache-control')).toBe('no-store');
    const before = as.calls.introspection;
    const cached = await setup('accept-jwt');
    await cached.handler(invoices(token));
    await cached.handler(invoices(token));
    expect(cached.decisions().map((line) => line.cacheTier)).toEqual(['miss', 'memory']);
    expect(as.calls.introspection - before).toBe(1);
    const honoring = await setup('accept-jwt', { honorNoStore: true });
    await honoring.handler(invoices(token));
    await honoring.handler(invoices(token));
    expect(honoring.decisions().map((line) => [line.outcome, line.cacheTier])).toEqual([['allow', 'miss'], ['allow', 'miss']]);
    expect(as.calls.introspection - before).toBe(3);
    const { Items } = await db.client.send(new ScanCommand({ TableName: honoring.table }));
    expect(Items).toHaveLength(0);
  });

  it('expires with the token: a short-lived token is a 401 once it has expired, cache or not', async () => {
    const h = await setup('accept-jwt', { negativeCacheSeconds: 0 });
    // Whole seconds: a 2-second token lives at least 1 s from here.
    const token = await as.getToken('invoices-client', { ttlSeconds: 2 });
    expect(await outcomeOf(h.handler(invoices(token)))).toBe('resolved');
    await new Promise((resolve) => setTimeout(resolve, 3100));
    expect(await outcomeOf(h.handler(invoices(token)))).toBe('Unauthorized');
  });

  it('writes no opaque token or JWT to DynamoDB or the log', async () => {
    const h = await setup('jwt-in-json');
    const tokens = [await as.getToken('invoices-client'), await as.getToken('streaming-client')];
    const jwts: string[] = [];
    for (const token of tokens) {
      for (const event of [invoices(token), streams(token)]) jwts.push(String(((await h.handler(event)) as APIGatewayAuthorizerResult).context?.jwt));
    }
    await outcomeOf(h.handler(invoices('not-a-real-token-0000')));
    const { Items } = await (db.client as DynamoDBClient).send(new ScanCommand({ TableName: h.table }));
    expect(Items).toHaveLength(2);
    const texts = [
      ...Items!.flatMap((item) => Object.values(item).map((value) => (value.B ? Buffer.from(value.B).toString('latin1') : JSON.stringify(value)))),
      ...h.lines,
    ];
    for (const secret of [...tokens, 'not-a-real-token-0000', ...jwts, ...jwts.map((jwt) => jwt.split('.')[2])]) {
      for (const text of texts) expect(text).not.toContain(secret);
    }
  });
});

describe('embedded AS: faults', () => {
  it.each([
    ['slow past the timeout', { kind: 'slow', delayMs: 1500 }, 'ERR_AS_UNAVAILABLE'],
    ['500', { kind: 'error-500' }, 'ERR_AS_UNAVAILABLE'],
    ['garbage body', { kind: 'garbage-body' }, 'ERR_AS_RESPONSE_INVALID'],
    ['wrong content type', { kind: 'wrong-content-type' }, 'ERR_AS_RESPONSE_INVALID'],
  ] as const)('%s: a 503-mapped failure, and nothing cached', async (_name, fault, reason) => {
    const h = await setup('accept-jwt', { asTimeoutMs: 300 });
    const token = await as.getToken('invoices-client');
    await as.setFault(fault);
    expect(await outcomeOf(h.handler(invoices(token)))).toBe(`Authorizer failure: ${reason}`);
    // The failed lookup is a miss; a call that timed out or got a 5xx carries its latency.
    expect(h.decisions()[0]).toMatchObject({ outcome: 'unavailable', cacheTier: 'miss' });
    if (reason === 'ERR_AS_UNAVAILABLE') expect(h.decisions()[0].asLatencyMs).toEqual(expect.any(Number));
    await as.setFault(undefined);
    expect(await outcomeOf(h.handler(invoices(token)))).toBe('resolved');
    expect(h.decisions()[1].cacheTier).toBe('miss');
  });

  it('AS down: a 503-mapped failure; back up: allowed', async () => {
    const h = await setup('accept-jwt');
    const token = await as.getToken('invoices-client');
    await h.handler(invoices(token)); // warms endpoints and JWKS
    const other = await as.getToken('invoices-client');
    await as.stop();
    try {
      expect(await outcomeOf(h.handler(invoices(other)))).toBe('Authorizer failure: ERR_AS_UNAVAILABLE');
      // A token already cached is still served while the AS is down.
      expect(await outcomeOf(h.handler(invoices(token)))).toBe('resolved');
    } finally {
      await as.start();
    }
    expect(await outcomeOf(h.handler(invoices(other)))).toBe('resolved');
  });
});
