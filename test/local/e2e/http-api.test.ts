// The whole phantom-token flow through the local HTTP API (what PhantomTokenHttpGateway deploys), once
// per exchange mode: openid-client gets opaque tokens from the embedded AS and calls the local HTTP API,
// which runs the real authorizer (payload 2.0, simple responses) and the real services (payload 2.0
// events). The same flows as the REST e2e, with HTTP API's answers: 401 {"message":"Unauthorized"},
// 403 {"message":"Forbidden"}, 500 when the authorizer fails (the AS down), 404 {"message":"Not Found"}.
import type { Configuration } from 'openid-client';
import { EXCHANGE_MODES } from '../../../lambda/shared/config';
import type { ProxyEvent } from '../../../local/gateway';
import type { HttpProxyEvent } from '../../../local/gateway/http-api-events';
import { startLocalStack, type LocalStack } from '../../../local/local-stack';
import { callApi, callApiWithoutToken, clientCredentialsToken, discoverClient, revokeToken } from './oauth-client';

const CACHE_WINDOW_SECONDS = 2;
const NEGATIVE_CACHE_SECONDS = 1;
const afterCacheWindow = () => new Promise((resolve) => setTimeout(resolve, (CACHE_WINDOW_SECONDS + 0.5) * 1000));

const UNAUTHORIZED = { message: 'Unauthorized' };
const FORBIDDEN = { message: 'Forbidden' };

describe.each(EXCHANGE_MODES)('local HTTP API end to end, %s', (exchangeMode) => {
  let stack: LocalStack;
  let invoicesClient: Configuration;
  let streamingClient: Configuration;
  const received: Array<{ service: string; event: HttpProxyEvent }> = [];
  const access: Array<Record<string, unknown>> = [];
  const opaqueTokens = new Set<string>();
  const url = (path: string) => `${stack.gatewayUrl}${path}`;
  const tokenFor = async (client: Configuration) => {
    const token = await clientCredentialsToken(client);
    opaqueTokens.add(token);
    return token;
  };
  const servedByService = (path: string) => received.some(({ event }) => event.rawPath === path);
  const lastAccess = () => access[access.length - 1];

  beforeAll(async () => {
    stack = await startLocalStack({
      api: 'http',
      exchangeMode,
      resultsCacheTtlSeconds: CACHE_WINDOW_SECONDS,
      authorizer: { cacheMaxTtlSeconds: CACHE_WINDOW_SECONDS, negativeCacheSeconds: NEGATIVE_CACHE_SECONDS, logLevel: 'error' },
      accessLog: (line) => access.push(JSON.parse(line)),
      decisionLog: () => undefined,
      onServiceEvent: (service, event: ProxyEvent) => received.push({ service, event: event as unknown as HttpProxyEvent }),
    });
    invoicesClient = await discoverClient(stack.issuer, 'invoices-client', 'invoices-secret');
    streamingClient = await discoverClient(stack.issuer, 'streaming-client', 'streaming-secret');
  });
  afterAll(() => stack?.stop());

  it('invoices-client: reads its invoice, is refused another subscriber\'s by the API and streams by the gateway (403 Forbidden), creates an invoice', async () => {
    const token = await tokenFor(invoicesClient);
    const own = await callApi(invoicesClient, token, url('/invoices/inv-1001'));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: 'inv-1001', subscriberId: 'sub-1001' });

    const other = await callApi(invoicesClient, token, url('/invoices/inv-2002'));
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ code: 'ERR_CLAIM_MISMATCH' });
    expect(servedByService('/invoices/inv-2002')).toBe(true);

    const streams = await callApi(invoicesClient, token, url('/streams/s-1'));
    expect(streams.status).toBe(403);
    expect(streams.body).toEqual(FORBIDDEN);
    expect(streams.headers.get('www-authenticate')).toBeNull(); // HTTP APIs have no gateway responses
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
    const refused = await callApi(streamingClient, token, url('/invoices/inv-1001'));
    expect([refused.status, refused.body]).toEqual([403, FORBIDDEN]);
  });

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

  it('refuses a missing or garbage token with 401 {"message":"Unauthorized"}', async () => {
    const missing = await callApiWithoutToken(url('/invoices/inv-1001'));
    expect([missing.status, missing.body]).toEqual([401, UNAUTHORIZED]);
    expect(lastAccess()).toMatchObject({ authorization: 'skipped', reason: 'identity source missing' });
    const garbage = 'not-a-token-this-AS-ever-issued';
    opaqueTokens.add(garbage);
    const answer = await callApi(invoicesClient, garbage, url('/invoices/inv-1001'));
    expect([answer.status, answer.body]).toEqual([401, UNAUTHORIZED]);
  });

  it('answers 404 {"message":"Not Found"} for a path or method no route names, without calling the authorizer', async () => {
    const token = await tokenFor(invoicesClient);
    for (const [method, path] of [['GET', '/nothing-here'], ['DELETE', '/invoices/inv-1001']]) {
      const answer = await callApi(invoicesClient, token, url(path), method);
      expect([answer.status, answer.body]).toEqual([404, { message: 'Not Found' }]);
      expect(lastAccess()).toMatchObject({ authorization: 'skipped', gatewayResponse: 'NOT_FOUND' });
    }
  });

  it('refuses a revoked token once the cache window has passed, and an expired token', async () => {
    const revoked = await tokenFor(invoicesClient);
    expect((await callApi(invoicesClient, revoked, url('/invoices/inv-1001'))).status).toBe(200);
    await revokeToken(invoicesClient, revoked);
    const expired = await stack.as!.getToken('invoices-client', { ttlSeconds: 1 });
    opaqueTokens.add(expired);

    await afterCacheWindow();
    expect((await callApi(invoicesClient, revoked, url('/invoices/inv-1001'))).status).toBe(401);
    expect((await callApi(invoicesClient, expired, url('/invoices/inv-1001'))).status).toBe(401);
  });

  it('answers 500 for uncached tokens while the AS is down (an authorizer failure); cached tokens work until their entry expires', async () => {
    const cached = await tokenFor(invoicesClient);
    const uncached = await tokenFor(invoicesClient);
    expect((await callApi(invoicesClient, cached, url('/invoices/inv-1001'))).status).toBe(200);
    await stack.as!.stop();
    try {
      const unavailable = await callApi(invoicesClient, uncached, url('/invoices/inv-1001'));
      expect([unavailable.status, unavailable.body]).toEqual([500, { message: 'Internal Server Error' }]);
      expect(lastAccess()).toMatchObject({ gatewayResponse: 'AUTHORIZER_FAILURE', reason: expect.stringMatching(/^authorizer failed/) });
      expect((await callApi(invoicesClient, cached, url('/invoices/inv-1001'))).status).toBe(200);

      await afterCacheWindow();
      expect((await callApi(invoicesClient, cached, url('/invoices/inv-1001'))).status).toBe(500);
    } finally {
      await stack.as!.start();
    }
    expect((await callApi(invoicesClient, uncached, url('/invoices/inv-1001'))).status).toBe(200);
  });

  it('the services got payload 2.0 events with the JWT under requestContext.authorizer.lambda, context values as sent', () => {
    expect(received.length).toBeGreaterThanOrEqual(6);
    for (const { event } of received) {
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
    }
  });
});
