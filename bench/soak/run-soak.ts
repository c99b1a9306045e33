// One soak run, start to finish: the local stack on loopback (embedded AS, embedded DynamoDB that can be
// stopped and restarted, the real authorizer and services behind the local gateway), tokens minted, the
// caches warmed, then load, probes and faults together for the configured duration; every answer judged
// as it arrives. Everything it started is stopped again, whatever happens.
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../harness/zipf';
import { startLocalStack, type LocalStack } from '../../local/local-stack';
import { DecisionWatch } from './decision-watch';
import { startDpopLane, type DpopLane } from './dpop-lane';
import { FaultInjector } from './fault-injector';
import { judge, type Verdict } from './judge';
import { Pacer, runLoadLanes, runProbeLane, type LaneSettings } from './lanes';
import { MemorySampler } from './memory';
import type { SoakOptions } from './options';
import { buildSoakReport, type SoakReport } from './report';
import { quietWindows, RevocationLane } from './revocation-lane';
import { asFaultPhase, overlappedFaults, soakSchedule } from './schedule';
import { Sender, type SentRequest } from './sender';
import { SoakTally } from './tally';
import { FAMILY_CLIENT, mintSoakTokens, type OwnedToken } from './tokens';
import { TrafficMix, type PlannedRequest } from './traffic';

/** The revocation lane probes its victim this often. */
const REVOCATION_PROBE_INTERVAL_MS = 100;

/** Request latency allowed on top of the cache lifetimes before a revoked token must be refused. */
export const REVOCATION_SLACK_MS = 1000;
/**
 * The slow AS holds requests this much longer than the authorizer waits: every call times out, and no
 * more abandoned work than that piles up for the AS to get through when the fault ends (it still answers
 * each held request, as a real overloaded AS would, ahead of the new ones).
 */
const SLOW_BEYOND_TIMEOUT_MS = 500;

