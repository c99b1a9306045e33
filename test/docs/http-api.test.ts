// docs/http-api.md's examples, run as written: the construct example synthesises into what the page says
// (an HTTP API, the REQUEST authorizer on every route, the JWT header at the HTTP backend), and the HTTP
// backend snippet reads the JWT from x-phantom-authorization. `cdk-phantom-token` maps to this checkout.
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { transformSync } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..');
const PAGE = readFileSync(join(REPO_ROOT, 'docs', 'http-api.md'), 'utf8');
const blocks = [...PAGE.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]);

function run<T>(source: string, names: string[]): T {
  const mapped = source
    .replace(/from 'cdk-phantom-token'/g, `from ${JSON.stringify(join(REPO_ROOT, 'lib'))}`)
    .replace(/from 'cdk-phantom-token\/validator'/g, `from ${JSON.stringify(join(REPO_ROOT, 'lambda', 'validator'))}`)
    .replace(/^export /gm, '');
  const { code } = transformSync(mapped, { loader: 'ts', format: 'cjs', target: 'node22' });
  return new Function('require', 'module', 'exports', `${code}\nreturn { ${names.join(', ')} };`)(require, { exports: {} }, {}) as T;
}

test('the example synthesises: an HTTP API, the REQUEST authorizer on every route, payload 2.0 and the JWT header', () => {
  const project = mkdtempSync(join(tmpdir(), 'http-api-doc-'));
  mkdirSync(join(project, 'lambda', 'orders'), { recursive: true });
  writeFileSync(join(project, 'lambda', 'orders', 'index.js'), 'exports.handler = async () => ({ statusCode: 200 });\n');
  const cwd = process.cwd();
  process.chdir(project);
  let stack: Stack;
  try {
    ({ stack } = run<{ stack: Stack }>(blocks[0], ['stack']));
  } finally {
    process.chdir(cwd);
  }
  const template = Template.fromStack(stack);
  rmSync(project, { recursive: true, force: true });
  template.resourceCountIs('AWS::ApiGateway::RestApi', 0);
  template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { EnableSimpleResponses: true, IdentitySource: ['$request.header.Authorization', '$context.routeKey'] });
  const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties);
  expect(routes.map((route) => route.RouteKey).sort()).toEqual(['ANY /legacy/{proxy+}', 'GET /orders/{id}', 'POST /orders']);
  for (const route of routes) expect(route.AuthorizationType).toBe('CUSTOM');
  template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
  template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
    IntegrationUri: 'https://legacy.internal.example.com/legacy/{proxy}',
    RequestParameters: { 'overwrite:header.x-phantom-authorization': '$context.authorizer.authorization' },
  });
  template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 } });
  template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
  template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
});

test('the HTTP backend snippet takes the JWT from x-phantom-authorization, never from Authorization', async () => {
  const { jwtOf } = run<{ jwtOf: (headers: Record<string, string | undefined>) => Promise<unknown> }>(blocks[1], ['jwtOf']);
  // Only an opaque token in Authorization: nothing in the JWT header, so it is refused before any key lookup.
  await expect(jwtOf({ authorization: 'Bearer opaque-token' })).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_TOKEN_/) });
  await expect(jwtOf({ 'x-phantom-authorization': 'Bearer not-a-jwt' })).rejects.toMatchObject({ code: 'ERR_TOKEN_MALFORMED' });
});

test('the page says what PhantomTokenHttpGateway does: its header and its answers', () => {
  const { PhantomTokenHttpGateway } = require(join(REPO_ROOT, 'lib'));
  expect(PAGE).toContain(`\`${PhantomTokenHttpGateway.JWT_HEADER}\` (\`PhantomTokenHttpGateway.JWT_HEADER\`)`);
  for (const answer of ['401 `{"message":"Unauthorized"}`', '403 `{"message":"Forbidden"}`', '500 `{"message":"Internal Server Error"}`', '404 `{"message":"Not Found"}`']) expect(PAGE).toContain(answer);
});
