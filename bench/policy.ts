// Policy figures: Cedar in-process on a warm Lambda, and what loading Cedar costs a cold start.
//  validator.cedar           one decision of the invoices example's policy set (invoice-policies.cedar):
//                            the entity mapping plus Cedar's answer, for the owner (allow) and for another
//                            subscriber (deny), on a warm module with the policies parsed. `p50us` is what
//                            a warm Lambda sees for the example's traffic, the same client reading the
//                            same invoice again (Cedar's answer reused, cedarPolicy's default cache);
//                            `uncached...` evaluates every request (cacheTtlMs 0), as a request Cedar
//                            has not seen in the last 5 s costs. Each pair alternates in one loop.
//  validator.cedarColdStart  require() of the Cedar WASM module alone, building the invoices policy from
//                            its file, and require() of the invoices asset (which loads Cedar) beside the
//                            streams asset (which does not), alternating, one fresh process per load.
// Run `npm run bundle` first (the cold-start part loads the prebundled assets).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { validatorConfigToEnv } from '../lambda/shared/config';
import { EXAMPLE_AUDIENCE } from '../lambda/shared/example-routes';
import { INVOICE_POLICY_FILE } from '../lambda/invoices/service';
import { VerifiedJwt, type JwtClaims } from '../lambda/validator/claims';
import { cedarPolicy } from '../lambda/validator/cedar';
import type { PolicyRequest } from '../lambda/validator/policy/policy-decision';
import { machine, ratioOf, roundedSpread, spreadText, type Section } from './harness/figures';
import { pick, type Profile } from './harness/profile';
import { distribution, median, round } from './harness/stats';
import { interleaved } from './harness/timing';

const ROOT = resolve(__dirname, '..');

export async function policyBenchmarks(profile: Profile): Promise<Section[]> {
  return [await cedarWarm(profile), cedarColdStart(profile)];
}

/** A request as the invoices service gives it to Cedar: a phantom JWT's claims, the route, the invoice. */
function invoiceRequest(subscriberId: string): PolicyRequest<JwtClaims, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: 'https://as.example.com', sub: 'user-1001', aud: EXAMPLE_AUDIENCE, client_id: 'invoices-client', scope: 'openid invoice_read invoice_write',
    subscriber_id: 'sub-1001', iat: now, exp: now + 300, jti: 'bench-jti',
  } as JwtClaims;
  const jwt = new VerifiedJwt('bench.token.only', { alg: 'ES256' }, claims, 'ab'.repeat(32));
  return {
    claims: jwt.claims,
    jwt,
    route: { method: 'GET', template: '/invoices/{id}' },
    request: { method: 'GET', route: '/invoices/{id}', path: '/invoices/inv-1001', pathParameters: { id: 'inv-1001' }, queryParameters: {}, headers: {} },
    resource: { id: 'inv-1001', subscriberId, amount: 42.5, currency: 'EUR', createdAt: '2026-01-15T09:00:00.000Z' },
  };
}

async function cedarWarm(profile: Profile): Promise<Section> {
  const build = (cacheTtlMs?: number) => cedarPolicy({ name: 'invoices', policyFiles: [INVOICE_POLICY_FILE], resourceType: 'Invoice', cacheTtlMs });
  const cached = build();
  const uncached = build(0);
  const owner = invoiceRequest('sub-1001');
  const other = invoiceRequest('sub-2002');
  const options = { warmup: pick(profile, 2000, 200), samples: pick(profile, 20_000, 2000), maxMs: pick(profile, 20_000, 4000) };
  const allow = await interleaved(() => cached.decide(owner), () => uncached.decide(owner), options);
  // The deny path refuses by throwing (ERR_CLAIM_MISMATCH, the @claim forbid), as the validator sees it.
  const deny = await interleaved(() => cached.decide(other).catch(() => undefined), () => uncached.decide(other).catch(() => undefined), options);
  const allowed = distribution(allow.a);
  const evaluated = distribution(allow.b);
  return {
    path: 'validator.cedar',
    values: {
      p50us: round(allowed.median),
      p99us: round(allowed.p99),
      denyP50us: round(median(deny.a)),
      uncachedP50us: round(evaluated.median),
      uncachedP99us: round(evaluated.p99),
      uncachedDenyP50us: round(median(deny.b)),
    },
    conditions: {
      ...machine(),
      what: 'cedarPolicy.decide() for GET /invoices/{id} with invoice-policies.cedar: entity mapping + Cedar statefulIsAuthorized (policies preparsed at cold start); p50us/denyP50us with the default answer cache and the same request repeated (the example\'s traffic), uncached* with cacheTtlMs 0; each pair alternating in one loop',
      samples: allow.a.length,
      truncated: allow.truncated || deny.truncated,
      allowMicroseconds: roundedSpread(allow.a),
      denyMicroseconds: roundedSpread(deny.a),
      uncachedAllowMicroseconds: roundedSpread(allow.b),
      uncachedDenyMicroseconds: roundedSpread(deny.b),
    },
  };
}

