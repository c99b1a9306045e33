// The whole phantom-token flow through HTTP, once per exchange mode: openid-client gets opaque tokens from
// the embedded AS, calls the local gateway, which runs the real authorizer (AS + DynamoDB cache) and the
// real services. One stack per mode; the caches are kept short so revocation, expiry and an AS outage
// are observable within the test.
import type { Configuration } from 'openid-client';
import { EXCHANGE_MODES } from '../../../lambda/shared/config';
import { RETRY_AFTER_SECONDS } from '../../../lambda/shared/gateway-responses';
import type { ProxyEvent } from '../../../local/gateway';
import { startLocalStack, type LocalStack } from '../../../local/local-stack';
import { callApi, callApiWithoutToken, clientCredentialsToken, discoverClient, revokeToken, type ApiAnswer } from './oauth-client';

/** Gateway result cache and authorizer cache lifetime for these tests. */
const CACHE_WINDOW_SECONDS = 2;
const NEGATIVE_CACHE_SECONDS = 1;
const afterCacheWindow = () => new Promise((resolve) => setTimeout(resolve, (CACHE_WINDOW_SECONDS + 0.5) * 1000));

function expectChallenge(answer: ApiAnswer, status: 401 | 403) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
}

describe.each(EXCHANGE_MODES)('local mode end to end, %s', (exchangeMode) => {
  let stack: LocalStack;
  let invoicesClient: Configuration;
  let streamingClient: Configuration;
  const received: Array<{ service: string; event: ProxyEvent }> = [];
  const opaqueTokens = new Set<string>();
  const url = (path: string) => `${stack.gatewayUrl}${path}`;
  const tokenFor = async (client: Configuration) => {
    const token = await clientCredentialsToken(client);
    opaqueTokens.add(token);
    return token;
  };
  const servedByService = (path: string) => received.some(({ event }) => event.path === path);

  beforeAll(async () => {
    stack = await startLocalStack({
      exchangeMode,
      resultsCacheTtlSeconds: CACHE_WINDOW_SECONDS,
      authorizer: { cacheMaxTtlSeconds: CACHE_WINDOW_SECONDS, negativeCacheSeconds: NEGATIVE_CACHE_SECONDS, logLevel: 'error' },
      accessLog: false,
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

    const streams = await callApi(invoicesClient, token, url('/streams/s-1'));
    expectChallenge(streams, 403);
    expect(streams.body).toEqual({ error: 'insufficient_scope', error_description: expect.any(String) });
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
    expectChallenge(await callApi(streamingClient, token, url('/invoices/inv-1001')), 403);
  });

  it('refuses a missing or garbage token with 401 and a Bearer challenge', async () => {
    const missing = await callApiWithoutToken(url('/invoices/inv-1001'));
    expectChallenge(missing, 401);
    expect(missing.body).toEqual({ error: 'invalid_token', error_description: expect.any(String) });
    const garbage = 'not-a-token-this-AS-ever-issued';
    opaqueTokens.add(garbage);
    expectChallenge(await callApi(invoicesClient, garbage, url('/invoices/inv-1001')), 401);
  });

  it('refuses a revoked token once the cache window has passed, and an expired token', async () => {
    const revoked = await tokenFor(invoicesClient);
    expect((await callApi(invoicesClient, revoked, url('/invoices/inv-1001'))).status).toBe(200);
    await revokeToken(invoicesClient, revoked);
    const expired = await stack.as!.getToken('invoices-client', { ttlSeconds: 1 });
    opaqueTokens.add(expired);

    await afterCacheWindow();
    expectChallenge(await callApi(invoicesClient, revoked, url('/invoices/inv-1001')), 401);
    expectChallenge(await callApi(invoicesClient, expired, url('/invoices/inv-1001')), 401);
  });

  it('answers 503 with Retry-After for uncached tokens while the AS is down; cached tokens work until their entry expires', async () => {
    const cached = await tokenFor(invoicesClient);
    const uncached = await tokenFor(invoicesClient);
    expect((await callApi(invoicesClient, cached, url('/invoices/inv-1001'))).status).toBe(200);
    await stack.as!.stop();
    try {
      const unavailable = await callApi(invoicesClient, uncached, url('/invoices/inv-1001'));
      expect(unavailable.status).toBe(503);
      expect(unavailable.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
      expect(unavailable.body).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String) });
      expect((await callApi(invoicesClient, cached, url('/invoices/inv-1001'))).status).toBe(200);

      await afterCacheWindow();
      const expiredEntry = await callApi(invoicesClient, cached, url('/invoices/inv-1001'));
      expect(expiredEntry.status).toBe(503);
      expect(expiredEntry.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
    } finally {
      await stack.as!.start();
    }
    expect((await callApi(invoicesClient, uncached, url('/invoices/inv-1001'))).status).toBe(200);
  });

  it('the services received only the JWT, never an opaque token', () => {
    expect(received.length).toBeGreaterThanOrEqual(6);
    for (const { event } of received) {
      const jwt = event.requestContext.authorizer?.jwt as string;
      expect(jwt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(event.headers.Authorization).toBe(`Bearer ${jwt}`);
      const everything = JSON.stringify(event);
      for (const token of opaqueTokens) expect(everything).not.toContain(token);
    }
  });
});
