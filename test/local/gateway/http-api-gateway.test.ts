// The local HTTP API's own behaviour, with small real handlers: the authorizer event (payload 2.0,
// identity sources header + route key), the simple-response checks (an invalid answer, a throw and a
// timeout are 500s), the integration event and what HTTP API does with a payload 2.0 result.
import { startLocalHttpApi, type ProxyHandler, type RequestAuthorizer } from '../../../local/gateway';
import { simpleResultProblem } from '../../../local/gateway/http-api-gateway';
import type { HttpAuthorizerEvent, HttpProxyEvent } from '../../../local/gateway/http-api-events';
import { HttpMethod } from '../../../lambda/shared/routes';

const ROUTES = [
  { method: 'GET' as HttpMethod, path: '/items/{id}', scopes: { anyOf: ['item_read'] } },
  { method: 'POST' as HttpMethod, path: '/items', scopes: { anyOf: ['item_write'] } },
  { method: 'GET' as HttpMethod, path: '/open', scopes: { anyOf: ['any'] } },
];

describe('local HTTP API', () => {
  const authorizerEvents: HttpAuthorizerEvent[] = [];
  const serviceEvents: HttpProxyEvent[] = [];
  const answers: Record<string, unknown> = {};
  let gateway: Awaited<ReturnType<typeof startLocalHttpApi>>;
  const call = (path: string, init: RequestInit = {}) => fetch(`${gateway.url}${path}`, init).then(async (r) => ({ status: r.status, body: await r.text(), headers: r.headers }));

  beforeAll(async () => {
    const authorizer = (async (event: HttpAuthorizerEvent) => {
      authorizerEvents.push(event);
      const token = event.headers?.authorization ?? '';
      if (token === 'Bearer throw') throw new Error('boom');
      if (token === 'Bearer unauthorized') throw new Error('Unauthorized');
      if (token === 'Bearer slow') return new Promise((resolve) => setTimeout(() => resolve({ isAuthorized: true }), 300));
      if (token === 'Bearer policy') return { principalId: 'x', policyDocument: { Version: '2012-10-17', Statement: [] } };
      return { isAuthorized: token !== 'Bearer deny', context: { jwt: 'a.b.c', expires_in: 60, active: true } };
    }) as unknown as RequestAuthorizer;
    const service = (async (event: HttpProxyEvent) => {
      serviceEvents.push(event);
      if (answers[event.rawPath] === 'THROW') throw new Error('service bug');
      return answers[event.rawPath] ?? { statusCode: 200, body: JSON.stringify({ ok: true }) };
    }) as unknown as ProxyHandler;
    gateway = await startLocalHttpApi({
      port: 0,
      routes: ROUTES,
      services: Object.fromEntries(ROUTES.map((route) => [`${route.method} ${route.path}`, service])),
      authorizer,
      authorizerTimeoutMs: 100,
      unauthenticatedRoutes: ['GET /open'],
      accessLog: false,
    });
  });
  afterAll(() => gateway.stop());

  test('the authorizer event: payload 2.0, REQUEST, route key and ARN, identity sources header and route key; headers lower-cased, query values joined, cookies apart', async () => {
    const answer = await call('/items/i-1?q=1&q=2', { headers: { Authorization: 'Bearer good', 'X-Multi': 'a', cookie: 'c1=1; c2=2' } });
    expect(answer.status).toBe(200);
    const event = authorizerEvents[authorizerEvents.length - 1];
    expect(event).toMatchObject({
      version: '2.0',
      type: 'REQUEST',
      routeKey: 'GET /items/{id}',
      routeArn: 'arn:aws:execute-api:us-east-1:123456789012:local/$default/GET/items/i-1',
      identitySource: ['Bearer good', 'GET /items/{id}'],
      rawPath: '/items/i-1',
      rawQueryString: 'q=1&q=2',
      cookies: ['c1=1', 'c2=2'],
      queryStringParameters: { q: '1,2' },
      pathParameters: { id: 'i-1' },
      requestContext: { stage: '$default', routeKey: 'GET /items/{id}', http: { method: 'GET', path: '/items/i-1' } },
    });
    expect(event.headers).toMatchObject({ authorization: 'Bearer good', 'x-multi': 'a' });
    expect(event.headers).not.toHaveProperty('cookie');
  });

  test('the integration event: payload 2.0, the context as the authorizer returned it (numbers and booleans stay so)', async () => {
    await call('/items', { method: 'POST', headers: { authorization: 'Bearer good', 'content-type': 'application/json' }, body: '{"a":1}' });
    const event = serviceEvents[serviceEvents.length - 1];
    expect(event).toMatchObject({ version: '2.0', routeKey: 'POST /items', body: '{"a":1}', isBase64Encoded: false });
    expect(event.requestContext.authorizer.lambda).toEqual({ jwt: 'a.b.c', expires_in: 60, active: true });
    await call('/items', { method: 'POST', headers: { authorization: 'Bearer good', 'content-type': 'application/octet-stream' }, body: Buffer.from([0, 255]) });
    expect(serviceEvents[serviceEvents.length - 1]).toMatchObject({ body: Buffer.from([0, 255]).toString('base64'), isBase64Encoded: true });
  });

  test('HTTP API\'s own answers: 401 without the header or on Unauthorized, 403 on isAuthorized false, 404 for no route, 500 for a failing, slow or policy-answering authorizer', async () => {
    const expectations: Array<[RequestInit, string, number, string]> = [
      [{}, '/items/i-1', 401, 'Unauthorized'],
      [{ headers: { authorization: '   ' } }, '/items/i-1', 401, 'Unauthorized'],
      [{ headers: { authorization: 'Bearer unauthorized' } }, '/items/i-1', 401, 'Unauthorized'],
      [{ headers: { authorization: 'Bearer deny' } }, '/items/i-1', 403, 'Forbidden'],
      [{ headers: { authorization: 'Bearer good' } }, '/nowhere', 404, 'Not Found'],
      [{ headers: { authorization: 'Bearer throw' } }, '/items/i-1', 500, 'Internal Server Error'],
      [{ headers: { authorization: 'Bearer slow' } }, '/items/i-1', 500, 'Internal Server Error'],
      [{ headers: { authorization: 'Bearer policy' } }, '/items/i-1', 500, 'Internal Server Error'],
    ];
    for (const [init, path, status, message] of expectations) {
      const answer = await call(path, init);
      expect([path, init.headers, answer.status, JSON.parse(answer.body)]).toEqual([path, init.headers, status, { message }]);
      expect(answer.headers.get('apigw-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  test('an unauthenticated route skips the authorizer and carries no authorizer context', async () => {
    const before = authorizerEvents.length;
    expect((await call('/open')).status).toBe(200);
    expect(authorizerEvents.length).toBe(before);
    expect(serviceEvents[serviceEvents.length - 1].requestContext).not.toHaveProperty('authorizer');
  });

  test('payload 2.0 results: a plain JSON value is a 200 body, cookies become Set-Cookie, a throw is a 500', async () => {
    answers['/items/plain'] = { hello: 'world' };
    expect(await call('/items/plain', { headers: { authorization: 'Bearer good' } })).toMatchObject({ status: 200, body: '{"hello":"world"}' });
    answers['/items/cookie'] = { statusCode: 204, cookies: ['a=1', 'b=2'] };
    const cookie = await call('/items/cookie', { headers: { authorization: 'Bearer good' } });
    expect(cookie.status).toBe(204);
    expect(cookie.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    answers['/items/thrown'] = 'THROW';
    expect(await call('/items/thrown', { headers: { authorization: 'Bearer good' } })).toMatchObject({ status: 500, body: '{"message":"Internal Server Error"}' });
    answers['/items/bad'] = { statusCode: 'teapot' };
    expect(await call('/items/bad', { headers: { authorization: 'Bearer good' } })).toMatchObject({ status: 500, body: '{"message":"Internal Server Error"}' });
  });

  test('the simple-response check', () => {
    expect(simpleResultProblem({ isAuthorized: true })).toBeUndefined();
    expect(simpleResultProblem({ isAuthorized: 'yes' })).toMatch(/isAuthorized must be a boolean/);
    expect(simpleResultProblem({ isAuthorized: true, context: [] })).toBe('context must be an object');
    expect(simpleResultProblem(null)).toBe('the result is not an object');
  });

  test('refuses to start with a route that has no service', async () => {
    await expect(startLocalHttpApi({ port: 0, routes: ROUTES, services: {}, accessLog: false })).rejects.toThrow(/^startLocalHttpApi: .*route GET \/items\/\{id\} has no service handler/);
  });
});
