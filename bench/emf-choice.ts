// Reproduces the EMF library choice recorded in docs/operations.md: bundle size (esbuild, minified,
// node22, cjs: the settings of scripts/bundle-handlers.ts) and cold-load time in a fresh Node process of
//   baseline      jose + @aws-sdk/client-dynamodb (the authorizer's own dependencies)
//   powertools    baseline + @aws-lambda-powertools/metrics
//   emf-lib       baseline + aws-embedded-metrics
//   hand-written  baseline + a minimal hand-written EMF serializer (inline below)
//   this-library  baseline + lambda/shared/decision-log (DecisionLogger with its EMF block, as shipped)
//   authorizer    the whole authorizer handler (lambda/authorizer), when it exists
// The candidates that are not project dependencies are installed with npm into a scratch folder
// (EMF_BENCH_DIR, default <tmp>/cdk-phantom-token-emf-bench), never into the project.
//
//   npx tsx bench/emf-choice.ts [--runs 40] [--skip <variant>]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(__dirname, '..');
const CANDIDATES = { '@aws-lambda-powertools/metrics': '2.36.0', 'aws-embedded-metrics': '4.2.1' };

// Each variant references what a handler would use, so tree shaking keeps a realistic amount of code.
const BASELINE = `
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
globalThis.__keep = [createRemoteJWKSet, jwtVerify, new DynamoDBClient({ region: 'eu-west-1' }), GetItemCommand, PutItemCommand];
`;
// Each candidate also defines `__emit`: the EMF text for the metrics of one decision (an allow from the
// memory tier: Decisions by outcome and reason, CacheHits by tier, DecisionDuration), as the handler
// would produce it on its warm path, once per request.
const VARIANTS: Record<string, string> = {
  baseline: BASELINE,
  powertools: `${BASELINE}
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
const metrics = new Metrics({ namespace: 'PhantomToken', serviceName: 'authorizer' });
function family(sets, name, unit, value) {
  for (const set of sets) metrics.addDimensions(set);
  metrics.addMetric(name, unit, value);
  const document = metrics.serializeMetrics();
  metrics.clearMetrics();
  metrics.clearDimensions();
  return document;
}
globalThis.__emit = () => {
  const documents = [
    family([{}, { Outcome: 'allow' }, { Reason: 'OK' }], 'Decisions', MetricUnit.Count, 1),
    family([{}, { CacheTier: 'memory' }], 'CacheHits', MetricUnit.Count, 1),
    family([{}], 'DecisionDuration', MetricUnit.Milliseconds, 3),
  ];
  const merged = Object.assign({}, ...documents);
  merged._aws = { Timestamp: Date.now(), CloudWatchMetrics: documents.flatMap((d) => d._aws.CloudWatchMetrics) };
  return JSON.stringify(merged);
};
`,
  'emf-lib': `${BASELINE}
import { createMetricsLogger, Unit } from 'aws-embedded-metrics';
import { MetricsContext } from 'aws-embedded-metrics/lib/logger/MetricsContext';
import { LogSerializer } from 'aws-embedded-metrics/lib/serializers/LogSerializer';
globalThis.__keep.push(createMetricsLogger());
const serializer = new LogSerializer();
function family(sets, name, unit, value) {
  const context = MetricsContext.empty();
  context.setNamespace('PhantomToken');
  context.setDimensions(sets.map((set) => ({ service: 'authorizer', ...set })));
  context.putMetric(name, value, unit);
  return serializer.serialize(context)[0];
}
globalThis.__emit = () => [
  family([{}, { Outcome: 'allow' }, { Reason: 'OK' }], 'Decisions', Unit.Count, 1),
  family([{}, { CacheTier: 'memory' }], 'CacheHits', Unit.Count, 1),
  family([{}], 'DecisionDuration', Unit.Milliseconds, 3),
].join('');
`,
  // (c) the smallest serializer that would do the job: one directive per family, the values inline.
  'hand-written': `${BASELINE}
function family(sets, dimensions, name, unit, value) {
  const line = { _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: 'PhantomToken',
    Dimensions: sets.map((set) => ['service', ...set]), Metrics: [{ Name: name, Unit: unit }] }] }, service: 'authorizer', ...dimensions };
  line[name] = value;
  return JSON.stringify(line);
}
globalThis.__emit = () => [
  family([[], ['Outcome'], ['Reason']], { Outcome: 'allow', Reason: 'OK' }, 'Decisions', 'Count', 1),
  family([[], ['CacheTier']], { CacheTier: 'memory' }, 'CacheHits', 'Count', 1),
  family([[]], {}, 'DecisionDuration', 'Milliseconds', 3),
].join('');
`,
  // What ships: DecisionLogger (load) and its EMF members for one decision (per call).
  'this-library': `${BASELINE}
import { DecisionLogger } from ${JSON.stringify(join(ROOT, 'lambda/shared/decision-log'))};
import { decisionMetrics } from ${JSON.stringify(join(ROOT, 'lambda/shared/decision-metrics'))};
import { EmfSerializer } from ${JSON.stringify(join(ROOT, 'lambda/shared/emf'))};
globalThis.__keep.push(new DecisionLogger('info', () => {}, { metrics: { service: 'authorizer' } }));
const serializer = new EmfSerializer({ service: 'authorizer' });
const record = { component: 'authorizer', outcome: 'allow', reason: 'OK', cacheTier: 'memory', durationMs: 3 };
globalThis.__emit = () => serializer.serialize(decisionMetrics(record));
`,
};

