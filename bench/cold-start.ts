// Cold-start figures: the size of each prebundled handler (`assets/<name>/index.js`, written by
// `npm run bundle`) and the time a fresh Node process takes to load it, against what a user would compare
// it with, all loaded in the same rounds (the order rotating each round, one fresh process per load):
//   - the authorizer against the streams service (ratioToService): what the SDK and the authorizer's own
//     code add to a Lambda cold start over a service that only validates JWTs (the invoices service also
//     loads Cedar for its ownership policy);
//   - each service against the same service with its JWT check written on aws-jwt-verify
//     (bench/fixtures/aws-jwt-verify-services/, the invoices peer asking the same Cedar policy), bundled
//     with the same settings (ratioToAwsJwtVerifyService);
//   - each handler against a bundle of just its dependencies (ratioToBaseline, reported).
// The time is measured inside the process around require(), so Node's own start-up does not dilute the
// ratios (the whole process time is recorded alongside). The CPU time of the same require() gives the
// cpuRatio* figures beside them: on a shared machine a load's wall time includes waiting for a core,
// which lands on the contenders unevenly; its CPU time does not. The authorizer's initMs adds its first
// invocation up to the AS call (bench/fixtures/lambda-like-init.ts).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { authorizerConfigToEnv, validatorConfigToEnv } from '../lambda/shared/config';
import { EXAMPLE_AUDIENCE, EXAMPLE_ROUTES } from '../lambda/shared/example-routes';
import { bundleOptions, copyCedarWasm } from '../scripts/bundle-handlers';
import { copyHandlerPolicyFiles } from '../scripts/copy-policy-files';
import { INIT, LAMBDA_ENVIRONMENT, LOAD } from './fixtures/lambda-like-init';
import { restRequestEvent } from './fixtures/rest-request-event';
import { machine, ratioOf, spreadText, type Section } from './harness/figures';
import { pick, type Profile } from './harness/profile';
import { median, round } from './harness/stats';

const ROOT = resolve(__dirname, '..');
const PEER_SERVICES = join(__dirname, 'fixtures', 'aws-jwt-verify-services');
/** The example service that only validates JWTs: what ratioToService divides by. */
const JWT_ONLY_SERVICE = 'streams';

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
};

/** Attribution, not a target: the service baseline without node:crypto (jose's part alone). */
const SERVICE_JOSE_ONLY = `
import { createLocalJWKSet, errors } from 'jose';
globalThis.__keep = [createLocalJWKSet, errors];
`;

/**
 * Attribution, not a target: the service's own modules with nothing run at load (no configuration read,
 * no handler built), bundled alike: what parsing and defining the code costs by itself.
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
const AUTHORIZER_ENV = authorizerConfigToEnv({
  issuer: DEPLOYED_ISSUER,
  introspectionEndpoint: `${DEPLOYED_ISSUER}/introspect`,
  jwksUri: `${DEPLOYED_ISSUER}/jwks`,
  exchangeMode: 'accept-jwt',
  clientId: 'gateway-client',
  clientSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:gateway-client-AbCdEf',
  cacheTable: 'phantom-token-cache',
  routes: EXAMPLE_ROUTES,
  logLevel: 'error',
});
const SERVICE_ENV = validatorConfigToEnv({ issuer: DEPLOYED_ISSUER, audience: EXAMPLE_AUDIENCE, jwksUri: `${DEPLOYED_ISSUER}/jwks` });

/** One bundle loaded once per round. */
interface Contender {
  readonly file: string;
  readonly env: Record<string, string>;
  readonly init?: boolean;
}

interface Child {
  readonly requireMs: number;
  /** CPU time (user + system) of the require(); LOAD children only. */
  readonly requireCpuMs?: number;
  readonly firstInvocationMs?: number;
  readonly processMs: number;
  readonly called?: readonly string[];
}

