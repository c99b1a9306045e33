// The scenarios the bench runs: the soak's own configuration (to check the model against what the soak
// measured) and a Lambda fleet at 1k / 10k / 100k requests per second on the authorizer's defaults.
import { tier2StoreTimeoutMs } from '../../lambda/authorizer/cache/dynamodb-store';
import { DEFAULT_CACHE_RULES, LAMBDA_FLEET, type PathDurations, type Scenario, type TokenClass } from './scenario';

/** What bench/soak.json records about its run (its config and timeline). */
export interface SoakRecord {
  readonly config: {
    readonly seed: number;
    readonly badShare: number;
    readonly probeIntervalMs: number;
    readonly cacheMaxTtlSeconds: number;
    readonly resultsCacheTtlSeconds: number;
    readonly asTimeoutMs: number;
    readonly memoryCacheEntries: number;
    readonly schedule: { readonly faults: readonly { readonly kind: string; readonly atMs: number; readonly forMs: number }[]; readonly revokeAtMs: number };
  };
  readonly timeline: readonly { readonly requests: number }[];
  readonly authorizer: { readonly byTier: Readonly<Record<string, number>>; readonly asCalls?: number };
}

/**
 * The soak's traffic (bench/soak/traffic.ts, tokens.ts) as token classes: the six warm tokens used
 * uniformly by good traffic and by the wrong-scope and unknown-route kinds; the victim revoked mid-run;
 * 16 garbage, 2 expired, 3 forged and 1 replayed token the AS calls inactive; a new garbage token per
 * unique-garbage request; a fresh token per probe; malformed, oversized and token-less requests refused
 * before any cache. One process serves everything (local mode), so single flight applies.
 */
export function soakScenario(soak: SoakRecord): Scenario {
  const { config } = soak;
  const rpsBySecond = soak.timeline.map((second) => second.requests);
  const meanRps = rpsBySecond.reduce((sum, rate) => sum + rate, 0) / rpsBySecond.length;
  const bad = (weight: number) => (config.badShare * weight) / 20;
  const classes: TokenClass[] = [
    { name: 'warm', kind: 'active', share: 1 - config.badShare + bad(4 + 1), tokens: 6 },
    { name: 'revoked', kind: 'revoked', share: bad(2), tokens: 1, revokedAtSeconds: config.schedule.revokeAtMs / 1000 },
    { name: 'garbage', kind: 'inactive', share: bad(2), tokens: 16 },
    { name: 'unique-garbage', kind: 'unique-inactive', share: bad(2) },
    { name: 'expired', kind: 'inactive', share: bad(2), tokens: 2 },
    { name: 'forged-jwt', kind: 'inactive', share: bad(2), tokens: 3 },
    { name: 'replayed-jwt', kind: 'inactive', share: bad(1), tokens: 1 },
    { name: 'refused-early', kind: 'refused-early', share: bad(1.5 + 1 + 0.5 + 1) },
    { name: 'fresh', kind: 'unique-active', share: 1000 / config.probeIntervalMs / meanRps },
  ];
  return {
    name: 'soak',
    seed: config.seed,
    rpsBySecond,
    classes,
    cache: {
      resultsCacheTtlSeconds: config.resultsCacheTtlSeconds,
      memoryEntries: config.memoryCacheEntries,
      capSeconds: config.cacheMaxTtlSeconds,
      negativeSeconds: DEFAULT_CACHE_RULES.negativeSeconds,
      dynamoDb: true,
      asTimeoutMs: config.asTimeoutMs,
      storeTimeoutMs: tier2StoreTimeoutMs(config.asTimeoutMs),
      refillLease: DEFAULT_CACHE_RULES.refillLease,
    },
    // Loopback on this machine; they decide only how many requests overlap an AS call (single flight).
    durations: { memoryHitMs: 0.01, dynamoDbHitMs: 2, dynamoDbMissMs: 2, asCallMs: 8, missOverheadMs: 3, coldStartMs: 0 },
    fleet: { mode: 'single-process' },
    faults: config.schedule.faults.map((fault) => ({ kind: fault.kind as 'as-down', fromSeconds: fault.atMs / 1000, toSeconds: (fault.atMs + fault.forMs) / 1000 })),
    warmupSeconds: 0,
  };
}

/**
 * The soak's measured figure the model is checked against: the requests the AS received, where the soak
 * recorded them (`authorizer.asCalls`); otherwise its decisions at the miss tier (each an AS call of its
 * own or a join of one).
 */
export function soakMeasuredAsLoad(soak: SoakRecord): { readonly measure: 'asCalls' | 'missTierDecisions'; readonly value: number } {
  return typeof soak.authorizer.asCalls === 'number' ? { measure: 'asCalls', value: soak.authorizer.asCalls } : { measure: 'missTierDecisions', value: soak.authorizer.byTier.miss ?? 0 };
}

export interface ScaleOptions {
  readonly rps: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly durations: PathDurations;
  readonly seed?: number;
}

/**
 * A Lambda fleet on the defaults: callers' tokens Zipf(1.1)-popular (the validator bench's exponent) over
 * 10 tokens per request per second, each living an hour (staggered); 1 % of requests carry a token the
 * AS never issued (every one new: the AS load no cache can absorb); 0.5 % are refused before any I/O.
 */
export function scaleScenario(options: ScaleOptions): Scenario {
  return {
    name: `${options.rps} rps`,
    seed: options.seed ?? 21,
    rpsBySecond: Array.from({ length: options.seconds }, () => options.rps),
    classes: [
      { name: 'callers', kind: 'active', share: 0.985, tokens: 10 * options.rps, zipfExponent: 1.1, lifetimeSeconds: 3600 },
      { name: 'strangers', kind: 'unique-inactive', share: 0.01 },
      { name: 'refused-early', kind: 'refused-early', share: 0.005 },
    ],
    cache: DEFAULT_CACHE_RULES,
    durations: options.durations,
    fleet: LAMBDA_FLEET,
    warmupSeconds: options.warmupSeconds,
  };
}