// Runs in a fresh process: time require() of the module or file given, then (optionally) building the
// invoices policy from its file with the module already loaded.
const LOADER = `const s=process.hrtime.bigint();require(process.argv[1]);process.stdout.write(String(process.hrtime.bigint()-s))`;

function requireMs(target: string, env: Record<string, string> = {}): number {
  const child = spawnSync(process.execPath, ['-e', LOADER, target], { env: { ...process.env, AWS_REGION: 'eu-west-1', ...env, NODE_OPTIONS: '' }, encoding: 'utf8', timeout: 30_000 });
  if (child.status !== 0) throw new Error(`loading ${target} failed: ${child.stderr || child.error?.message}`);
  return round(Number(child.stdout) / 1e6);
}

function cedarColdStart(profile: Profile): Section {
  const invoices = join(ROOT, 'assets', 'invoices', 'index.js');
  const streams = join(ROOT, 'assets', 'streams', 'index.js');
  if (!existsSync(invoices) || !existsSync(streams)) throw new Error('no prebundled invoices/streams assets: run `npm run bundle` first');
  const env = validatorConfigToEnv({ issuer: 'https://as.example.com', audience: EXAMPLE_AUDIENCE, jwksUri: 'https://as.example.com/jwks' });
  const cedarModule = require.resolve('@cedar-policy/cedar-wasm/nodejs');
  const rounds = pick(profile, 30, 3);
  const deadline = Date.now() + pick(profile, 60_000, 10_000);
  requireMs(invoices, env);
  requireMs(streams, env);
  const moduleLoads: number[] = [];
  const invoicesLoads: number[] = [];
  const streamsLoads: number[] = [];
  for (let i = 0; i < rounds && Date.now() < deadline; i++) {
    const order = i % 2 === 0 ? [invoices, streams] : [streams, invoices];
    for (const file of order) (file === invoices ? invoicesLoads : streamsLoads).push(requireMs(file, env));
    moduleLoads.push(requireMs(cedarModule));
  }
  // Building the policy set (read, parse, annotations, preparse) in this warm process: the part of a cold
  // start that grows with the policies rather than with the module.
  const started = performance.now();
  cedarPolicy({ name: 'invoices', policyFiles: [INVOICE_POLICY_FILE], resourceType: 'Invoice' });
  const policySetMs = round(performance.now() - started);
  const ratio = ratioOf(invoicesLoads, streamsLoads, Math.min(4, invoicesLoads.length));
  return {
    path: 'validator.cedarColdStart',
    values: {
      cedarModuleLoadMs: median(moduleLoads),
      policySetBuildMs: policySetMs,
      invoicesLoadMs: median(invoicesLoads),
      streamsLoadMs: median(streamsLoads),
      cedarCostMs: round(median(invoicesLoads) - median(streamsLoads)),
      invoicesRatioToStreams: round(ratio.ratio),
    },
    conditions: {
      ...machine(),
      what: 'require() in a fresh node process: @cedar-policy/cedar-wasm/nodejs alone; assets/invoices/index.js (builds its Cedar policy at load) vs assets/streams/index.js (no Cedar), alternating',
      rounds: ratio.rounds,
      summary: `n=${ratio.rounds}, invoices ${spreadText(ratio.a)} ms vs streams ${spreadText(ratio.b)} ms`,
    },
  };
}
