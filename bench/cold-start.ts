// Cold-start figures (issue 6): the size of each prebundled handler (`assets/<name>/index.js`, written by
// `npm run bundle`), and the time a fresh Node process takes to load it, divided by the time it takes to
// load a bundle of just the handler's dependencies, built with the same esbuild settings in the same run.
// Loads alternate asset / baseline (flipping the order each round), one fresh process per load; the time
// is measured inside the process around require(), so Node's own start-up does not dilute the ratio
// (the whole process time is recorded alongside).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { authorizerConfigToEnv, validatorConfigToEnv } from '../lambda/shared/config';
import { EXAMPLE_AUDIENCE, EXAMPLE_ROUTES } from '../lambda/shared/example-routes';
import { machine, ratioOf, spreadText, type Section } from './harness/figures';
import { pick, type Profile } from './harness/profile';
import { median, round } from './harness/stats';

const ROOT = resolve(__dirname, '..');

/**
 * What each handler depends on, referenced the way a handler uses it so tree shaking keeps as much: from
 * jose the local key set (key import and selection) and the error classes; node:crypto, which verifies
 * the signatures and hashes the tokens and is required when the handler loads; the authorizer's
 * DynamoDB client.
 */
const BASELINES: Record<string, string> = {
  authorizer: `
import { createLocalJWKSet, errors } from 'jose';
import { constants, hash, KeyObject, verify } from 'node:crypto';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
globalThis.__keep = [createLocalJWKSet, errors, constants, hash, KeyObject, verify, DynamoDBClient, GetItemCommand, PutItemCommand];
`,
  service: `
import { createLocalJWKSet, errors } from 'jose';
import { constants, hash, KeyObject, verify } from 'node:crypto';
globalThis.__keep = [createLocalJWKSet, errors, constants, hash, KeyObject, verify];
`,
  // A service whose asset carries Cedar (its WASM module beside the bundle): the service baseline plus
  // Cedar as a service uses it, as the authorizer's includes its DynamoDB client. V8 compiles WASM
  // functions on their first call, so using Cedar means parsing one policy and deciding once.
  // bench/policy.ts reports Cedar's own cost beside a service without it.
  'service-cedar': `
import { createLocalJWKSet, errors } from 'jose';
import { constants, hash, KeyObject, verify } from 'node:crypto';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
cedar.preparsePolicySet('baseline', { staticPolicies: { p: 'permit (principal, action, resource) when { principal.a == resource.b };' } });
const uid = { type: 'E', id: 'e' };
cedar.statefulIsAuthorized({ principal: uid, action: { type: 'Action', id: 'a' }, resource: uid, context: {}, preparsedPolicySetId: 'baseline', entities: [{ uid, attrs: { a: 'x', b: 'x' }, parents: [] }] });
globalThis.__keep = [createLocalJWKSet, errors, constants, hash, KeyObject, verify, cedar];
`,
};
const CEDAR_WASM = 'cedar_wasm_bg.wasm';

const BASELINE_CONTENTS: Record<string, string> = {
  authorizer: 'jose + node:crypto + @aws-sdk/client-dynamodb',
  service: 'jose + node:crypto',
  'service-cedar': 'jose + node:crypto + @cedar-policy/cedar-wasm parsing one policy and deciding once',
};

/** Attribution, not a target: the service baseline without node:crypto (jose's part alone). */
const SERVICE_JOSE_ONLY = `
import { createLocalJWKSet, errors } from 'jose';
globalThis.__keep = [createLocalJWKSet, errors];
`;

/**
 * Attribution, not a target: the service's own modules with nothing run at load (no configuration read,
 * no handler built), bundled alike. Its ratio to the baseline is the floor that moving load work to the
 * first request could reach: what parsing and defining the code costs by itself.
 */
function definitionsOnlySource(handler: string): string | undefined {
  const service = join(ROOT, 'lambda', handler, 'service.ts');
  if (!existsSync(service)) return undefined;
  return `
import * as service from ${JSON.stringify(service.replace(/\.ts$/, ''))};
import { validatorFromEnv } from ${JSON.stringify(join(ROOT, 'lambda', 'validator'))};
globalThis.__keep = [service, validatorFromEnv];
`;
}

