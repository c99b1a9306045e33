// The handler as the constructs ship it: bundled with scripts/bundle-handlers.ts's settings into one
// CommonJS file whose `exports.handler` reads its configuration from the environment. The bundle keeps
// only the environment's link of the SDK credential chain, so the second case runs it as Lambda does:
// the role's credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, the client
// secret read from Secrets Manager (a loopback server speaking its protocol) and tier 2 in dynalite, both
// reached through the SDK's own service endpoint variables.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { bundleOptions } from '../../../scripts/bundle-handlers';
import { authorizerConfigToEnv } from '../../../lambda/shared/config';
import { EXAMPLE_ROUTES } from '../../../lambda/shared/example-routes';
import { restRequestEvent } from './helpers/config';
import { startBackend, type DynamoDbBackend } from './helpers/dynamodb-backends';
import { outcomeOf } from './helpers/harness';
import { jwtAnswer, startScriptedAs, type ScriptedAs } from './helpers/scripted-as';
import { startSecretsServer, type SecretsServer } from './helpers/secrets-manager-server';

type BundledHandler = (event: unknown) => Promise<APIGatewayAuthorizerResult>;

const ROOT = join(__dirname, '../../../');
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:gateway-client-AbCdEf';

let as: ScriptedAs;
let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  as = await startScriptedAs();
  dir = mkdtempSync(join(tmpdir(), 'authorizer-bundle-'));
  await build({ ...bundleOptions(ROOT, join(ROOT, 'lambda/authorizer/index.ts'), join(dir, 'index.js')), logLevel: 'silent' });
}, 60_000);
afterAll(async () => {
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
  await as.stop();
});
afterEach(() => {
  process.env = { ...saved };
});

/** A fresh copy of the bundle, so each case starts as a new instance (module state included). */
function loadBundle(name: string): BundledHandler {
  const copy = join(dir, `${name}.js`);
  require('node:fs').writeFileSync(copy, readFileSync(join(dir, 'index.js')));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(copy) as { handler: BundledHandler }).handler;
}

it('bundles into one file whose exports.handler answers from the environment', async () => {
  expect(statSync(join(dir, 'index.js')).size).toBeLessThan(2_000_000);
  Object.assign(
    process.env,
    authorizerConfigToEnv({ issuer: as.issuer, clientId: 'gateway-client', clientSecret: 'gateway-secret', routes: EXAMPLE_ROUTES, localMode: true, logLevel: 'error' }),
  );
  const jwt = await as.mint({ sub: 'u1', scope: 'invoice_read' });
  as.respond = () => jwtAnswer(jwt);
  const handler = loadBundle('local');
  const result = await handler(restRequestEvent('Bearer bundled-token'));
  expect(result.context?.jwt).toBe(jwt);
  expect(await outcomeOf(handler(restRequestEvent('Basic nope')))).toBe('Unauthorized');
});

it('leaves out what a Lambda function never runs: the other credential providers, STS/SSO clients, the browser user-agent parser, event streams', () => {
  const bundle = readFileSync(join(dir, 'index.js'), 'utf8');
  for (const absent of ['AssumeRoleWithWebIdentity', 'GetRoleCredentials', 'credential_process', 'sso_start_url', 'BlackBerry', ':message-type']) expect(bundle).not.toContain(absent);
});

describe('as inside Lambda: credentials from the environment only', () => {
  let db: DynamoDbBackend;
  let secrets: SecretsServer;
  beforeAll(async () => {
    db = await startBackend('dynalite');
    secrets = await startSecretsServer({ [SECRET_ARN]: 'gateway-secret' });
  }, 60_000);
  afterAll(async () => {
    await secrets.stop();
    await db.stop();
  });

  function lambdaEnvironment(table: string): void {
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'lambda-role-secret',
      AWS_SESSION_TOKEN: 'lambda-role-session',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      ...authorizerConfigToEnv({ issuer: as.issuer, clientId: 'gateway-client', clientSecretArn: SECRET_ARN, cacheTable: table, routes: EXAMPLE_ROUTES, localMode: true, logLevel: 'error' }),
    });
    for (const name of ['AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']) delete process.env[name];
  }

  it('reads the secret once, writes tier 2 on a miss, and a new instance answers from tier 2 without the AS', async () => {
    const table = await db.newTable();
    lambdaEnvironment(table);
    const jwt = await as.mint({ sub: 'u2', scope: 'invoice_read' });
    const asCallsBefore = as.requests.length;
    as.respond = () => jwtAnswer(jwt);
    const first = loadBundle('lambda-first');
    expect((await first(restRequestEvent('Bearer lambda-token'))).context?.jwt).toBe(jwt);
    expect(secrets.reads).toEqual([SECRET_ARN]);
    const asCalls = as.requests.length - asCallsBefore;
    expect(asCalls).toBeGreaterThan(0);
    // A new instance: empty memory tier, so the answer can only come from DynamoDB.
    const second = loadBundle('lambda-second');
    expect((await second(restRequestEvent('Bearer lambda-token'))).context?.jwt).toBe(jwt);
    expect(as.requests.length - asCallsBefore).toBe(asCalls);
  }, 60_000);

  it('without credentials in the environment, the store fails closed into an AS call instead of searching elsewhere', async () => {
    const table = await db.newTable();
    lambdaEnvironment(table);
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    const jwt = await as.mint({ sub: 'u3', scope: 'invoice_read' });
    as.respond = () => jwtAnswer(jwt);
    const handler = loadBundle('no-credentials');
    // Secrets Manager cannot be called unsigned: the answer is the AS-unavailable one, never an allow.
    expect(await outcomeOf(handler(restRequestEvent('Bearer other-token')))).not.toBe('Allow');
  }, 60_000);
});