export async function runSoak(options: SoakOptions, progress: (line: string) => void = () => undefined): Promise<SoakReport> {
  let loadStart = performance.now();
  const clock = () => performance.now() - loadStart;
  const watch = new DecisionWatch(clock, options.cacheMaxTtlSeconds);
  let stack: LocalStack | undefined;
  let sender: Sender | undefined;
  let revocationLane: RevocationLane | undefined;
  let dpopLane: DpopLane | undefined;
  try {
    stack = await startLocalStack({
      exchangeMode: options.exchangeMode,
      api: options.api,
      resultsCacheTtlSeconds: options.resultsCacheTtlSeconds,
      authorizer: {
        cacheMaxTtlSeconds: options.cacheMaxTtlSeconds,
        asTimeoutMs: options.asTimeoutMs,
        memoryCacheEntries: options.memoryCacheEntries,
        logLevel: 'info',
      },
      accessLog: false,
      decisionLog: (line) => {
        watch.sink(line);
        revocationLane?.observe(line);
      },
    });
    const as = stack.as!;
    const dynamoDb = stack.embeddedDynamoDb!;
    progress(`stack up: gateway ${stack.gatewayUrl}, AS ${stack.issuer}, DynamoDB ${dynamoDb.endpoint}`);

    const freshCount = Math.ceil(options.durationMs / options.probeIntervalMs) + 5;
    const tokens = await mintSoakTokens(as, freshCount);
    for (const owned of [...tokens.warm, tokens.victim]) watch.follow(owned.token);
    progress(`minted ${tokens.warm.length + 1} long-lived and ${tokens.fresh.length} fresh tokens`);

    revocationLane = new RevocationLane({ gatewayUrl: stack.gatewayUrl, as, receiver: stack.revocationReceiver!, clock, probeIntervalMs: REVOCATION_PROBE_INTERVAL_MS });
    // Its own stack: bound tokens need the gateway's result cache off, the main stack keeps it on.
    dpopLane = await startDpopLane();
    progress('DPoP lane: its own sender-constrained stack, one fresh proof and five attacks per round');
    sender = new Sender(stack.gatewayUrl, options.connections + 8, options.requestTimeoutMs, clock);
    const mix = new TrafficMix(tokens, options.badShare, seededRandom(options.seed));
    await warmUp(sender, mix, tokens.warm.concat(tokens.victim));

    const schedule = soakSchedule(options.durationMs, options.faultMs);
    const injector = new FaultInjector(
      {
        as,
        dynamoDb,
        slowDelayMs: options.asTimeoutMs + SLOW_BEYOND_TIMEOUT_MS,
        revoke: () => as.revoke(tokens.victim.token, FAMILY_CLIENT[tokens.victim.family]),
      },
      schedule,
      clock,
    );
    const tally = new SoakTally(injector.windows, Math.ceil(options.durationMs / 1000), options.api);
    const revocationBoundMs = (options.cacheMaxTtlSeconds + options.resultsCacheTtlSeconds) * 1000 + REVOCATION_SLACK_MS;

    const onAnswer = (planned: PlannedRequest, sent: SentRequest) => {
      // The recovery allowance is judged apart from the fault itself, so its refusals get their own count.
      const { during: asFault, recoveringFrom } = asFaultPhase(injector.windows, sent.startMs, sent.endMs, options.recoveryMs);
      const asRecovery = recoveringFrom !== undefined;
      const follows = planned.trackedToken !== undefined && (planned.kind === 'good' || planned.kind === 'wrong-scope');
      const knownCached = follows && (asFault || asRecovery) && watch.knownCached(planned.trackedToken!, sent.startMs, sent.endMs);
      const revocation = planned.kind === 'revoked' ? revocationPhase(sent, injector.revocation, revocationBoundMs) : undefined;
      const verdict: Verdict = judge(planned.kind, planned.successStatus, sent, { asFault, asRecovery, knownCached, revocation, api: options.api });
      tally.record(
        {
          kind: planned.kind,
          method: planned.method,
          path: planned.path,
          verdict,
          startMs: sent.startMs,
          endMs: sent.endMs,
          status: sent.status,
          retryAfter: sent.retryAfter,
          failure: sent.failure,
          knownCached,
          faults: overlappedFaults(injector.windows, sent.startMs, sent.endMs, 0).map((window) => window.kind),
          recoveringFrom: recoveringFrom && { kind: recoveringFrom.kind, msAfterEnd: sent.startMs - recoveringFrom.endMs! },
        },
        injector.revocation.doneMs,
      );
    };

    const memory = new MemorySampler();
    memory.start();
    const origin = performance.now();
    watch.rebase(origin - loadStart);
    loadStart = origin;
    progress(`load: ${options.durationMs / 1000} s, ${options.connections} connections${options.rate ? ` capped at ${options.rate} rps` : ''}, faults ${options.faultMs / 1000} s each`);
    const asCallsBefore = as.calls.introspection + as.calls.tokenExchange;
    const abort = new AbortController();
    const faultsDone = injector.run(abort.signal);
    const lanes: LaneSettings = { sender, mix, clock, durationMs: options.durationMs, onAnswer };
    const [, , revocationSamples, dpop] = await Promise.all([
      runLoadLanes(lanes, options.connections, options.rate ? new Pacer(options.rate, clock) : undefined),
      runProbeLane(lanes, tokens.fresh, options.probeIntervalMs),
      revocationLane.run(quietWindows(schedule.faults, options.durationMs, options.recoveryMs)),
      dpopLane.run(clock, options.durationMs),
    ]);
    const elapsedMs = clock();
    abort.abort();
    await faultsDone;
    const memoryFigures = memory.stop();
    return { ...buildSoakReport({ options, schedule, windows: injector.windows, revocation: injector.revocation, revocationBoundMs, revocationSamples, tally, memory: memoryFigures, decisions: watch.summary(), asCalls: as.calls.introspection + as.calls.tokenExchange - asCallsBefore, elapsedMs }), dpop };
  } finally {
    sender?.close();
    await dpopLane?.stop().catch(() => undefined);
    // Whatever was faulted is restored first, so the stack stops as it started.
    if (stack?.as) {
      await stack.as.setFault(undefined).catch(() => undefined);
      await stack.as.start().catch(() => undefined);
    }
    await stack?.embeddedDynamoDb?.start().catch(() => undefined);
    await stack?.stop();
  }
}

/** One request per long-lived token before the clock starts: every one must succeed, or the run is void. */
async function warmUp(sender: Sender, mix: TrafficMix, owned: readonly OwnedToken[]): Promise<void> {
  for (const token of owned) {
    const planned = mix.fresh(token);
    const sent = await sender.send(planned);
    if (sent.status !== planned.successStatus) {
      throw new Error(`soak warm-up: ${planned.method} ${planned.path} answered ${sent.status ?? sent.failure}, expected ${planned.successStatus}`);
    }
  }
}

function revocationPhase(sent: SentRequest, revocation: { startMs?: number; doneMs?: number }, boundMs: number): 'before' | 'within-bound' | 'after-bound' {
  if (revocation.startMs === undefined || sent.endMs < revocation.startMs) return 'before';
  if (revocation.doneMs === undefined || sent.startMs < revocation.doneMs + boundMs) return 'within-bound';
  return 'after-bound';
}
