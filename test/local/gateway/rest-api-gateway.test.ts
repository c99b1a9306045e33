import { createServer } from 'node:http';
import { EXAMPLE_SERVICES } from '../../../lambda/shared/example-routes';
import { GATEWAY_RESPONSES, gatewayResponseBody, RETRY_AFTER_SECONDS } from '../../../lambda/shared/gateway-responses';
import { startLocalGateway, serviceTable, type LocalGateway, type LocalGatewayOptions } from '../../../local/gateway';
import { PortInUseError } from '../../../local/listen';
import { fakeJwt, recordingAuthorizer, recordingService, ROUTES, TOKENS } from './recording-handlers';

const ARN_PREFIX = 'arn:aws:execute-api:us-east-1:123456789012:local/local';

interface Harness {
  gateway: LocalGateway;
  authorizerEvents: ReturnType<typeof recordingAuthorizer>['events'];
  serviceEvents: ReturnType<typeof recordingService>['events'];
  logLines: string[];
}

async function startHarness(overrides: Partial<LocalGatewayOptions> = {}): Promise<Harness> {
  const { authorizer, events: authorizerEvents } = recordingAuthorizer();
  const { handler, events: serviceEvents } = recordingService('example');
  const logLines: string[] = [];
  const gateway = await startLocalGateway({
    port: 0,
    routes: [...ROUTES, { method: 'GET', path: '/health', scopes: { anyOf: ['none_needed'] } }],
    services: { ...serviceTable(EXAMPLE_SERVICES.map((service) => ({ routes: service.routes, handler }))), 'GET /health': handler },
    authorizer,
    unauthenticatedRoutes: ['GET /health'],
    accessLog: (line) => logLines.push(line),
    ...overrides,
  });
  return { gateway, authorizerEvents, serviceEvents, logLines };
}

const call = (gateway: LocalGateway, path: string, token?: string, init: RequestInit = {}) =>
  fetch(`${gateway.url}${path}`, { ...init, headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(init.headers as object) } });

