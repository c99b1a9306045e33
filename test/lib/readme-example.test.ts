// Every construct example of the README (the "Constructs" section and "Bundling your own handler"), run
// as written: the TypeScript is transpiled with the pinned esbuild and `cdk-phantom-token` is mapped to
// this checkout's lib/.
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { transformSync } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './support';

/** The first TypeScript block after the heading line that starts with `heading`. */
function readmeExample(heading: string): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n${heading}`);
  expect(start).toBeGreaterThan(-1);
  return readme.slice(start).split('```ts\n')[1].split('```')[0];
}

/** Runs an example and returns the named top-level constants. */
function runExample<T>(heading: string, names: string[]): T {
  const source = readmeExample(heading).replace(/from 'cdk-phantom-token'/g, `from ${JSON.stringify(join(REPO_ROOT, 'lib'))}`);
  expect(source).toMatch(/^import .* from 'aws-cdk-lib';$/m); // self-contained: its own imports
  const { code } = transformSync(source, { loader: 'ts', format: 'cjs', target: 'node22' });
  const run = new Function('require', 'module', 'exports', `${code}\nreturn { ${names.join(', ')} };`);
  return run(require, { exports: {} }, {}) as T;
}

test('the PhantomTokenGateway example in the README synthesises', () => {
  const { app, stack, gateway } = runExample<{ app: App; stack: Stack; gateway: { services: Record<string, unknown> } }>('### PhantomTokenGateway', ['app', 'stack', 'gateway']);
  expect(Object.keys(gateway.services)).toEqual(['Invoices', 'Legacy']);
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::ApiGateway::GatewayResponse', 4);
  template.resourceCountIs('AWS::WAFv2::WebACL', 1);
  template.hasResourceProperties('AWS::ApiGateway::Method', {
    HttpMethod: 'ANY',
    Integration: { Type: 'HTTP_PROXY', Uri: 'https://legacy.internal.example.com/legacy/{proxy}' },
  });
  expect(app.node.children).toContain(stack);
});

test('the PhantomTokenAuthorizer example synthesises: a REST and an HTTP API behind the authorizer', () => {
  const { stack } = runExample<{ stack: Stack }>('### PhantomTokenAuthorizer', ['stack']);
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'REQUEST', IdentitySource: 'method.request.header.Authorization' });
  template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', AuthorizationType: 'CUSTOM' });
  template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { IdentitySource: ['$request.header.Authorization', '$context.routeKey'] });
  template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /invoices', AuthorizationType: 'CUSTOM' });
  template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
});

test('the TokenCacheTable example synthesises: GetItem/PutItem on the new and the existing table', () => {
  const { stack } = runExample<{ stack: Stack }>('### TokenCacheTable', ['stack']);
  const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
  expect(statements).toEqual([
    { Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^TokenCache/), 'Arn'] } },
    {
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':table/my-token-cache']] },
    },
  ]);
});

test('the ProtectedService example synthesises: both routes behind the authorizer, the validator variables on the function', () => {
  const { stack } = runExample<{ stack: Stack }>('### ProtectedService', ['stack']);
  const template = Template.fromStack(stack);
  template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { AuthorizationType: 'CUSTOM' }, 2);
  template.hasResourceProperties('AWS::Lambda::Function', {
    Environment: { Variables: Match.objectLike({ PHANTOM_AUDIENCE: 'https://api.example.com', PHANTOM_JWKS_URI: 'https://login.example.com/jwks' }) },
  });
});

test('the "Bundling your own handler" example bundles the README\'s validator handler with NodejsFunction', () => {
  // Run as written from a scratch project: its lambda/orders/index.ts is the README's validator example
  // (its `cdk-phantom-token/validator` import pointed at this checkout), and esbuild bundles it.
  const project = mkdtempSync(join(tmpdir(), 'readme-orders-'));
  mkdirSync(join(project, 'lambda', 'orders'), { recursive: true });
  writeFileSync(join(project, 'package-lock.json'), '{ "lockfileVersion": 3 }\n');
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(project, 'node_modules'), 'dir'); // the project's esbuild
  writeFileSync(
    join(project, 'lambda', 'orders', 'index.ts'),
    readmeExample('## Validating the JWT in your API').replace(
      /from 'cdk-phantom-token\/validator'/g,
      `from ${JSON.stringify(join(REPO_ROOT, 'lambda', 'validator', 'index.ts'))}`,
    ),
  );
  const cwd = process.cwd();
  process.chdir(project);
  let stack: Stack;
  try {
    ({ stack } = runExample<{ stack: Stack }>('### Bundling your own handler', ['stack']));
  } finally {
    process.chdir(cwd);
  }
  const template = Template.fromStack(stack);
  rmSync(project, { recursive: true, force: true });
  template.hasResourceProperties('AWS::Lambda::Function', {
    Runtime: 'nodejs24.x',
    Architectures: ['arm64'],
    Environment: {
      Variables: Match.objectLike({ PHANTOM_ISSUER: 'https://login.example.com', PHANTOM_AUDIENCE: 'https://api.example.com', PHANTOM_JWKS_URI: 'https://login.example.com/jwks' }),
    },
  });
  template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', AuthorizationType: 'CUSTOM' });
});
