// Fleet predictions (bench/fleet/): the model run on the soak's configuration and compared with what the
// soak measured (fleet.modelError), then a Lambda fleet at 1k / 10k / 100k requests per second on the
// authorizer's defaults: AS calls, DynamoDB read and write units per second overall and on the hottest
// key (against DynamoDB's per-partition 3,000 RCU / 1,000 WCU), the share of requests that wait on an AS
// call, and the start-up burst of a fleet that starts cold; the 10k and 100k runs again without the
// refill lease (lambda/authorizer/cache/refill-lease.ts) to show what it takes off the hottest key. Pure
// simulation: no network, seeded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOMINAL_LAMBDA_DURATIONS } from './cost';
import { scaleScenario, soakMeasuredAsLoad, soakScenario, type SoakRecord } from './fleet/scenarios';
import { simulateFleet, type FleetCounts } from './fleet/simulate';
import { machine, type Section } from './harness/figures';
import { pick, type Profile } from './harness/profile';
import { round } from './harness/stats';

/** DynamoDB's documented per-partition ceilings. */
const PARTITION_READ_UNITS = 3000;
const PARTITION_WRITE_UNITS = 1000;
/** An eventually consistent GetItem of an item under 4 KB. */
const READ_UNITS_PER_GET = 0.5;
/** A tier-2 item (sealed JWT, key, TTL) is 1-2 KB (cost.inputs.itemBytes measures it): 2 write units. */
const WRITE_UNITS_PER_PUT = 2;

export async function fleetBenchmarks(profile: Profile): Promise<Section[]> {
  const soak = JSON.parse(readFileSync(join(__dirname, 'soak.json'), 'utf8')) as SoakRecord;
  const sections: Section[] = [soakCheck(soak)];
  const runs: Record<string, { seconds: number; warmup: number }> = {
    rps1k: { seconds: pick(profile, 900, 60), warmup: pick(profile, 600, 20) },
    rps10k: { seconds: pick(profile, 900, 20), warmup: pick(profile, 600, 10) },
    rps100k: { seconds: pick(profile, 360, 4), warmup: pick(profile, 300, 2) },
  };
  const rates: Record<string, number> = { rps1k: 1000, rps10k: 10_000, rps100k: 100_000 };
  const steadyAt: Record<string, FleetCounts> = {};
  for (const [name, { seconds, warmup }] of Object.entries(runs)) {
    const started = Date.now();
    const result = simulateFleet(scaleScenario({ rps: rates[name], seconds, warmupSeconds: warmup, durations: NOMINAL_LAMBDA_DURATIONS }));
    steadyAt[name] = result.steady;
    sections.push(prediction(name, rates[name], result.steady, result.startup, result.instances, seconds, warmup, Date.now() - started, profile));
  }
  for (const name of ['rps10k', 'rps100k']) sections.push(withoutRefillLease(name, rates[name], steadyAt[name], runs[name]));
  sections.push(refreshAheadWhatIf(steadyAt.rps10k, runs.rps10k));
  return sections;
}

/** Write units on the table: value PutItems and the lease's conditional PutItems, each on a 1-2 KB item. */
const writeUnits = (counts: FleetCounts) => (counts.dynamoDbWrites + counts.leaseWrites) * WRITE_UNITS_PER_PUT;

/** The same run with every instance refilling an ended item itself, as it would without the lease. */
function withoutRefillLease(name: string, rps: number, withLease: FleetCounts, run: { seconds: number; warmup: number }): Section {
  const scenario = scaleScenario({ rps, seconds: run.seconds, warmupSeconds: run.warmup, durations: NOMINAL_LAMBDA_DURATIONS });
  const { steady } = simulateFleet({ ...scenario, cache: { ...scenario.cache, refillLease: false } });
  return {
    path: `fleet.${name}.withoutRefillLease`,
    values: {
      hottestKeyWriteUnitsPerSecond: steady.hottestKeyWritesPerSecond * WRITE_UNITS_PER_PUT,
      withHottestKeyWriteUnitsPerSecond: withLease.hottestKeyWritesPerSecond * WRITE_UNITS_PER_PUT,
      peakAsCallsPerSecond: steady.peakAsCallsPerSecond,
      withPeakAsCallsPerSecond: withLease.peakAsCallsPerSecond,
      asCallsPerSecond: steady.asCalls / steady.seconds,
      withAsCallsPerSecond: withLease.asCalls / withLease.seconds,
      dynamoDbWriteUnitsPerSecond: writeUnits(steady) / steady.seconds,
      withDynamoDbWriteUnitsPerSecond: writeUnits(withLease) / withLease.seconds,
    },
    conditions: {
      ...machine(),
      what: `fleet.${name}'s scenario with refillLease off (each instance that finds an ended item asks the AS and writes the item itself) against the same run with it`,
      summary: `hottest key ${steady.hottestKeyWritesPerSecond * WRITE_UNITS_PER_PUT} WCU/s without the lease, ${withLease.hottestKeyWritesPerSecond * WRITE_UNITS_PER_PUT} with`,
    },
  };
}

/**
 * What-if: would renewing entries early (a hit with less than the result cache's 60 s left goes to the AS
 * with a small probability) take the write burst off the hottest key? Same 10k rps run otherwise.
 */