describe('startLocalGateway', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ resultsCacheTtlSeconds: 1, authorizerTimeoutMs: 200 });
  });
  afterAll(() => harness.gateway.stop());
  beforeEach(() => {
    harness.gateway.clearAuthorizerCache();
    harness.authorizerEvents.length = 0;
    harness.serviceEvents.length = 0;
    harness.logLines.length = 0;
  });

  it('sends the authorizer a REST REQUEST event shaped as API Gateway builds it', async () => {
    const response = await call(harness.gateway, '/invoices/inv-1001?expand=lines&expand=payer', TOKENS.invoices, { headers: { 'X-Trace': 'abc' } });
    expect(response.status).toBe(200);
    const [event] = harness.authorizerEvents;
    expect(event).toMatchObject({
      type: 'REQUEST',
      methodArn: `${ARN_PREFIX}/GET/invoices/inv-1001`,
      resource: '/invoices/{id}',
      path: '/invoices/inv-1001',
      httpMethod: 'GET',
      queryStringParameters: { expand: 'payer' },
      multiValueQueryStringParameters: { expand: ['lines', 'payer'] },
      pathParameters: { id: 'inv-1001' },
      stageVariables: null,
      requestContext: {
        accountId: '123456789012',
        apiId: 'local',
        stage: 'local',
        httpMethod: 'GET',
        resourcePath: '/invoices/{id}',
        path: '/local/invoices/inv-1001',
        protocol: 'HTTP/1.1',
        identity: { sourceIp: '127.0.0.1' },
      },
    });
    expect(event.headers).toMatchObject({ Authorization: `Bearer ${TOKENS.invoices}`, 'X-Trace': 'abc' });
    expect(event.multiValueHeaders).toMatchObject({ 'X-Trace': ['abc'] });
    expect(event.requestContext).not.toHaveProperty('authorizer');
    expect(event.requestContext.requestTime).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
  });

  it('sends the service a proxy event with the authorizer context and the JWT, never the opaque token', async () => {
    const response = await call(harness.gateway, '/invoices', TOKENS.invoices, { method: 'POST', body: '{"amount":10}', headers: { 'Content-Type': 'application/json' } });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-service')).toBe('example');
    expect(response.headers.get('set-cookie')).toBe('a=1, b=2');
    const [event] = harness.serviceEvents;
    expect(event).toMatchObject({ resource: '/invoices', path: '/invoices', httpMethod: 'POST', body: '{"amount":10}', isBase64Encoded: false, pathParameters: null });
    expect(event.requestContext.authorizer).toEqual({
      principalId: 'sub-1001',
      jwt: fakeJwt(TOKENS.invoices),
      authorization: `Bearer ${fakeJwt(TOKENS.invoices)}`,
      sub: 'sub-1001',
      client_id: 'invoices-client',
      scope: 'invoice_read',
      expires_in: '60',
      active: 'true',
    });
    expect(event.headers.Authorization).toBe(`Bearer ${fakeJwt(TOKENS.invoices)}`);
    expect(event.multiValueHeaders.Authorization).toEqual([`Bearer ${fakeJwt(TOKENS.invoices)}`]);
    expect(JSON.stringify(event)).not.toContain(TOKENS.invoices);
  });

  it('answers 401 without calling the authorizer when the identity source is missing', async () => {
    const response = await call(harness.gateway, '/invoices/inv-1001');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await response.text()).toBe(gatewayResponseBody(GATEWAY_RESPONSES.UNAUTHORIZED));
    expect(harness.authorizerEvents).toHaveLength(0);
    expect(harness.serviceEvents).toHaveLength(0);
  });

  it('answers 401 when the authorizer throws Unauthorized, and does not cache it', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await call(harness.gateway, '/invoices/inv-1001', 'garbage');
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect(harness.authorizerEvents).toHaveLength(2);
  });

  it('answers 503 with Retry-After when the authorizer fails, times out or returns a malformed result', async () => {
    for (const token of [TOKENS.failing, TOKENS.slow, TOKENS.malformed]) {
      const response = await call(harness.gateway, '/invoices/inv-1001', token);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
      expect(await response.json()).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String) });
    }
    expect(harness.serviceEvents).toHaveLength(0);
    // A thrown error is AuthorizerConfigurationException in API Gateway, as are a timeout and a bad result.
    expect(harness.logLines.map((line) => JSON.parse(line).gatewayResponse)).toEqual(Array(3).fill('AUTHORIZER_CONFIGURATION_ERROR'));
  });

  it('answers 403 for an explicit Deny even when an Allow also matches', async () => {
    const denied = await call(harness.gateway, '/invoices/inv-1001', TOKENS.denyInvoice1001);
    expect(denied.status).toBe(403);
    expect(denied.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope"');
    expect(await denied.text()).toBe(gatewayResponseBody(GATEWAY_RESPONSES.ACCESS_DENIED));
    expect((await call(harness.gateway, '/invoices/inv-2002', TOKENS.denyInvoice1001)).status).toBe(200);
  });

  it('answers 403 when no Allow matches the method ARN', async () => {
    const response = await call(harness.gateway, '/streams/s-1', TOKENS.invoices);
    expect(response.status).toBe(403);
    expect(harness.serviceEvents).toHaveLength(0);
  });

  it('caches the policy by identity source and evaluates it against each new method ARN until the TTL ends', async () => {
    expect((await call(harness.gateway, '/streams/s-1', TOKENS.streams)).status).toBe(200);
    expect((await call(harness.gateway, '/streams/s-1/metadata', TOKENS.streams)).status).toBe(200);
    expect((await call(harness.gateway, '/invoices/inv-1001', TOKENS.streams)).status).toBe(403);
    expect(harness.authorizerEvents).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await call(harness.gateway, '/streams/s-1', TOKENS.streams)).status).toBe(200);
    expect(harness.authorizerEvents).toHaveLength(2);
    const sources = harness.logLines.map((line) => JSON.parse(line).authorization);
    expect(sources).toEqual(['authorizer', 'cache', 'cache', 'authorizer']);
  });

  it('answers an unknown path or method with Missing Authentication Token, without authorizing', async () => {
    for (const [path, method] of [['/nowhere', 'GET'], ['/invoices/inv-1001', 'DELETE']]) {
      const response = await call(harness.gateway, path, TOKENS.invoices, { method });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
    }
    expect(harness.authorizerEvents).toHaveLength(0);
  });

  it('serves an unauthenticated route without the authorizer and passes headers through', async () => {
    const response = await call(harness.gateway, '/health');
    expect(response.status).toBe(200);
    expect(harness.authorizerEvents).toHaveLength(0);
    expect(harness.serviceEvents[0].requestContext.authorizer).toBeUndefined();
    expect(JSON.parse(harness.logLines[0])).toMatchObject({ route: 'GET /health', authorization: 'off', status: 200 });
  });

  it('answers 502 when the service throws or returns a malformed result', async () => {
    for (const path of ['/invoices/explode', '/invoices/malformed']) {
      const response = await call(harness.gateway, path, TOKENS.invoices);
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({ message: 'Internal server error' });
    }
  });

  it('writes one access log line per request and never the token or the JWT', async () => {
    await call(harness.gateway, '/invoices/inv-1001', TOKENS.invoices);
    await call(harness.gateway, '/invoices/inv-1001');
    await call(harness.gateway, '/streams/s-1', TOKENS.invoices);
    expect(harness.logLines).toHaveLength(3);
    const records = harness.logLines.map((line) => JSON.parse(line));
    expect(records.map((record) => [record.status, record.gatewayResponse])).toEqual([[200, undefined], [401, 'UNAUTHORIZED'], [403, 'ACCESS_DENIED']]);
    expect(records[0]).toMatchObject({ msg: 'access', method: 'GET', path: '/invoices/inv-1001', route: 'GET /invoices/{id}', principalId: 'sub-1001' });
    for (const line of harness.logLines) {
      expect(line).not.toContain(TOKENS.invoices);
      expect(line).not.toContain(fakeJwt(TOKENS.invoices));
    }
  });
});