export async function coldStartBenchmarks(profile: Profile): Promise<Section[]> {
  const handlers = prebundledHandlers();
  if (!handlers.includes('authorizer') || !handlers.includes(JWT_ONLY_SERVICE)) throw new Error('no prebundled handlers in assets/: run `npm run bundle` first');
  // The services behind the gateway (a `service.ts` of their own, a JWT validator each); the revocation
  // receiver is an endpoint of the AS's, not a service, and has no peer to compare with.
  const services = handlers.filter((name) => existsSync(join(ROOT, 'lambda', name, 'service.ts')));
  const stale = staleAssets(handlers);
  const scratch = mkdtempSync(join(tmpdir(), 'phantom-bench-cold-'));
  try {
    const contenders: Record<string, Contender> = {
      authorizer: { file: asset('authorizer'), env: AUTHORIZER_ENV },
      'authorizer/init': { file: asset('authorizer'), env: AUTHORIZER_ENV, init: true },
      'authorizer/baseline': { file: await bundleSource(scratch, 'authorizer-baseline', BASELINES.authorizer), env: AUTHORIZER_ENV },
      'service/baseline': { file: await bundleSource(scratch, 'service-baseline', BASELINES.service), env: SERVICE_ENV },
      'service/joseOnly': { file: await bundleSource(scratch, 'service-jose-only', SERVICE_JOSE_ONLY), env: SERVICE_ENV },
    };
    for (const service of services) {
      contenders[service] = { file: asset(service), env: SERVICE_ENV };
      const peer = join(PEER_SERVICES, `${service}.ts`);
      if (!existsSync(peer)) throw new Error(`no aws-jwt-verify peer for the ${service} service: add ${peer}`);
      const peerFile = await bundleEntry(scratch, `${service}-aws-jwt-verify`, peer);
      copyHandlerPolicyFiles(join(ROOT, 'lambda', service), dirname(peerFile)); // a peer asks the service's own policies
      contenders[`${service}/awsJwtVerify`] = { file: peerFile, env: SERVICE_ENV };
      const definitions = definitionsOnlySource(service);
      if (definitions) contenders[`${service}/definitionsOnly`] = { file: await bundleSource(scratch, `${service}-definitions-only`, definitions), env: SERVICE_ENV };
    }
    const loads = measureRounds(contenders, profile);
    return [authorizerSection(loads, contenders, stale.includes('authorizer')), ...services.map((service) => serviceSection(service, loads, contenders, stale.includes(service)))];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const asset = (name: string) => join(ROOT, 'assets', name, 'index.js');

function prebundledHandlers(): string[] {
  const assets = join(ROOT, 'assets');
  if (!existsSync(assets)) return [];
  return readdirSync(assets).filter((name) => existsSync(join(assets, name, 'index.js'))).sort();
}

/** Handlers whose asset is older than a source file under lambda/ (the bundle may not be what is measured). */
function staleAssets(handlers: readonly string[]): string[] {
  const newestSource = newestMtime(join(ROOT, 'lambda'));
  return handlers.filter((name) => statSync(asset(name)).mtimeMs < newestSource);
}

function newestMtime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

async function bundleSource(scratch: string, name: string, source: string): Promise<string> {
  const entry = join(scratch, `${name}-entry.mjs`);
  writeFileSync(entry, source);
  return bundleEntry(scratch, name, entry);
}

/** With scripts/bundle-handlers.ts's settings, so every bundle compared is built alike. */
async function bundleEntry(scratch: string, name: string, entry: string): Promise<string> {
  const outfile = join(scratch, name, 'index.js');
  const result = await build({ ...bundleOptions(ROOT, entry, outfile), nodePaths: [join(ROOT, 'node_modules')], metafile: true });
  copyCedarWasm(result.metafile, dirname(outfile));
  return outfile;
}

type Loads = Record<string, Child[]>;

/** Every contender once per round, the order rotating by one each round; warm-up rounds discarded. */
function measureRounds(contenders: Record<string, Contender>, profile: Profile): Loads {
  const names = Object.keys(contenders);
  const loads: Loads = Object.fromEntries(names.map((name) => [name, []]));
  const event = JSON.stringify(restRequestEvent('bench-cold-start-token'));
  const rounds = pick(profile, 30, 3);
  const deadline = Date.now() + pick(profile, 120_000, 15_000);
  for (let i = 0; i < pick(profile, 1, 1); i++) for (const name of names) loadInFreshProcess(contenders[name], event);
  for (let round = 0; round < rounds && Date.now() < deadline; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length];
      loads[name].push(loadInFreshProcess(contenders[name], event));
    }
  }
  return loads;
}

