// Routes missing from the table are denied (ERR_ROUTE_UNKNOWN). A REQUEST event's resource template and
// an HTTP API route key are matched exactly: a `{proxy+}` template the table lacks is not read as a value
// of another route's `{id}`. The HTTP API `$default` route is refused outright: API Gateway keys its
// cache on the route key, one key for every path, so an allow judged by one path would serve all others.
import type { APIGatewayAuthorizerResult, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import type { AuthorizerEvent } from '../../../lambda/authorizer';
import { policyAllows, type PolicyStatement } from '../../../lambda/shared/iam-match';
import type { RouteRule } from '../../../lambda/shared/routes';
import { restRequestEvent, testConfig } from './helpers/config';
import { harness } from './helpers/harness';
import { jwtAnswer, startScriptedAs, type ScriptedAs } from './helpers/scripted-as';

const ARN_BASE = 'arn:aws:execute-api:us-east-1:123456789012:api1/prod';
const routes: RouteRule[] = [
  { method: 'GET', path: '/invoices', scopes: { anyOf: ['invoice_read'] } },
  { method: 'GET', path: '/invoices/{id}', scopes: { anyOf: ['invoice_read'] } },
];

let as: ScriptedAs;
beforeAll(async () => {
  as = await startScriptedAs();
  const jwt = await as.mint({ sub: 'user-1', client_id: 'c', scope: 'invoice_read' });
  as.respond = () => jwtAnswer(jwt);
});
afterAll(() => as.stop());

const statementsOf = (result: unknown) => (result as APIGatewayAuthorizerResult).policyDocument.Statement as unknown as PolicyStatement[];

it('denies a resource template that is not in the route table ({proxy+} is not a value of {id})', async () => {
  const h = harness(testConfig({ issuer: as.issuer, routes }));
  const path = '/invoices/a/b/c';
  const result = await h.handler(restRequestEvent('Bearer tok', 'GET', '/invoices/{proxy+}', path));
  expect(h.decisions()[0]).toMatchObject({ outcome: 'deny', reason: 'ERR_ROUTE_UNKNOWN' });
  expect(policyAllows(statementsOf(result), `${ARN_BASE}/GET${path}`)).toBe(false);
});

it('still judges a template in the table, and an ANY route for any method', async () => {
  const h = harness(testConfig({ issuer: as.issuer, routes: [...routes, { method: 'ANY', path: '/files/{proxy+}', scopes: { anyOf: ['invoice_read'] } }] }));
  await h.handler(restRequestEvent('Bearer tok', 'GET', '/invoices/{id}', '/invoices/inv-1'));
  await h.handler(restRequestEvent('Bearer tok', 'DELETE', '/files/{proxy+}', '/files/a/b'));
  expect(h.decisions().map((decision) => decision.reason)).toEqual(['OK', 'OK']);
});

/** An HTTP API 2.0 authorizer event for the given route key. */
function httpEvent(routeKey: string, method: string, rawPath: string): AuthorizerEvent {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:us-east-1:123456789012:api2/$default/${method}${rawPath}`,
    identitySource: ['Bearer tok'],
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: { authorization: 'Bearer tok' },
    requestContext: { requestId: 'h1', http: { method, path: rawPath } },
  } as unknown as AuthorizerEvent;
}

it('refuses the HTTP API $default route whatever the path, and judges a named route key', async () => {
  const h = harness(testConfig({ issuer: as.issuer, routes }));
  const onDefault = (await h.handler(httpEvent('$default', 'GET', '/invoices'))) as APIGatewaySimpleAuthorizerWithContextResult<Record<string, string>>;
  const onRoute = (await h.handler(httpEvent('GET /invoices', 'GET', '/invoices'))) as APIGatewaySimpleAuthorizerWithContextResult<Record<string, string>>;
  expect([onDefault.isAuthorized, onRoute.isAuthorized]).toEqual([false, true]);
  expect(h.decisions().map((decision) => decision.reason)).toEqual(['ERR_ROUTE_UNKNOWN', 'OK']);
});
