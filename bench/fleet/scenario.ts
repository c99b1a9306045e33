// What the fleet model simulates: the traffic (token classes with their popularity and lifetimes, the
// request rate second by second), the cache rules (the authorizer's real defaults unless a scenario says
// otherwise), how long each path takes, and how instances come and go. Pure data; simulate.ts runs it.
import { tier2StoreTimeoutMs } from '../../lambda/authorizer/cache/dynamodb-store';
import { AUTHORIZER_SETTINGS } from '../../lambda/shared/config';

/** How the AS answers for a class of tokens, and whether the authorizer gets that far. */
export type TokenKind =
  /** Issued by the AS; active until it expires (then the slot's next token takes over). */
  | 'active'
  /** Active until `revokedAtSeconds`, inactive after. */
  | 'revoked'
  /** The AS says inactive (expired, forged, garbage); a fixed set repeated. */
  | 'inactive'
  /** Never seen twice: each request a new token the AS says is inactive (random garbage). */
  | 'unique-inactive'
  /** Never seen twice: each request a new, active token (a new login). */
  | 'unique-active'
  /** Refused before any cache or I/O (malformed header, oversized token). */
  | 'refused-early';

export interface TokenClass {
  readonly name: string;
  readonly kind: TokenKind;
  /** Share of the requests. */
  readonly share: number;
  /** Distinct tokens (slots) in the class; unique kinds ignore it. */
  readonly tokens?: number;
  /** Zipf exponent of popularity within the class; 0 for uniform. */
  readonly zipfExponent?: number;
  /** An active token's lifetime; a slot's tokens are staggered so they do not all expire together. */
  readonly lifetimeSeconds?: number;
  readonly revokedAtSeconds?: number;
}

/** The caches in front of the AS, as configured on the authorizer and the gateway. */
export interface CacheRules {
  /** API Gateway's authorizer result cache TTL (the construct's resultsCacheTtl); 0 turns it off. Refusals are not cached. */
  readonly resultsCacheTtlSeconds: number;
  /** Tier 1 capacity per instance (LRU). */
  readonly memoryEntries: number;
  /** Tier 1 and tier 2 lifetime cap: min(token expiry, cap). */
  readonly capSeconds: number;
  /** How long an inactive answer is remembered in memory. */
  readonly negativeSeconds: number;
  /** Whether tier 2 (DynamoDB) is configured. */
  readonly dynamoDb: boolean;
  readonly asTimeoutMs: number;
  /** The authorizer's DynamoDB call timeout (handler.ts: min(asTimeout, 1 s)); with asTimeoutMs it sets the refill lease. */
  readonly storeTimeoutMs: number;
  /** The refill lease on ended tier-2 items (refill-lease.ts); false only to see the fleet without it. */
  readonly refillLease: boolean;
  /**
   * What-if, not what the authorizer does: a hit on an active entry with less than `seconds` left goes to
   * the AS anyway with this probability, so a popular entry is renewed before it expires everywhere at once.
   */
  readonly refreshAhead?: { readonly seconds: number; readonly probability: number };
}

/** How long each path keeps an instance busy, in ms. */
export interface PathDurations {
  readonly memoryHitMs: number;
  readonly dynamoDbHitMs: number;
  /** A tier-2 GetItem that finds nothing (every AS call is preceded by one when tier 2 is on). */
  readonly dynamoDbMissMs: number;
  readonly asCallMs: number;
  /** What a miss adds beyond its calls (JWT verification, the PutItem). */
  readonly missOverheadMs: number;
  /** A new instance's init, added to its first request. */
  readonly coldStartMs: number;
}

export type Fleet =
  /** Lambda: one request at a time per instance, a new instance when none is idle (so no single flight across requests). */
  | { readonly mode: 'lambda'; readonly scaleOutPerSecond: number; readonly burstInstances: number }
  /** One long-lived process taking every request concurrently, single flight per token (local mode, the soak). */
  | { readonly mode: 'single-process' };

export type FaultKind = 'as-down' | 'dynamodb-down' | 'as-slow';

export interface FaultWindow {
  readonly kind: FaultKind;
  readonly fromSeconds: number;
  readonly toSeconds: number;
}

export interface Scenario {
  readonly name: string;
  readonly seed: number;
  /** Requests per second, one entry per simulated second (a constant rate repeats one value). */
  readonly rpsBySecond: readonly number[];
  readonly classes: readonly TokenClass[];
  readonly cache: CacheRules;
  readonly durations: PathDurations;
  readonly fleet: Fleet;
  readonly faults?: readonly FaultWindow[];
  /** Seconds excluded from the steady-state figures (the start-up burst is reported apart). */
  readonly warmupSeconds: number;
}

/** The authorizer's and the construct's defaults (lambda/shared/config.ts, lib/phantom-token-authorizer.ts). */
export const DEFAULT_CACHE_RULES: CacheRules = {
  resultsCacheTtlSeconds: 60,
  memoryEntries: 10_000,
  capSeconds: 300,
  negativeSeconds: 5,
  dynamoDb: true,
  asTimeoutMs: AUTHORIZER_SETTINGS.asTimeoutMs.default,
  storeTimeoutMs: tier2StoreTimeoutMs(AUTHORIZER_SETTINGS.asTimeoutMs.default),
  refillLease: true,
};

/** Lambda's documented scaling: 1,000 more concurrent instances every 10 seconds per function. */
export const LAMBDA_FLEET: Fleet = { mode: 'lambda', scaleOutPerSecond: 100, burstInstances: 1000 };