// The shipped authorizer handler as a whole, when it exists: the cold-start figure the target is about.
if (existsSync(join(ROOT, 'lambda/authorizer/index.ts'))) {
  VARIANTS['authorizer'] = `globalThis.__keep = [require(${JSON.stringify(join(ROOT, 'lambda/authorizer/index.ts'))})];\n`;
}

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

function installCandidates(dir: string): void {
  const missing = Object.keys(CANDIDATES).filter((name) => !existsSync(join(dir, 'node_modules', name, 'package.json')));
  if (missing.length === 0) return;
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  const specs = Object.entries(CANDIDATES).map(([name, version]) => `${name}@${version}`);
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', dir, ...specs], { stdio: 'inherit' });
  if (npm.status !== 0) throw new Error('npm install of the EMF candidates failed');
}

async function bundle(dir: string, name: string, source: string): Promise<string> {
  const entry = join(dir, 'entries', `${name}.ts`);
  const outfile = join(dir, 'out', `${name}.js`);
  mkdirSync(join(dir, 'entries'), { recursive: true });
  writeFileSync(entry, source);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    logLevel: 'error',
    nodePaths: [join(dir, 'node_modules'), join(ROOT, 'node_modules')],
  });
  return outfile;
}

/**
 * Milliseconds to `require` the bundle in a fresh process (what a Lambda cold start pays for the code),
 * then, warm, microseconds per `__emit` call (what every request pays).
 */
function measure(file: string): { loadMs: number; emitUs?: number } {
  const probe = [
    'const t=process.hrtime.bigint();',
    `require(${JSON.stringify(file)});`,
    'const loadMs=Number(process.hrtime.bigint()-t)/1e6;',
    'let emitUs;',
    'if(globalThis.__emit){for(let i=0;i<2000;i++)globalThis.__emit();',
    'const s=process.hrtime.bigint();for(let i=0;i<20000;i++)globalThis.__emit();',
    'emitUs=Number(process.hrtime.bigint()-s)/1e3/20000;}',
    'process.stdout.write(JSON.stringify({loadMs,emitUs}))',
  ].join('');
  const child = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-1' } });
  if (child.status !== 0) throw new Error(`loading ${file} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as { loadMs: number; emitUs?: number };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function main(): Promise<void> {
  const runs = arg('runs', 40);
  const dir = process.env.EMF_BENCH_DIR ?? join(tmpdir(), 'cdk-phantom-token-emf-bench');
  installCandidates(dir);
  const files: Record<string, string> = {};
  const skip = new Set(process.argv.filter((_, i) => process.argv[i - 1] === '--skip'));
  for (const [name, source] of Object.entries(VARIANTS)) {
    if (!skip.has(name)) files[name] = await bundle(dir, name, source);
  }

  const load: Record<string, number[]> = Object.fromEntries(Object.keys(files).map((name) => [name, []]));
  const emit: Record<string, number[]> = Object.fromEntries(Object.keys(files).map((name) => [name, []]));
  for (const name of Object.keys(files)) measure(files[name]); // warm the file cache once
  // Interleaved, so the load of the shared machine hits every variant alike.
  for (let run = 0; run < runs; run++) {
    for (const name of Object.keys(files)) {
      const sample = measure(files[name]);
      load[name].push(sample.loadMs);
      if (sample.emitUs !== undefined) emit[name].push(sample.emitUs);
    }
  }

  const baseBytes = statSync(files.baseline).size;
  const baseLoad = quantile(load.baseline, 0.5);
  const baseMin = Math.min(...load.baseline);
  console.log(`runs per variant: ${runs}; node ${process.version}; targets: load <= 1.15 x baseline, authorizer warm decision p50 <= 15 us`);
  // The minimum is the steadier estimate on a shared machine: contention only ever adds time.
  console.log('variant        bytes     +bytes   gzip     load p50 ms  p90 ms   x baseline   min ms   x baseline (min)   emit p50 us');
  for (const [name, file] of Object.entries(files)) {
    const bytes = statSync(file).size;
    const gzip = gzipSync(readFileSync(file)).length;
    const p50 = quantile(load[name], 0.5);
    const p90 = quantile(load[name], 0.9);
    const min = Math.min(...load[name]);
    const emitText = emit[name].length > 0 ? quantile(emit[name], 0.5).toFixed(2) : '-';
    console.log(
      `${name.padEnd(14)} ${String(bytes).padStart(8)} ${String(bytes - baseBytes).padStart(8)} ${String(gzip).padStart(7)}` +
        `   ${p50.toFixed(2).padStart(8)}   ${p90.toFixed(2).padStart(7)}   ${(p50 / baseLoad).toFixed(3).padStart(10)}` +
        `   ${min.toFixed(2).padStart(6)}   ${(min / baseMin).toFixed(3).padStart(16)}   ${emitText.padStart(11)}`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
