// A TOKEN event carries only the concrete path. The authorizer judges the route API Gateway's resource
// tree serves for it (segment by segment, a literal before a parameter), whatever the order of the table:
// a user token on GET /a/b/c is judged by the admin route /a/b/{y}, never by /a/{x}/c.
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { policyAllows, type PolicyStatement } from '../../../lambda/shared/iam-match';
import type { RouteRule } from '../../../lambda/shared/routes';
import { testConfig } from './helpers/config';
import { harness } from './helpers/harness';
import { jwtAnswer, startScriptedAs, type ScriptedAs } from './helpers/scripted-as';

const ARN_BASE = 'arn:aws:execute-api:us-east-1:123456789012:api1/prod';
const user: RouteRule = { method: 'GET', path: '/a/{x}/c', scopes: { anyOf: ['user'] } };
const admin: RouteRule = { method: 'GET', path: '/a/b/{y}', scopes: { anyOf: ['admin'] } };

let as: ScriptedAs;
beforeAll(async () => {
  as = await startScriptedAs();
  const jwt = await as.mint({ sub: 'user-1', client_id: 'c', scope: 'user' });
  as.respond = () => jwtAnswer(jwt);
});
afterAll(() => as.stop());

async function allowed(routes: RouteRule[], path: string): Promise<boolean> {
  const h = harness(testConfig({ issuer: as.issuer, routes }));
  const arn = `${ARN_BASE}/GET${path}`;
  const result = (await h.handler({ type: 'TOKEN', authorizationToken: 'Bearer tok', methodArn: arn })) as APIGatewayAuthorizerResult;
  return policyAllows(result.policyDocument.Statement as unknown as PolicyStatement[], arn);
}

it('the TOKEN verdict for GET /a/b/c does not depend on the order of the route table (and is a deny: /a/b/{y} needs admin)', async () => {
  const userFirst = await allowed([user, admin], '/a/b/c');
  const adminFirst = await allowed([admin, user], '/a/b/c');
  expect({ userFirst, adminFirst }).toEqual({ userFirst: false, adminFirst: false });
});
