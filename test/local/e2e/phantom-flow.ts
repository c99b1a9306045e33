// The whole phantom-token flow through HTTP, once per exchange mode, for either API kind: openid-client
// gets opaque tokens from the embedded AS and calls the local gateway (a REST API, or the HTTP API that
// PhantomTokenHttpGateway deploys), which runs the real authorizer (AS + DynamoDB cache) and the real
// services. One stack per mode; the caches are kept short so revocation, expiry and an AS outage are
// observable within the test. The flows are the same; only the gateway's own answers differ by kind
// (REST and HTTP say how). phantom-flow-rest.test.ts and phantom-flow-http.test.ts run it, one file per
// kind so Jest runs them side by side.
import type { Configuration } from 'openid-client';
import { EXCHANGE_MODES } from '../../../lambda/shared/config';
import { RETRY_AFTER_SECONDS } from '../../../lambda/shared/gateway-responses';
import type { ProxyEvent } from '../../../local/gateway';
import type { HttpProxyEvent } from '../../../local/gateway/http-api-events';
import { startLocalStack, type LocalStack } from '../../../local/local-stack';
import { callApi, callApiWithoutToken, clientCredentialsToken, discoverClient, revokeToken, type ApiAnswer } from './oauth-client';

/** Gateway result cache and authorizer cache lifetime for these tests. */
const CACHE_WINDOW_SECONDS = 2;
const NEGATIVE_CACHE_SECONDS = 1;
const afterCacheWindow = () => new Promise((resolve) => setTimeout(resolve, (CACHE_WINDOW_SECONDS + 0.5) * 1000));

type Refusal = 'invalid_token' | 'insufficient_scope';

/** What differs between the two API kinds: the gateway's own answers and the event a service receives. */
interface ApiKind {
  readonly api: 'rest' | 'http';
  expectRefused(answer: ApiAnswer, error: Refusal): void;
  /** A token nothing has cached while the AS is down. */
  expectAsDown(answer: ApiAnswer): void;
  pathOf(event: ProxyEvent): string;
  /** The service got the JWT, and no opaque token anywhere it could read one. */
  expectOnlyJwt(event: ProxyEvent, opaqueTokens: ReadonlySet<string>): void;
}

const STATUS: Record<Refusal, 401 | 403> = { invalid_token: 401, insufficient_scope: 403 };

export const REST: ApiKind = {
  api: 'rest',
  // Gateway responses turn the authorizer's refusals into RFC 6750 challenges with an OAuth error body.
  expectRefused(answer, error) {
    expect(answer.status).toBe(STATUS[error]);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(answer.body).toEqual({ error, error_description: expect.any(String) });
  },
  expectAsDown(answer) {
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
    expect(answer.body).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String) });
  },
  pathOf: (event) => event.path,
  expectOnlyJwt(event, opaqueTokens) {
    const jwt = event.requestContext.authorizer?.jwt as string;
    expect(jwt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(event.headers.Authorization).toBe(`Bearer ${jwt}`);
    const everything = JSON.stringify(event);
    for (const token of opaqueTokens) expect(everything).not.toContain(token);
  },
};