function loadInFreshProcess(contender: Contender, event: string): Child {
  const env: NodeJS.ProcessEnv = { ...process.env, ...LAMBDA_ENVIRONMENT, ...contender.env };
  delete env.NODE_OPTIONS;
  for (const name of ['AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_SECRETS_MANAGER']) delete env[name];
  const started = process.hrtime.bigint();
  const args = contender.init ? ['-e', INIT, contender.file, event] : ['-e', LOAD, contender.file];
  const child = spawnSync(process.execPath, args, { env, encoding: 'utf8', timeout: 30_000 });
  const processMs = Number(process.hrtime.bigint() - started) / 1e6;
  const report = child.stdout?.split('\n@@').pop();
  if (child.status !== 0 || !report) throw new Error(`loading ${contender.file} failed: ${child.stderr || child.error?.message}`);
  const parsed = JSON.parse(report) as { requireNs: number; requireCpuNs?: number; firstInvocationNs?: number; called?: string[] };
  return {
    requireMs: round(parsed.requireNs / 1e6),
    requireCpuMs: parsed.requireCpuNs === undefined ? undefined : round(parsed.requireCpuNs / 1e6),
    firstInvocationMs: parsed.firstInvocationNs === undefined ? undefined : round(parsed.firstInvocationNs / 1e6),
    processMs,
    called: parsed.called,
  };
}

const requireMs = (loads: Loads, name: string) => loads[name].map((load) => load.requireMs);
const requireCpuMs = (loads: Loads, name: string) => loads[name].map((load) => load.requireCpuMs ?? Number.NaN);
const bytes = (contender: Contender) => statSync(contender.file).size;

function authorizerSection(loads: Loads, contenders: Record<string, Contender>, stale: boolean): Section {
  const toService = ratioOf(requireMs(loads, 'authorizer'), requireMs(loads, JWT_ONLY_SERVICE), 4);
  const toBaseline = ratioOf(requireMs(loads, 'authorizer'), requireMs(loads, 'authorizer/baseline'), 4);
  const cpuToService = ratioOf(requireCpuMs(loads, 'authorizer'), requireCpuMs(loads, JWT_ONLY_SERVICE), 4);
  const inits = loads['authorizer/init'];
  const initMs = inits.map((load) => load.requireMs + (load.firstInvocationMs ?? Number.NaN));
  // The first invocation must have gone the way a cold instance's first request goes, or initMs means nothing.
  const called = inits[0]?.called ?? [];
  const expected = ['DynamoDB_20120810.GetItem', 'secretsmanager.GetSecretValue', '/introspect'];
  if (!expected.every((call) => called.includes(call))) throw new Error(`the first invocation did not call ${expected.join(', ')} (it called ${called.join(', ') || 'nothing'})`);
  return {
    path: 'coldStart.authorizer',
    values: {
      bundleBytes: bytes(contenders.authorizer),
      loadMs: median(requireMs(loads, 'authorizer')),
      ratioToService: toService.ratio,
      loadCpuMs: median(requireCpuMs(loads, 'authorizer')),
      cpuRatioToService: cpuToService.ratio,
      initMs: median(initMs),
      firstInvocationMs: median(inits.map((load) => load.firstInvocationMs ?? Number.NaN)),
      serviceLoadMs: median(requireMs(loads, JWT_ONLY_SERVICE)),
      ratioToBaseline: toBaseline.ratio,
      baselineLoadMs: median(requireMs(loads, 'authorizer/baseline')),
      processMs: median(loads.authorizer.map((load) => load.processMs)),
    },
    conditions: {
      ...machine(),
      what:
        `require() of assets/authorizer/index.js in a fresh node process with the deployed environment and Lambda-style credentials; ratioToService divides it by require() of assets/${JWT_ONLY_SERVICE}/index.js (a service that only validates JWTs) in the same rounds; ` +
        'initMs adds the first invocation of a token up to the AS call (tier-2 GetItem miss, Secrets Manager read, AS answering 503, all on one loopback server); ' +
        `ratioToBaseline (reported) divides by a bundle of jose + node:crypto + @aws-sdk/client-dynamodb (${bytes(contenders['authorizer/baseline'])} bytes)`,
      firstInvocationCalled: called,
      rounds: toService.rounds,
      assetStale: stale,
      loadMilliseconds: toService.a,
      serviceLoadMilliseconds: toService.b,
      blockRatios: toService.blockRatios,
      cpuBlockRatios: cpuToService.blockRatios,
      summary: `n=${toService.rounds} rounds, load ${spreadText(toService.a)} ms vs ${JWT_ONLY_SERVICE} ${spreadText(toService.b)} ms (CPU ${spreadText(cpuToService.a)} vs ${spreadText(cpuToService.b)})${stale ? ', ASSET STALE' : ''}`,
    },
  };
}