/** The environment the constructs give a deployed function (services read theirs at load time). */
const DEPLOYED_ISSUER = 'https://as.example.com';
const HANDLER_ENV: Record<string, Record<string, string>> = {
  authorizer: authorizerConfigToEnv({
    issuer: DEPLOYED_ISSUER,
    introspectionEndpoint: `${DEPLOYED_ISSUER}/introspect`,
    jwksUri: `${DEPLOYED_ISSUER}/jwks`,
    exchangeMode: 'accept-jwt',
    clientId: 'gateway-client',
    clientSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:gateway-client-AbCdEf',
    cacheTable: 'phantom-token-cache',
    routes: EXAMPLE_ROUTES,
  }),
  service: validatorConfigToEnv({ issuer: DEPLOYED_ISSUER, audience: EXAMPLE_AUDIENCE, jwksUri: `${DEPLOYED_ISSUER}/jwks` }),
};

// Runs in the fresh process: time require() of the file given as the first argument.
const LOADER = `const s=process.hrtime.bigint();require(process.argv[1]);process.stdout.write(String(process.hrtime.bigint()-s))`;

export async function coldStartBenchmarks(profile: Profile): Promise<Section[]> {
  const handlers = prebundledHandlers();
  if (handlers.length === 0) throw new Error('no prebundled handlers in assets/: run `npm run bundle` first');
  const stale = staleAssets(handlers);
  const scratch = mkdtempSync(join(tmpdir(), 'phantom-bench-cold-'));
  try {
    const baselines: Record<string, string> = {};
    for (const [name, source] of Object.entries(BASELINES)) baselines[name] = await bundleBaseline(scratch, name, source);
    const serviceJoseOnly = await bundleBaseline(scratch, 'service-jose-only', SERVICE_JOSE_ONLY);
    const sections: Section[] = [];
    for (const handler of handlers) {
      const baselineName = handler === 'authorizer' ? 'authorizer' : existsSync(join(ROOT, 'assets', handler, CEDAR_WASM)) ? 'service-cedar' : 'service';
      const definitions = definitionsOnlySource(handler);
      const attribution: Attribution = {
        joseOnly: baselineName !== 'authorizer' ? serviceJoseOnly : undefined,
        definitionsOnly: definitions === undefined ? undefined : await bundleBaseline(scratch, `${handler}-definitions-only`, definitions),
      };
      const env = HANDLER_ENV[baselineName === 'authorizer' ? 'authorizer' : 'service'];
      sections.push(measureHandler(handler, baselines[baselineName], baselineName, attribution, env, stale.includes(handler), profile));
    }
    return sections;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function prebundledHandlers(): string[] {
  const assets = join(ROOT, 'assets');
  if (!existsSync(assets)) return [];
  return readdirSync(assets).filter((name) => existsSync(join(assets, name, 'index.js'))).sort();
}

/** Handlers whose asset is older than a source file under lambda/ (the bundle may not be what is measured). */
function staleAssets(handlers: readonly string[]): string[] {
  const newestSource = newestMtime(join(ROOT, 'lambda'));
  return handlers.filter((name) => statSync(join(ROOT, 'assets', name, 'index.js')).mtimeMs < newestSource);
}

function newestMtime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The settings of scripts/bundle-handlers.ts. */
async function bundleBaseline(scratch: string, name: string, source: string): Promise<string> {
  const entry = join(scratch, `${name}-entry.mjs`);
  writeFileSync(entry, source);
  const outfile = join(scratch, name, 'index.js');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    nodePaths: [join(ROOT, 'node_modules')],
  });
  if (source.includes('@cedar-policy/cedar-wasm')) copyFileSync(join(ROOT, 'node_modules', '@cedar-policy', 'cedar-wasm', 'nodejs', CEDAR_WASM), join(scratch, name, CEDAR_WASM));
  return outfile;
}

