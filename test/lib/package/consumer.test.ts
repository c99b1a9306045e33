// The published package as a consumer gets it: `npm pack`, install the tarball into a fresh CDK app in a
// temporary folder outside the repo, import the constructs and the `/validator` subpath (type-checked
// against the shipped .d.ts), synthesise, and check the template; then import the `/local` subpath, first
// without its optional peers (a clear error), then with them, and run a token through a local stack.
// aws-cdk-lib and constructs are installed from this repo's node_modules, jose from npm's cache, and the
// optional peers are symlinked from this repo's node_modules (as `npm install <folder>` would link them,
// without npm resolving their trees again), so the test needs no network.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..', '..');
const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PHANTOM_TOKEN_ASSETS_DIR: '' } });

const CONSUMER_APP = `
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { PhantomTokenGateway, RouteRule } from 'cdk-phantom-token';
import { createJwtValidator, withJwtValidation, isPhantomTokenError } from 'cdk-phantom-token/validator';

const routes: RouteRule[] = [{ method: 'GET', path: '/orders/{id}', scopes: { anyOf: ['order_*'] } }];
const app = new App({ outdir: 'cdk.out', context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
const stack = new Stack(app, 'Consumer', { env: { account: '123456789012', region: 'eu-west-1' } });
new PhantomTokenGateway(stack, 'Gateway', {
  authorization: {
    issuer: 'https://login.example.com',
    jwksUri: 'https://login.example.com/jwks',
    clientId: 'gateway',
    clientSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'gateway-client'),
  },
  services: [{ name: 'Orders', code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 })'), audience: 'https://api.example.com', routes }],
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

describe('consumer of the packed tarball', () => {
  let dir: string;
  let files: string[];
  let output: string;
  let withoutPeers: ReturnType<typeof spawnSync>;
  let localOutput: string;
  beforeAll(() => {
    if (!existsSync(join(REPO, 'assets', 'authorizer', 'index.js'))) {
      throw new Error('assets/authorizer/index.js is missing: run `npm run bundle` first (npm test does)');
    }
    dir = mkdtempSync(join(tmpdir(), 'phantom-consumer-'));
    // The tarball's dist/ is built here; prepack (bundle + build) is what `npm publish` runs.
    run(join(REPO, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], REPO);
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
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, skipLibCheck: true, outDir: 'out', types: [] },
      files: ['app.ts', 'local-app.ts'],
    }));
    run(join(REPO, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], dir);
    output = run('node', [join('out', 'app.js')], dir);

    withoutPeers = spawnSync('node', ['-e', "require('cdk-phantom-token/local')"], { cwd: dir, encoding: 'utf8' });
    const { peerDependenciesMeta } = JSON.parse(readFileSync(join(dir, 'node_modules', 'cdk-phantom-token', 'package.json'), 'utf8'));
    for (const peer of Object.keys(peerDependenciesMeta)) {
      mkdirSync(join(dir, 'node_modules', peer, '..'), { recursive: true });
      symlinkSync(join(REPO, 'node_modules', peer), join(dir, 'node_modules', peer), 'dir');
    }
    localOutput = run('node', [join('out', 'local-app.js')], dir);
  }, 240_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the tarball holds the compiled library, the validator, the bundled handlers, and no sources or tests', () => {
    expect(files).toEqual(expect.arrayContaining([
      'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lambda/validator/index.js', 'dist/lambda/validator/index.d.ts',
      'dist/local/index.js', 'dist/local/index.d.ts', 'dist/lambda/authorizer/index.js',
      'assets/authorizer/index.js', 'package.json', 'README.md',
    ]));
    expect(files.filter((file) => /^(lib|lambda|test|bin|local|scripts)\//.test(file) || file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
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
});
