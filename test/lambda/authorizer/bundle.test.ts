// The handler as the constructs ship it: bundled by esbuild (as scripts/bundle-handlers.ts does) into one
// CommonJS file whose `exports.handler` reads its configuration from the environment.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { authorizerConfigToEnv } from '../../../lambda/shared/config';
import { EXAMPLE_ROUTES } from '../../../lambda/shared/example-routes';
import { restRequestEvent } from './helpers/config';
import { outcomeOf } from './helpers/harness';
import { jwtAnswer, startScriptedAs, type ScriptedAs } from './helpers/scripted-as';

let as: ScriptedAs;
let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  as = await startScriptedAs();
  dir = mkdtempSync(join(tmpdir(), 'authorizer-bundle-'));
  await build({
    entryPoints: [join(__dirname, '../../../lambda/authorizer/index.ts')],
    outfile: join(dir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    logLevel: 'silent',
  });
}, 60_000);
afterAll(async () => {
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
  await as.stop();
});

it('bundles into one file whose exports.handler answers from the environment', async () => {
  expect(statSync(join(dir, 'index.js')).size).toBeLessThan(2_000_000);
  Object.assign(
    process.env,
    authorizerConfigToEnv({ issuer: as.issuer, clientId: 'gateway-client', clientSecret: 'gateway-secret', routes: EXAMPLE_ROUTES, localMode: true, logLevel: 'error' }),
  );
  const jwt = await as.mint({ sub: 'u1', scope: 'invoice_read' });
  as.respond = () => jwtAnswer(jwt);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bundled = require(join(dir, 'index.js')) as { handler: (event: unknown) => Promise<APIGatewayAuthorizerResult> };
  const result = await bundled.handler(restRequestEvent('Bearer bundled-token'));
  expect(result.context?.jwt).toBe(jwt);
  expect(await outcomeOf(bundled.handler(restRequestEvent('Basic nope')))).toBe('Unauthorized');
});
