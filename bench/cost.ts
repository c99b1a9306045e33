// Cost per million requests: list prices (bench/prices.json) times what each request costs on this
// machine. Durations are measured here, in this process, against the embedded AS and dynalite on
// loopback: memory-tier hit, DynamoDB-tier hit and miss of the authorizer (accept-jwt, defaults), and
// the peer, a dependency-free authorizer that introspects on every invocation. They are this machine's,
// not an arm64 Lambda's (another CPU; a real AS and DynamoDB are farther than loopback), so the figures
// compare designs rather than predict a bill. What the invocations did comes from the fleet model: the
// soak's configuration (checked against the soak in the fleet group) and a 1k rps Zipf fleet.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { gatewayHitRatio, invocationMix, type MeasuredDurations } from './cost/invocation-mix';
import { costPerMillion, initCostUsd, type ApiKind, type InvocationKind } from './cost/model';
import { PRICES } from './cost/prices';
import { startAuthorizerWorld, GATEWAY_CLIENT, type AuthorizerWorld } from './fixtures/authorizer-world';
import { introspectingAuthorizer } from './fixtures/introspecting-authorizer';
import { restRequestEvent } from './fixtures/rest-request-event';
import { scaleScenario, soakScenario, type SoakRecord } from './fleet/scenarios';
import { simulateFleet } from './fleet/simulate';
import { machine, type Section } from './harness/figures';
import { pick, type Profile } from './harness/profile';
import { median, round } from './harness/stats';
import { rotating, series } from './harness/timing';

/** The construct's default memory size for the authorizer; the peer gets the same. */
const MEMORY_MB = 512;
const GATEWAY_HIT_RATIOS = [0, 0.5, 0.9] as const;
const SOAK_FILE = join(__dirname, 'soak.json');
/** What-if: an AS this many ms away (a hosted AS over the internet) instead of on loopback. */
const REMOTE_AS_EXTRA_MS = 50;

export async function costBenchmarks(profile: Profile): Promise<Section[]> {
  const world = await startAuthorizerWorld();
  let measured: Measured;
  try {
    measured = await measureDurations(world, profile);
  } finally {
    await world.stop();
  }
  const soak = JSON.parse(readFileSync(SOAK_FILE, 'utf8')) as SoakRecord;
  const soakRun = simulateFleet(soakScenario(soak)).steady;
  const zipfRun = simulateFleet(scaleScenario({ rps: 1000, seconds: pick(profile, 900, 120), warmupSeconds: pick(profile, 600, 60), durations: NOMINAL_LAMBDA_DURATIONS })).steady;
  const traffic = {
    soak: { hit: gatewayHitRatio(soakRun), mix: invocationMix(soakRun, measured) },
    zipf1k: { hit: gatewayHitRatio(zipfRun), mix: invocationMix(zipfRun, measured) },
  };
  const peerMix: InvocationKind[] = [{ share: 1, durationMs: measured.peerMs, dynamoDbReads: 0, dynamoDbWrites: 0, asCalls: 1 }];
  const sections: Section[] = [];
  for (const api of ['rest', 'http'] as const) {
    const row = (name: string, hit: number, mix: readonly InvocationKind[]) => costRow(api, name, hit, mix, peerMix, measured.itemBytes);
    for (const hit of GATEWAY_HIT_RATIOS) sections.push(row(`gatewayHit${hit * 100}`, hit, traffic.soak.mix));
    sections.push(row('soakTraffic', traffic.soak.hit, traffic.soak.mix), row('zipf1kTraffic', traffic.zipf1k.hit, traffic.zipf1k.mix));
  }
  sections.push({
    path: 'cost.inputs',
    values: {
      memoryHitMs: measured.memoryHitMs,
      dynamoDbHitMs: measured.dynamoDbHitMs,
      missMs: measured.missMs,
      peerMs: measured.peerMs,
      itemBytes: measured.itemBytes,
      soakGatewayHitRatio: traffic.soak.hit,
      zipf1kGatewayHitRatio: traffic.zipf1k.hit,
      initUsdPerMillionColdStarts: initCostUsd(measured.initMs, MEMORY_MB, PRICES) * 1e6,
    },
    conditions: {
      ...machine(),
      prices: PRICES.basis,
      what: `durations measured on this machine (not arm64 Lambda; AS and DynamoDB on loopback), billed per ms rounded up at ${MEMORY_MB} MB; invocation mixes from the fleet model (soak configuration; 1k rps Zipf fleet, steady state); the peer is bench/fixtures/introspecting-authorizer.ts; *AsAt50ms: the same with ${REMOTE_AS_EXTRA_MS} ms added to every invocation that calls the AS`,
      soakMix: traffic.soak.mix,
      zipf1kMix: traffic.zipf1k.mix,
      initMsAssumed: measured.initMs,
      samples: measured.samples,
      summary: `memory ${round(measured.memoryHitMs)} ms, DynamoDB ${round(measured.dynamoDbHitMs)} ms, miss ${round(measured.missMs)} ms, peer ${round(measured.peerMs)} ms (this machine)`,
    },
  });
  return sections;
}

