// The published package as a consumer gets it: `npm pack`, install the tarball into a fresh CDK app in a
// temporary folder outside the repo, import the constructs and the `/validator` subpath (type-checked
// against the shipped .d.ts, without skipLibCheck and with no @types package beyond what `cdk init`
// installs), synthesise, and check the template; then import the `/local` subpath, first without its
// optional peers (a clear error), then with them: a token through a local stack from plain Node, from
// the app's own Jest (the `cdk init app --language typescript` jest.config.js and tsconfig.json, taken
// from the aws-cdk CLI installed here: CommonJS, no transform of node_modules), and from node:test.
// aws-cdk-lib and constructs are installed from this repo's node_modules, jose and @types/aws-lambda from
// npm's cache, and the optional peers and the test tools are symlinked from this repo's node_modules (as
// `npm install <folder>` would link them, without npm resolving their trees again), so the test needs no
// network.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vendorJose } from '../../../scripts/vendor-jose';

const REPO = join(__dirname, '..', '..', '..');
/** Runs a command; a failure reports what it printed (tsc prints its errors on stdout). */
function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PHANTOM_TOKEN_ASSETS_DIR: '' } });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** Links `node_modules/<name>` of the consumer to this repo's copy. */
function linkFromRepo(dir: string, name: string): void {
  const link = join(dir, 'node_modules', name);
  if (existsSync(link)) return;
  mkdirSync(join(link, '..'), { recursive: true });
  symlinkSync(join(REPO, 'node_modules', name), link, 'dir');
}

/** The template's own settings with skipLibCheck off: the shipped .d.ts must stand on their own. */
function compileWithoutSkipLibCheck(dir: string, name: string, files: string[]): void {
  writeFileSync(join(dir, name), JSON.stringify({
    extends: './tsconfig.json',
    compilerOptions: { skipLibCheck: false, noEmit: false, inlineSourceMap: false, inlineSources: false, outDir: 'out' },
    files,
  }));
  run(join(REPO, 'node_modules', '.bin', 'tsc'), ['-p', name], dir);
}

const CONSUMER_APP = `
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ClientCredentials, HttpMethod, PhantomTokenGateway, RouteRule, ServiceBackend } from 'cdk-phantom-token';
import { createJwtValidator, withJwtValidation, isPhantomTokenError } from 'cdk-phantom-token/validator';

const routes: RouteRule[] = [{ method: HttpMethod.GET, path: '/orders/{id}', scopes: { anyOf: ['order_*'] } }];
const app = new App({ outdir: 'cdk.out', context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
const stack = new Stack(app, 'Consumer', { env: { account: '123456789012', region: 'eu-west-1' } });
new PhantomTokenGateway(stack, 'Gateway', {
  authorization: {
    issuer: 'https://login.example.com',
    jwksUri: 'https://login.example.com/jwks',
    clientId: 'gateway',
    clientCredentials: ClientCredentials.clientSecretBasic(secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'gateway-client')),
  },
  services: [{ name: 'Orders', backend: ServiceBackend.fromCode(lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 })')), audience: 'https://api.example.com', routes }],
});
app.synth();
console.log(JSON.stringify({ validator: [typeof createJwtValidator, typeof withJwtValidation, typeof isPhantomTokenError] }));
`;

// Ports 0; a client-credentials token from the embedded AS's token endpoint, through the gateway.
const LOCAL_APP = `
import { startLocalStack, DEMO_CLIENTS, createAuthorizerHandler } from 'cdk-phantom-token/local';

async function main(): Promise<void> {
  const stack = await startLocalStack({ gatewayPort: 0, asPort: 0, accessLog: false, decisionLog: () => undefined });
  try {
    const client = DEMO_CLIENTS.find((demo) => demo.clientId === 'invoices-client')!;
    const tokenResponse = await fetch(stack.tokenEndpoint, {
      method: 'POST',
      headers: { Authorization: 'Basic ' + btoa(client.clientId + ':' + client.clientSecret), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=invoice_read',
    });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    const withToken = await fetch(stack.gatewayUrl + '/invoices/inv-1001', { headers: { Authorization: 'Bearer ' + token } });
    const withoutToken = await fetch(stack.gatewayUrl + '/invoices/inv-1001');
    console.log(JSON.stringify({
      token: tokenResponse.status, withToken: withToken.status, invoice: ((await withToken.json()) as { id: string }).id,
      withoutToken: withoutToken.status, opaque: token.split('.').length !== 3, authorizer: typeof createAuthorizerHandler,
    }));
  } finally {
    await stack.stop();
  }
}
main();  // a rejection ends the process with a non-zero code
`;