function serviceSection(service: string, loads: Loads, contenders: Record<string, Contender>, stale: boolean): Section {
  const peer = `${service}/awsJwtVerify`;
  const toPeer = ratioOf(requireMs(loads, service), requireMs(loads, peer), 4);
  const toBaseline = ratioOf(requireMs(loads, service), requireMs(loads, 'service/baseline'), 4);
  const cpuToPeer = ratioOf(requireCpuMs(loads, service), requireCpuMs(loads, peer), 4);
  const definitions = loads[`${service}/definitionsOnly`];
  return {
    path: `coldStart.${service}`,
    values: {
      bundleBytes: bytes(contenders[service]),
      loadMs: median(requireMs(loads, service)),
      ratioToAwsJwtVerifyService: toPeer.ratio,
      loadCpuMs: median(requireCpuMs(loads, service)),
      cpuRatioToAwsJwtVerifyService: cpuToPeer.ratio,
      awsJwtVerifyServiceLoadMs: median(requireMs(loads, peer)),
      awsJwtVerifyServiceBytes: bytes(contenders[peer]),
      ratioToBaseline: toBaseline.ratio,
      baselineLoadMs: median(requireMs(loads, 'service/baseline')),
      joseOnlyLoadMs: median(requireMs(loads, 'service/joseOnly')),
      ...(definitions
        ? { definitionsOnlyLoadMs: median(definitions.map((load) => load.requireMs)), definitionsOnlyRatioToBaseline: round(median(definitions.map((load) => load.requireMs)) / median(requireMs(loads, 'service/baseline'))) }
        : {}),
      processMs: median(loads[service].map((load) => load.processMs)),
    },
    conditions: {
      ...machine(),
      what:
        `require() of assets/${service}/index.js in a fresh node process / require() of the same service with its JWT check on aws-jwt-verify (bench/fixtures/aws-jwt-verify-services/${service}.ts), bundled with the handlers' settings; ` +
        `ratioToBaseline (reported) divides by a bundle of jose + node:crypto (${bytes(contenders['service/baseline'])} bytes); joseOnly and definitionsOnly are attribution only; a service that loads Cedar carries it over this baseline`,
      rounds: toPeer.rounds,
      assetStale: stale,
      loadMilliseconds: toPeer.a,
      awsJwtVerifyLoadMilliseconds: toPeer.b,
      blockRatios: toPeer.blockRatios,
      cpuBlockRatios: cpuToPeer.blockRatios,
      summary: `n=${toPeer.rounds} rounds, load ${spreadText(toPeer.a)} ms vs aws-jwt-verify ${spreadText(toPeer.b)} ms (CPU ${spreadText(cpuToPeer.a)} vs ${spreadText(cpuToPeer.b)})${stale ? ', ASSET STALE' : ''}`,
    },
  };
}