/** Bundles loaded in the same rounds for attribution only (never part of the ratio). */
interface Attribution {
  readonly joseOnly?: string;
  readonly definitionsOnly?: string;
}

function measureHandler(
  handler: string,
  baseline: string,
  baselineName: string,
  attribution: Attribution,
  handlerEnv: Record<string, string>,
  stale: boolean,
  profile: Profile,
): Section {
  const loadOnce = (file: string) => loadInFreshProcess(file, handlerEnv);
  const asset = join(ROOT, 'assets', handler, 'index.js');
  const rounds = pick(profile, 40, 3);
  const deadline = Date.now() + pick(profile, 60_000, 8000);
  for (let i = 0; i < pick(profile, 2, 1); i++) {
    loadOnce(asset);
    loadOnce(baseline);
  }
  const assetLoads: number[] = [];
  const baselineLoads: number[] = [];
  const assetProcess: number[] = [];
  const baselineProcess: number[] = [];
  const joseOnlyLoads: number[] = [];
  const definitionsOnlyLoads: number[] = [];
  for (let i = 0; i < rounds && Date.now() < deadline; i++) {
    const order = i % 2 === 0 ? [asset, baseline] : [baseline, asset];
    for (const file of order) {
      const { requireMs, processMs } = loadOnce(file);
      (file === asset ? assetLoads : baselineLoads).push(requireMs);
      (file === asset ? assetProcess : baselineProcess).push(processMs);
    }
    if (attribution.joseOnly) joseOnlyLoads.push(loadOnce(attribution.joseOnly).requireMs);
    if (attribution.definitionsOnly) definitionsOnlyLoads.push(loadOnce(attribution.definitionsOnly).requireMs);
  }
  const ratio = ratioOf(assetLoads, baselineLoads, 4);
  const bundleBytes = statSync(asset).size;
  const baselineBytes = statSync(baseline).size;
  return {
    path: `coldStart.${handler}`,
    values: {
      bundleBytes,
      ratioToBaseline: ratio.ratio,
      loadMs: median(assetLoads),
      baselineLoadMs: median(baselineLoads),
      processMs: median(assetProcess),
      baselineProcessMs: median(baselineProcess),
      ...(attribution.joseOnly ? { joseOnlyLoadMs: median(joseOnlyLoads) } : {}),
      ...(attribution.definitionsOnly
        ? { definitionsOnlyLoadMs: median(definitionsOnlyLoads), definitionsOnlyRatioToBaseline: round(median(definitionsOnlyLoads) / median(baselineLoads)) }
        : {}),
    },
    conditions: {
      ...machine(),
      what: `require() of assets/${handler}/index.js in a fresh node process / require() of a bundle of ${BASELINE_CONTENTS[baselineName]} (${baselineBytes} bytes) built with the bundler's settings; alternating, one process per load`,
      rounds: ratio.rounds,
      ...(attribution.joseOnly ? { joseOnly: "a bundle of the service's jose imports alone, without node:crypto (attribution only, not part of the ratio)" } : {}),
      ...(attribution.definitionsOnly
        ? { definitionsOnly: "the service's own modules bundled alike with nothing run at load: no configuration read, no handler built (attribution only: the floor for moving load work to the first request)" }
        : {}),
      assetStale: stale,
      baselineBytes,
      loadMilliseconds: ratio.a,
      baselineLoadMilliseconds: ratio.b,
      blockRatios: ratio.blockRatios,
      summary: `n=${ratio.rounds} pairs, load ${spreadText(ratio.a)} ms vs ${spreadText(ratio.b)} ms${stale ? ', ASSET STALE' : ''}`,
    },
  };
}

function loadInFreshProcess(file: string, extraEnv: Record<string, string>): { requireMs: number; processMs: number } {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_REGION: 'eu-west-1', ...extraEnv };
  delete env.NODE_OPTIONS;
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['-e', LOADER, file], { env, encoding: 'utf8', timeout: 30_000 });
  const processMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`loading ${file} failed: ${child.stderr || child.error?.message}`);
  return { requireMs: round(Number(child.stdout) / 1e6), processMs };
}