// The consumer's own integration test, as it would sit in a `cdk init` app's test/ folder.
const JEST_TEST = `
import { startLocalStack, type LocalStack } from 'cdk-phantom-token/local';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ accessLog: false, decisionLog: () => undefined });
}, 60_000);
afterAll(() => stack?.stop());

test('a token from the embedded AS reaches a route; a junk token is refused', async () => {
  const token = await stack.as!.getToken('invoices-client', { scope: 'invoice_read' });
  const allowed = await fetch(stack.gatewayUrl + '/invoices/inv-1001', { headers: { authorization: 'Bearer ' + token } });
  expect(allowed.status).toBe(200);
  expect(((await allowed.json()) as { id: string }).id).toBe('inv-1001');
  const junk = await fetch(stack.gatewayUrl + '/invoices/inv-1001', { headers: { authorization: 'Bearer not-a-token-anyone-issued' } });
  expect(junk.status).toBe(401);
});
`;

// The same under node:test, as an ES module importing the CommonJS package.
const NODE_TEST = `
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalStack } from 'cdk-phantom-token/local';

let stack;
before(async () => { stack = await startLocalStack({ accessLog: false, decisionLog: () => undefined }); });
after(() => stack?.stop());

test('a token from the embedded AS reaches a route; a junk token is refused', async () => {
  const token = await stack.as.getToken('invoices-client', { scope: 'invoice_read' });
  const allowed = await fetch(stack.gatewayUrl + '/invoices/inv-1001', { headers: { authorization: 'Bearer ' + token } });
  assert.equal(allowed.status, 200);
  const junk = await fetch(stack.gatewayUrl + '/invoices/inv-1001', { headers: { authorization: 'Bearer not-a-token-anyone-issued' } });
  assert.equal(junk.status, 401);
});
`;

/** docs/local-mode.md's ```ts blocks that open with `// <marker>: <name>`. */
function docBlocks(marker: string): Array<{ name: string; code: string }> {
  const markdown = readFileSync(join(REPO, 'docs', 'local-mode.md'), 'utf8');
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].flatMap((match) => {
    const first = new RegExp(`^// ${marker}: (.+)\\n`).exec(match[1]);
    return first ? [{ name: first[1].trim(), code: match[1] }] : [];
  });
}

/** What `cdk init app --language typescript` writes for Jest and TypeScript, from the CLI installed here. */
const INIT_TEMPLATE = join(REPO, 'node_modules', 'aws-cdk', 'lib', 'init-templates', 'app', 'typescript');
/** The template's test tools, linked from this repo (same major versions as the template's package.json). */
const TEST_TOOLS = ['jest', '@swc/core', '@swc/jest', '@types/jest', '@types/node', 'tsx', 'esbuild'];

