// What API Gateway does with the REST answer: it caches it under the identity source and reuses it on the
// token's next requests, other routes included. Through the handler, as API Gateway calls it.
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { answerWithOutcome, type Verdict } from '../../../../lambda/authorizer/answers/answers';
import { policyAllows, type PolicyStatement } from '../../../../lambda/shared/iam-match';
import { normalizeEvent } from '../../../../lambda/authorizer/events/normalize';
import { routeTableCacheConflicts } from '../../../../lambda/shared/route-overlap';
import type { RouteRule } from '../../../../lambda/shared/routes';
import { restRequestEvent, testConfig } from '../helpers/config';
import { harness } from '../helpers/harness';
import { jwtAnswer, startScriptedAs, type ScriptedAs } from '../helpers/scripted-as';
import { CONFLICTING_ROUTES } from '../../shared/route-tables';

const ARN_BASE = 'arn:aws:execute-api:us-east-1:123456789012:api1/prod';
const statementsOf = (result: unknown) => (result as APIGatewayAuthorizerResult).policyDocument.Statement as unknown as PolicyStatement[];

let as: ScriptedAs;
let scope = '';
beforeAll(async () => {
  as = await startScriptedAs();
  as.respond = async () => jwtAnswer(await as.mint({ sub: 'user-1', client_id: 'c', scope }));
});
afterAll(() => as.stop());

describe('a method ARN with an IAM wildcard, on a table no whole-table policy covers', () => {
  // `/a/{x}` (admin) covers `/a/1/b` (user) and `/c/{x}` (user) covers `/c/1/d` (admin): the fallback.
  const routes: RouteRule[] = [...CONFLICTING_ROUTES];

  it('is refused, so the answer API Gateway caches for the token never allows another route (GET /c/* never becomes Allow GET/c/*)', async () => {
    scope = 'user';
    expect(routeTableCacheConflicts(routes).length).toBeGreaterThan(0);
    const h = harness(testConfig({ issuer: as.issuer, routes }));
    const arn = `${ARN_BASE}/GET/c/*`; // routed to the user route /c/{x}
    const statements = statementsOf(await h.handler({ type: 'TOKEN', authorizationToken: 'Bearer tok', methodArn: arn }));
    expect(statements.every((statement) => statement.Effect === 'Deny')).toBe(true);
    // The decision line says what the caller gets.
    expect(h.decisions()[0]).toMatchObject({ outcome: 'deny', reason: 'ERR_POLICY_DENIED' });
    // The cached answer, reused on the same token's next requests: the admin route stays denied.
    for (const path of ['/c/*', '/c/1/d', '/c/x/d']) expect(policyAllows(statements, `${ARN_BASE}/GET${path}`)).toBe(false);
    // A request without wildcards is answered as before: allowed, naming only itself.
    const plain = statementsOf(await h.handler({ type: 'TOKEN', authorizationToken: 'Bearer tok', methodArn: `${ARN_BASE}/GET/c/1` }));
    expect(plain).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: [`${ARN_BASE}/GET/c/1`] }]);
    expect(policyAllows(plain, `${ARN_BASE}/GET/c/1/d`)).toBe(false);
    const direct = statementsOf(await h.handler({ type: 'TOKEN', authorizationToken: 'Bearer tok', methodArn: `${ARN_BASE}/GET/c/1/d` }));
    expect(policyAllows(direct, `${ARN_BASE}/GET/c/1/d`)).toBe(false);
  });

  it('reports the refusal as not allowed, for the decision line (answerWithOutcome)', () => {
    const verdict: Verdict = { identity: { jwt: 'jwt', sub: 'user-1', scope: 'user', expiresAtMs: 0 }, tokenHash: 'f'.repeat(64), granted: ['user'], allowed: true };
    const request = (path: string) => normalizeEvent({ type: 'TOKEN', authorizationToken: 'Bearer tok', methodArn: `${ARN_BASE}/GET${path}` });
    expect(answerWithOutcome(request('/c/*'), verdict, routes).allowed).toBe(false);
    expect(answerWithOutcome(request('/c/1'), verdict, routes).allowed).toBe(true);
  });
});

describe('a table whose Allow-and-Deny policy would catch an allowed request that no sample shows', () => {
  const routes: RouteRule[] = [
    { method: 'GET', path: '/files/{proxy+}', scopes: { anyOf: ['files_read'] } },
    { method: 'ANY', path: '/admin/{proxy+}', scopes: { anyOf: ['admin'] } },
  ];

  it('answers GET /files/admin/report.pdf with a policy that still allows the token\'s other files (no conflict reported: the header-only cache key stays right)', async () => {
    scope = 'files_read';
    expect(routeTableCacheConflicts(routes)).toEqual([]);
    const h = harness(testConfig({ issuer: as.issuer, routes }));
    const result = await h.handler(restRequestEvent('Bearer tok', 'GET', '/files/{proxy+}', '/files/admin/report.pdf'));
    const statements = statementsOf(result);
    expect(policyAllows(statements, `${ARN_BASE}/GET/files/admin/report.pdf`)).toBe(true);
    expect(policyAllows(statements, `${ARN_BASE}/GET/files/other.pdf`)).toBe(true);
    expect(policyAllows(statements, `${ARN_BASE}/GET/admin/users`)).toBe(false);
    expect(policyAllows(statements, `${ARN_BASE}/POST/admin/users`)).toBe(false);
  });
});

describe('cachesPerRoute: API Gateway keys each REST REQUEST answer by token and route', () => {
  const routes: RouteRule[] = [...CONFLICTING_ROUTES];

  it('answers for the route alone, so the cached answer serves the route\'s other requests too', async () => {
    scope = 'user';
    const h = harness(testConfig({ issuer: as.issuer, routes, cachesPerRoute: true }));
    const allowed = statementsOf(await h.handler(restRequestEvent('Bearer tok', 'GET', '/a/{x}/b', '/a/1/b')));
    expect(allowed).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: [`${ARN_BASE}/GET/a/*/b`] }]);
    // Reused (same token, method and resource path) on GET /a/2/b: allowed, where the whole-table fallback
    // (the current method ARN only) would have refused it until the answer expired.
    expect(policyAllows(allowed, `${ARN_BASE}/GET/a/2/b`)).toBe(true);
    const denied = statementsOf(await h.handler(restRequestEvent('Bearer tok', 'GET', '/c/{x}/d', '/c/1/d')));
    expect(denied).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: [`${ARN_BASE}/GET/c/*/d`] }]);
    expect(h.decisions().map((decision) => decision.outcome)).toEqual(['allow', 'deny']);
  });

  it('names the template, never the caller\'s path: a path holding * is answered like any other', async () => {
    scope = 'user';
    const h = harness(testConfig({ issuer: as.issuer, routes, cachesPerRoute: true }));
    const statements = statementsOf(await h.handler(restRequestEvent('Bearer tok', 'GET', '/c/{x}', '/c/*')));
    expect(statements).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: [`${ARN_BASE}/GET/c/*`] }]);
    expect(h.decisions()[0]).toMatchObject({ outcome: 'allow', reason: 'OK' });
  });

  it('leaves TOKEN events with the whole-table answer (their cache is per token whatever the setting)', async () => {
    scope = 'user';
    const h = harness(testConfig({ issuer: as.issuer, routes, cachesPerRoute: true }));
    const statements = statementsOf(await h.handler({ type: 'TOKEN', authorizationToken: 'Bearer tok', methodArn: `${ARN_BASE}/GET/c/1` }));
    expect(statements).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: [`${ARN_BASE}/GET/c/1`] }]);
  });
});