/** In-region figures the fleet model uses for Lambda (they set concurrency, not cost: cost takes the measured ones). */
export const NOMINAL_LAMBDA_DURATIONS = { memoryHitMs: 1, dynamoDbHitMs: 6, dynamoDbMissMs: 5, asCallMs: 40, missOverheadMs: 8, coldStartMs: 150 };

function costRow(api: ApiKind, name: string, hit: number, mix: readonly InvocationKind[], peerMix: readonly InvocationKind[], itemBytes: number): Section {
  const cost = (invocations: readonly InvocationKind[]) => costPerMillion({ api, gatewayHitRatio: hit, invocations, memoryMb: MEMORY_MB, itemBytes }, PRICES);
  const remoteAs = (invocations: readonly InvocationKind[]) => invocations.map((kind) => (kind.asCalls > 0 ? { ...kind, durationMs: kind.durationMs + REMOTE_AS_EXTRA_MS } : kind));
  const ours = cost(mix);
  const peer = cost(peerMix);
  return {
    path: `cost.${api}.${name}`,
    values: {
      usdPerMillion: ours.totalUsd,
      peerUsdPerMillion: peer.totalUsd,
      ratioToPeer: ours.totalUsd / peer.totalUsd,
      lambdaUsd: ours.lambdaUsd,
      dynamoDbUsd: ours.dynamoDbUsd,
      peerLambdaUsd: peer.lambdaUsd,
      asCallsPerMillion: ours.asCalls,
      peerAsCallsPerMillion: peer.asCalls,
      usdPerMillionAsAt50ms: cost(remoteAs(mix)).totalUsd,
      peerUsdPerMillionAsAt50ms: cost(remoteAs(peerMix)).totalUsd,
      gatewayHitRatio: hit,
    },
    conditions: { summary: `gateway hit ${round(hit * 100)} %: $${round(ours.totalUsd)} vs peer $${round(peer.totalUsd)} per million; AS calls ${Math.round(ours.asCalls)} vs ${Math.round(peer.asCalls)}` },
  };
}

interface Measured extends MeasuredDurations {
  readonly peerMs: number;
  readonly itemBytes: number;
  readonly initMs: number;
  readonly samples: Record<string, number>;
}

async function measureDurations(world: AuthorizerWorld, profile: Profile): Promise<Measured> {
  const handler = world.handler('accept-jwt');
  const [warm] = await world.tokens(1);
  const warmEvent = restRequestEvent(warm);
  await handler(warmEvent);
  const memory = await series(() => handler(warmEvent), { warmup: 200, samples: pick(profile, 5000, 500), maxMs: pick(profile, 5000, 1000) });
  const tierTwo = world.handler('accept-jwt', { memoryCacheEntries: 0 });
  await tierTwo(warmEvent);
  const dynamoDb = await series(() => tierTwo(warmEvent), { warmup: 20, samples: pick(profile, 300, 40), maxMs: pick(profile, 10_000, 2000) });
  const stored = await world.dynamoDb.send(new GetItemCommand({ TableName: world.table, Key: { pk: { S: world.itemKey('accept-jwt', warm) } } }));
  const itemBytes = (stored.Item?.v?.B?.length ?? 0) + 120;
  const peer = introspectingAuthorizer({ introspectionEndpoint: world.as.introspectionEndpoint, clientId: GATEWAY_CLIENT.clientId, clientSecret: GATEWAY_CLIENT.clientSecret! });
  const samples = pick(profile, 100, 12);
  const tokens = await world.tokens(samples + 3);
  const events = tokens.map((token) => restRequestEvent(token));
  // A fresh token per round for our miss; the peer asks the AS every time anyway. Rotating in one loop.
  const slot = (index: number) => (index < 0 ? -1 - index : 3 + index);
  const run = await rotating([(index) => handler(events[slot(index)]), (index) => peer(events[slot(index)])], { warmup: 3, samples, maxMs: pick(profile, 20_000, 4000) });
  const [missMicros, peerMicros] = run.samples;
  return {
    memoryHitMs: median(memory.micros) / 1000,
    dynamoDbHitMs: median(dynamoDb.micros) / 1000,
    missMs: median(missMicros) / 1000,
    peerMs: median(peerMicros) / 1000,
    itemBytes,
    initMs: NOMINAL_LAMBDA_DURATIONS.coldStartMs,
    samples: { memory: memory.micros.length, dynamoDb: dynamoDb.micros.length, miss: missMicros.length, peer: peerMicros.length },
  };
}