describe('consumer of the packed tarball', () => {
  let dir: string;
  let files: string[];
  let output: string;
  let withoutPeers: ReturnType<typeof spawnSync>;
  let localOutput: string;
  let jestRun: ReturnType<typeof spawnSync>;
  let nodeTestRun: ReturnType<typeof spawnSync>;
  let bundleRun: ReturnType<typeof spawnSync>;
  let docTests: string[] = [];
  beforeAll(async () => {
    if (!existsSync(join(REPO, 'assets', 'authorizer', 'index.js'))) {
      throw new Error('assets/authorizer/index.js is missing: run `npm run bundle` first (npm test does)');
    }
    dir = mkdtempSync(join(tmpdir(), 'phantom-consumer-'));
    // The tarball's dist/ is built here; prepack (bundle + build) is what `npm publish` runs.
    run(join(REPO, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], REPO);
    await vendorJose(REPO);
    run(join(REPO, 'node_modules', '.bin', 'tsx'), ['scripts/copy-policy-files.ts'], REPO);
    const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], REPO));
    files = packed[0].files.map((file: { path: string }) => file.path);
    const tarball = join(dir, packed[0].filename);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    run('npm', [
      'install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock',
      join(REPO, 'node_modules', 'aws-cdk-lib'), join(REPO, 'node_modules', 'constructs'), tarball,
    ], dir);
    writeFileSync(join(dir, 'app.ts'), CONSUMER_APP);
    writeFileSync(join(dir, 'local-app.ts'), LOCAL_APP);
    for (const tool of TEST_TOOLS) linkFromRepo(dir, tool);
    copyFileSync(join(INIT_TEMPLATE, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    copyFileSync(join(INIT_TEMPLATE, 'jest.config.js'), join(dir, 'jest.config.js'));
    mkdirSync(join(dir, 'test'));
    writeFileSync(join(dir, 'test', 'local-mode.test.ts'), JEST_TEST);
    writeFileSync(join(dir, 'local-mode.node-test.mjs'), NODE_TEST);
    // docs/local-mode.md as a user copies it: its Jest examples into test/, its bundling example beside.
    docTests = docBlocks('example').map((example) => `test/doc-${example.name}.test.ts`);
    docBlocks('example').forEach((example, index) => writeFileSync(join(dir, docTests[index]), example.code));
    for (const file of docBlocks('example-file')) writeFileSync(join(dir, file.name), file.code);
    // The constructs and the validator compile with no optional peer installed.
    compileWithoutSkipLibCheck(dir, 'tsconfig.app.json', ['app.ts']);
    output = run('node', [join('out', 'app.js')], dir);

    withoutPeers = spawnSync('node', ['-e', "require('cdk-phantom-token/local')"], { cwd: dir, encoding: 'utf8' });
    const { peerDependenciesMeta } = JSON.parse(readFileSync(join(dir, 'node_modules', 'cdk-phantom-token', 'package.json'), 'utf8'));
    for (const peer of Object.keys(peerDependenciesMeta)) linkFromRepo(dir, peer);
    compileWithoutSkipLibCheck(dir, 'tsconfig.local.json', ['local-app.ts', 'test/local-mode.test.ts', ...docTests, 'orders-handler.ts', 'orders-stack.ts']);
    localOutput = run('node', [join('out', 'local-app.js')], dir);
    const quiet = { ...process.env, PHANTOM_TOKEN_ASSETS_DIR: '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    jestRun = spawnSync('node', [join('node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--json', '--outputFile=jest-results.json'], { cwd: dir, encoding: 'utf8', env: quiet });
    nodeTestRun = spawnSync('node', ['--test', 'local-mode.node-test.mjs'], { cwd: dir, encoding: 'utf8', env: quiet });
    // NodejsFunction bundles with the esbuild it finds (node_modules/.bin) from the lock file's folder.
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'consumer', lockfileVersion: 3, packages: {} }));
    mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(join('..', 'esbuild', 'bin', 'esbuild'), join(dir, 'node_modules', '.bin', 'esbuild'));
    bundleRun = spawnSync('node', ['--import', 'tsx', 'orders-stack.ts'], { cwd: dir, encoding: 'utf8', env: { ...quiet, CDK_OUTDIR: join(dir, 'orders.out') } });
  }, 300_000);
  afterAll(() => {
    // KEEP_CONSUMER_APP=1 keeps the app for a look after a failure.
    if (dir && !process.env.KEEP_CONSUMER_APP) rmSync(dir, { recursive: true, force: true });
  });

  test('the tarball holds the compiled library, the validator, the bundled handlers, and no sources or tests', () => {
    expect(files).toEqual(expect.arrayContaining([
      'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lambda/validator/index.js', 'dist/lambda/validator/index.d.ts',
      'dist/local/index.js', 'dist/local/index.d.ts', 'dist/local/embedded-as/as-process.js', 'dist/vendor/jose.js',
      'dist/lambda/authorizer/index.js',
      'assets/authorizer/index.js', 'package.json', 'README.md',
    ]));
    expect(files.filter((file) => /^(lib|lambda|test|bin|local|scripts)\//.test(file) || file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
  });

  test('no compiled file loads jose itself (an ES module): they share the CommonJS copy in dist/vendor', () => {
    const dist = join(dir, 'node_modules', 'cdk-phantom-token', 'dist');
    const requiringJose = readdirSync(dist, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.js') && readFileSync(join(dist, file), 'utf8').includes('require("jose")'));
    expect(requiringJose).toEqual([]);
  });

  test('the validator subpath resolves and exports functions', () => {
    expect(JSON.parse(output.trim().split('\n').pop()!)).toEqual({ validator: ['function', 'function', 'function'] });
  });

  test('the synthesised template holds the gateway, its authorizer asset and its responses', () => {
    const template = JSON.parse(readFileSync(join(dir, 'cdk.out', 'Consumer.template.json'), 'utf8'));
    const types = Object.values(template.Resources).map((resource) => (resource as { Type: string }).Type);
    expect(types).toEqual(expect.arrayContaining(['AWS::ApiGateway::RestApi', 'AWS::ApiGateway::Authorizer', 'AWS::DynamoDB::GlobalTable']));
    expect(types.filter((type) => type === 'AWS::ApiGateway::GatewayResponse')).toHaveLength(4);
    const assets = readdirSync(join(dir, 'cdk.out')).filter((name) => name.startsWith('asset.'));
    const shipped = readFileSync(join(dir, 'node_modules', 'cdk-phantom-token', 'assets', 'authorizer', 'index.js'), 'utf8');
    expect(assets.some((name) => existsSync(join(dir, 'cdk.out', name, 'index.js')) && readFileSync(join(dir, 'cdk.out', name, 'index.js'), 'utf8') === shipped)).toBe(true);
  });

  test('without its optional peers, the local subpath fails naming what to install', () => {
    expect(withoutPeers.status).not.toBe(0);
    expect(withoutPeers.stderr).toContain('npm install --save-dev oidc-provider dynalite @aws-sdk/client-dynamodb');
  });

  test('with its optional peers, the local subpath starts a stack whose token reaches a protected route', () => {
    expect(JSON.parse(localOutput.trim().split('\n').pop()!)).toEqual({
      token: 200, withToken: 200, invoice: 'inv-1001', withoutToken: 401, opaque: true, authorizer: 'function',
    });
  });

  test("local mode runs in the app's own Jest (the cdk init setup: CommonJS, node_modules untransformed)", () => {
    const results = existsSync(join(dir, 'jest-results.json')) ? JSON.parse(readFileSync(join(dir, 'jest-results.json'), 'utf8')) : undefined;
    expect({ status: jestRun.status, failed: results?.numFailedTests, output: jestRun.status === 0 ? '' : jestRun.stderr })
      .toEqual({ status: 0, failed: 0, output: '' });
    // The tarball test, then docs/local-mode.md's examples, each file run.
    expect(results.testResults.map((file: { name: string }) => file.name.slice(dir.length + 1)).sort())
      .toEqual(['test/local-mode.test.ts', ...docTests].sort());
    expect(results.numPassedTests).toBeGreaterThanOrEqual(1 + docTests.length);
  });

  test('local mode runs under node:test, imported from an ES module', () => {
    expect({ status: nodeTestRun.status, output: nodeTestRun.status === 0 ? '' : `${nodeTestRun.stdout}${nodeTestRun.stderr}` }).toEqual({ status: 0, output: '' });
    expect(nodeTestRun.stdout).toMatch(/# pass 1\b/);
  });

  test("docs/local-mode.md's NodejsFunction example synthesises, bundling a handler that answers 401 without a token", async () => {
    expect({ status: bundleRun.status, output: bundleRun.status === 0 ? '' : `${bundleRun.stdout}${bundleRun.stderr}` }).toEqual({ status: 0, output: '' });
    const outdir = join(dir, 'orders.out');
    const asset = readdirSync(outdir).find((name) => name.startsWith('asset.') && existsSync(join(outdir, name, 'index.js')));
    expect(asset).toBeDefined();
    const bundle = readFileSync(join(outdir, asset!, 'index.js'), 'utf8');
    expect(bundle).not.toMatch(/require\("(cdk-phantom-token[^"]*|jose)"\)/);
    // The environment the stack gives the function.
    Object.assign(process.env, { ISSUER: 'https://login.example.com', AUDIENCE: 'https://orders.example.com', JWKS_URI: 'https://login.example.com/jwks' });
    const { handler } = require(join(outdir, asset!, 'index.js')) as { handler: (event: unknown) => Promise<{ statusCode: number }> };
    const answer = await handler({ httpMethod: 'GET', resource: '/orders/{id}', path: '/orders/o-1', headers: {}, pathParameters: { id: 'o-1' }, requestContext: {} });
    expect(answer.statusCode).toBe(401);
  });
});