describe('startLocalGateway settings', () => {
  it('calls the authorizer on every request when the cache TTL is 0', async () => {
    const harness = await startHarness({ resultsCacheTtlSeconds: 0 });
    try {
      for (let attempt = 0; attempt < 3; attempt++) expect((await call(harness.gateway, '/invoices/inv-1', TOKENS.invoices)).status).toBe(200);
      expect(harness.authorizerEvents).toHaveLength(3);
    } finally {
      await harness.gateway.stop();
    }
  });

  it('fills greedy and percent-encoded path parameters, and judges the policy on the concrete path', async () => {
    const { handler, events } = recordingService('files');
    const { authorizer, events: authorizerEvents } = recordingAuthorizer();
    const gateway = await startLocalGateway({
      port: 0,
      routes: [{ method: 'ANY', path: '/files/{proxy+}', scopes: { anyOf: ['file_*'] } }],
      services: { 'ANY /files/{proxy+}': handler },
      authorizer: async (event, context) => ({ ...((await authorizer(event, context)) as object), principalId: 'files-user' }),
      accessLog: false,
    });
    try {
      const response = await call(gateway, '/files/reports/2026/q1%20summary.pdf', TOKENS.denyInvoice1001, { method: 'PUT', body: 'x' });
      expect(response.status).toBe(200);
      expect(authorizerEvents[0]).toMatchObject({
        resource: '/files/{proxy+}',
        httpMethod: 'PUT',
        methodArn: `${ARN_PREFIX}/PUT/files/reports/2026/q1 summary.pdf`,
        pathParameters: { proxy: 'reports/2026/q1 summary.pdf' },
      });
      expect(events[0]).toMatchObject({ resource: '/files/{proxy+}', path: '/files/reports/2026/q1 summary.pdf', pathParameters: { proxy: 'reports/2026/q1 summary.pdf' }, body: 'x' });
      expect(events[0].requestContext.authorizer?.principalId).toBe('files-user');
    } finally {
      await gateway.stop();
    }
  });

  it('refuses to start when a route has no service or the authorizer is missing', async () => {
    await expect(startLocalGateway({ port: 0, routes: ROUTES, services: {}, accessLog: false })).rejects.toThrow(
      /route GET \/invoices has no service handler.*authorizer is required/,
    );
  });

  it('reports a busy port as PortInUseError naming the port', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const attempt = startHarness({ port });
      await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
      await expect(attempt).rejects.toMatchObject({ port });
    } finally {
      blocker.close();
    }
  });
});