export const HTTP: ApiKind = {
  api: 'http',
  // HTTP APIs have no gateway responses: fixed bodies, no challenge, and a failed authorizer is a 500.
  expectRefused(answer, error) {
    expect([answer.status, answer.body]).toEqual([STATUS[error], { message: error === 'invalid_token' ? 'Unauthorized' : 'Forbidden' }]);
    expect(answer.headers.get('www-authenticate')).toBeNull();
  },
  expectAsDown(answer) {
    expect([answer.status, answer.body]).toEqual([500, { message: 'Internal Server Error' }]);
  },
  pathOf: (event) => (event as unknown as HttpProxyEvent).rawPath,
  expectOnlyJwt(proxyEvent, opaqueTokens) {
    const event = proxyEvent as unknown as HttpProxyEvent;
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toMatch(/^(GET|POST) \//);
    expect(event.requestContext.stage).toBe('$default');
    const context = event.requestContext.authorizer.lambda;
    expect(context.jwt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(context.authorization).toBe(`Bearer ${context.jwt}`);
    // An HTTP API passes the client's Authorization header on unchanged (it may not be rewritten): the
    // services read the JWT from the authorizer context, and the opaque token appears nowhere else.
    const { authorization, ...otherHeaders } = event.headers;
    expect(opaqueTokens.has(authorization!.replace(/^Bearer /, ''))).toBe(true);
    const { headers: _headers, ...rest } = event;
    const everythingElse = JSON.stringify({ ...rest, otherHeaders });
    for (const token of opaqueTokens) expect(everythingElse).not.toContain(token);
  },
};

export const describePhantomFlow = (kind: ApiKind) => describe.each(EXCHANGE_MODES)(`local mode end to end, ${kind.api} API, %s`, (exchangeMode) => {
  let stack: LocalStack;
  let invoicesClient: Configuration;
  let streamingClient: Configuration;
  const received: Array<{ service: string; event: ProxyEvent }> = [];
  const access: Array<Record<string, unknown>> = [];
  const opaqueTokens = new Set<string>();
  const url = (path: string) => `${stack.gatewayUrl}${path}`;
  const tokenFor = async (client: Configuration) => {
    const token = await clientCredentialsToken(client);
    opaqueTokens.add(token);
    return token;
  };
  const servedByService = (path: string) => received.some(({ event }) => kind.pathOf(event) === path);
  const lastAccess = () => access[access.length - 1];

  beforeAll(async () => {
    stack = await startLocalStack({
      api: kind.api,
      exchangeMode,
      resultsCacheTtlSeconds: CACHE_WINDOW_SECONDS,
      authorizer: { cacheMaxTtlSeconds: CACHE_WINDOW_SECONDS, negativeCacheSeconds: NEGATIVE_CACHE_SECONDS, logLevel: 'error' },
      accessLog: (line) => access.push(JSON.parse(line)),
      decisionLog: () => undefined,
      onServiceEvent: (service, event) => received.push({ service, event }),
    });
    invoicesClient = await discoverClient(stack.issuer, 'invoices-client', 'invoices-secret');
    streamingClient = await discoverClient(stack.issuer, 'streaming-client', 'streaming-secret');
  });
  afterAll(() => stack?.stop());

  it('invoices-client: reads its invoice, is refused another subscriber\'s by the API and streams by the gateway, creates an invoice', async () => {
    const token = await tokenFor(invoicesClient);
    const own = await callApi(invoicesClient, token, url('/invoices/inv-1001'));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: 'inv-1001', subscriberId: 'sub-1001' });

    const other = await callApi(invoicesClient, token, url('/invoices/inv-2002'));
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ code: 'ERR_CLAIM_MISMATCH' });
    expect(servedByService('/invoices/inv-2002')).toBe(true);

    kind.expectRefused(await callApi(invoicesClient, token, url('/streams/s-1')), 'insufficient_scope');
    expect(servedByService('/streams/s-1')).toBe(false);

    const created = await callApi(invoicesClient, token, url('/invoices'), 'POST', { amount: 12.5 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ subscriberId: 'sub-1001', amount: 12.5 });
  });

  it('streaming-client: reads a stream and its metadata, is refused invoices', async () => {
    const token = await tokenFor(streamingClient);
    expect((await callApi(streamingClient, token, url('/streams/s-1'))).body).toMatchObject({ id: 's-1' });
    const metadata = await callApi(streamingClient, token, url('/streams/s-1/metadata'));
    expect(metadata.status).toBe(200);
    expect(metadata.body).toMatchObject({ id: 's-1', codec: expect.any(String) });
    kind.expectRefused(await callApi(streamingClient, token, url('/invoices/inv-1001')), 'insufficient_scope');
  });

  it('refuses a missing or garbage token with 401', async () => {
    kind.expectRefused(await callApiWithoutToken(url('/invoices/inv-1001')), 'invalid_token');
    const garbage = 'not-a-token-this-AS-ever-issued';
    opaqueTokens.add(garbage);
    kind.expectRefused(await callApi(invoicesClient, garbage, url('/invoices/inv-1001')), 'invalid_token');
  });

  it('refuses a revoked token once the cache window has passed, and an expired token', async () => {
    const revoked = await tokenFor(invoicesClient);
    expect((await callApi(invoicesClient, revoked, url('/invoices/inv-1001'))).status).toBe(200);
    await revokeToken(invoicesClient, revoked);
    const expired = await stack.as!.getToken('invoices-client', { ttlSeconds: 1 });
    opaqueTokens.add(expired);

    await afterCacheWindow();
    kind.expectRefused(await callApi(invoicesClient, revoked, url('/invoices/inv-1001')), 'invalid_token');
    kind.expectRefused(await callApi(invoicesClient, expired, url('/invoices/inv-1001')), 'invalid_token');
  });

  it('refuses uncached tokens while the AS is down (never an allow); cached tokens work until their entry expires', async () => {
    const cached = await tokenFor(invoicesClient);
    const uncached = await tokenFor(invoicesClient);
    expect((await callApi(invoicesClient, cached, url('/invoices/inv-1001'))).status).toBe(200);
    await stack.as!.stop();
    try {
      kind.expectAsDown(await callApi(invoicesClient, uncached, url('/invoices/inv-1001')));
      if (kind.api === 'http') expect(lastAccess()).toMatchObject({ gatewayResponse: 'AUTHORIZER_FAILURE', reason: expect.stringMatching(/^authorizer failed/) });
      expect((await callApi(invoicesClient, cached, url('/invoices/inv-1001'))).status).toBe(200);

      await afterCacheWindow();
      kind.expectAsDown(await callApi(invoicesClient, cached, url('/invoices/inv-1001')));
    } finally {
      await stack.as!.start();
    }
    expect((await callApi(invoicesClient, uncached, url('/invoices/inv-1001'))).status).toBe(200);
  });

  if (kind.api === 'http') {
    it('the result cache is keyed on the header and the route key: an answer for one route never serves another', async () => {
      const token = await tokenFor(streamingClient);
      expect((await callApi(streamingClient, token, url('/streams/s-1'))).status).toBe(200);
      expect(lastAccess()).toMatchObject({ route: 'GET /streams/{id}', authorization: 'authorizer' });
      expect((await callApi(streamingClient, token, url('/streams/s-2'))).status).toBe(200);
      expect(lastAccess()).toMatchObject({ route: 'GET /streams/{id}', authorization: 'cache' });
      expect((await callApi(streamingClient, token, url('/streams/s-1/metadata'))).status).toBe(200);
      expect(lastAccess()).toMatchObject({ route: 'GET /streams/{id}/metadata', authorization: 'authorizer' });
      const refused = await callApi(streamingClient, token, url('/invoices/inv-1001'));
      expect(refused.status).toBe(403);
      expect(lastAccess()).toMatchObject({ route: 'GET /invoices/{id}', authorization: 'authorizer', gatewayResponse: 'FORBIDDEN' });
      expect((await callApi(streamingClient, token, url('/invoices/inv-1001'))).status).toBe(403);
      expect(lastAccess()).toMatchObject({ authorization: 'cache', gatewayResponse: 'FORBIDDEN' });
    });

    it('answers a missing token without calling the authorizer, and 404 {"message":"Not Found"} for a path or method no route names', async () => {
      expect((await callApiWithoutToken(url('/invoices/inv-1001'))).status).toBe(401);
      expect(lastAccess()).toMatchObject({ authorization: 'skipped', reason: 'identity source missing' });
      const token = await tokenFor(invoicesClient);
      for (const [method, path] of [['GET', '/nothing-here'], ['DELETE', '/invoices/inv-1001']]) {
        const answer = await callApi(invoicesClient, token, url(path), method);
        expect([answer.status, answer.body]).toEqual([404, { message: 'Not Found' }]);
        expect(lastAccess()).toMatchObject({ authorization: 'skipped', gatewayResponse: 'NOT_FOUND' });
      }
    });
  }

  it('the services received only the JWT, never an opaque token', () => {
    expect(received.length).toBeGreaterThanOrEqual(6);
    for (const { event } of received) kind.expectOnlyJwt(event, opaqueTokens);
  });
});