function refreshAheadWhatIf(baseline: FleetCounts, run: { seconds: number; warmup: number }): Section {
  const refreshAhead = { seconds: 60, probability: 0.05 };
  const scenario = scaleScenario({ rps: 10_000, seconds: run.seconds, warmupSeconds: run.warmup, durations: NOMINAL_LAMBDA_DURATIONS });
  const { steady } = simulateFleet({ ...scenario, cache: { ...scenario.cache, refreshAhead } });
  return {
    path: 'fleet.refreshAhead10k',
    values: {
      hottestKeyWriteUnitsPerSecond: steady.hottestKeyWritesPerSecond * WRITE_UNITS_PER_PUT,
      withoutHottestKeyWriteUnitsPerSecond: baseline.hottestKeyWritesPerSecond * WRITE_UNITS_PER_PUT,
      asCallsPerSecond: steady.asCalls / steady.seconds,
      withoutAsCallsPerSecond: baseline.asCalls / baseline.seconds,
      shareOfRequestsPayingMiss: steady.paidMiss / steady.requests,
    },
    conditions: {
      ...machine(),
      what: `fleet.rps10k's scenario with refreshAhead ${JSON.stringify(refreshAhead)} (not what the authorizer does) against the same run without it`,
      summary: `hottest key ${steady.hottestKeyWritesPerSecond * WRITE_UNITS_PER_PUT} WCU/s with, ${baseline.hottestKeyWritesPerSecond * WRITE_UNITS_PER_PUT} without`,
    },
  };
}

function soakCheck(soak: SoakRecord): Section {
  const { steady } = simulateFleet(soakScenario(soak));
  const measured = soakMeasuredAsLoad(soak);
  // The same quantity on the model's side: calls the AS received (refused ones excluded), or miss-tier decisions.
  const modelled = measured.measure === 'asCalls' ? steady.asCalls - steady.asRefused : steady.asCalls + steady.joined;
  const bias = (modelled - measured.value) / measured.value;
  return {
    path: 'fleet',
    values: {
      modelError: Math.abs(bias),
      modelBias: bias,
      modelAsLoad: modelled,
      soakAsLoad: measured.value,
      modelAsCalls: steady.asCalls,
      modelNegativeHits: steady.negativeHits,
      soakNegativeHits: soak.authorizer.byTier.negative ?? Number.NaN,
    },
    conditions: {
      ...machine(),
      what: `the model on bench/soak.json's configuration (its per-second request counts, token classes, cache settings, fault windows, one process with single flight) / the soak's ${measured.measure === 'asCalls' ? 'AS calls (requests the AS received during the load)' : 'decisions at the miss tier (each an AS call of its own or a join of one; the soak run predates its AS call count)'}; negative hits compared alongside, not part of the error`,
      comparedWith: measured.measure,
      summary: `model ${modelled} vs soak ${measured.value} ${measured.measure} (${round(bias * 100)} %)`,
    },
  };
}

function prediction(name: string, rps: number, steady: FleetCounts, startup: FleetCounts, instances: number, seconds: number, warmup: number, elapsedMs: number, profile: Profile): Section {
  const perSecond = (count: number) => count / steady.seconds;
  const hotReads = steady.hottestKeyReadsPerSecond * READ_UNITS_PER_GET;
  const hotWrites = steady.hottestKeyWritesPerSecond * WRITE_UNITS_PER_PUT;
  return {
    path: `fleet.${name}`,
    values: {
      asCallsPerSecond: perSecond(steady.asCalls),
      peakAsCallsPerSecond: steady.peakAsCallsPerSecond,
      dynamoDbReadUnitsPerSecond: perSecond(steady.dynamoDbReads) * READ_UNITS_PER_GET,
      dynamoDbWriteUnitsPerSecond: writeUnits(steady) / steady.seconds,
      refillLeaseWriteUnitsPerSecond: perSecond(steady.leaseWrites) * WRITE_UNITS_PER_PUT,
      refillLeaseWaitsPerSecond: perSecond(steady.leaseWaits),
      refillLeaseWaitsServedShare: steady.leaseWaits === 0 ? Number.NaN : steady.leaseWaitsServed / steady.leaseWaits,
      hottestKeyReadUnitsPerSecond: hotReads,
      hottestKeyWriteUnitsPerSecond: hotWrites,
      hottestKeyShareOfPartitionReads: hotReads / PARTITION_READ_UNITS,
      hottestKeyShareOfPartitionWrites: hotWrites / PARTITION_WRITE_UNITS,
      shareOfRequestsPayingMiss: steady.paidMiss / steady.requests,
      gatewayHitRatio: steady.gatewayHits / steady.requests,
      instances,
      startupPeakAsCallsPerSecond: startup.peakAsCallsPerSecond,
      startupThrottledShare: startup.requests === 0 ? Number.NaN : startup.throttled / startup.requests,
      startupColdStarts: startup.coldStarts,
    },
    conditions: {
      ...machine(),
      what: `${rps} requests/s for ${seconds} simulated s, steady-state figures after ${warmup} s; callers' tokens Zipf(1.1) over ${10 * rps} tokens living 1 h, 1 % never-issued tokens, 0.5 % refused early; construct defaults (result cache 60 s, memory 10,000, cap 300 s, negative 5 s, DynamoDB on, an ended item refilled under a lease); Lambda one request per instance, scale-out 1,000 per 10 s; in-region durations assumed: ${JSON.stringify(NOMINAL_LAMBDA_DURATIONS)}; ${READ_UNITS_PER_GET} RCU per GetItem, ${WRITE_UNITS_PER_PUT} WCU per PutItem (a lease's conditional PutItem too, won or lost); a quick run is too short for a steady state`,
      quick: profile.quick,
      simulatedRequests: steady.requests + startup.requests,
      elapsedMs,
      summary: `${Math.round(perSecond(steady.asCalls))} AS calls/s, hottest key ${round(hotReads)} RCU/s ${round(hotWrites)} WCU/s, ${round((100 * steady.paidMiss) / steady.requests)} % pay a miss`,
    },
  };
}
