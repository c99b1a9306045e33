// The soak run's settings: defaults for `npm run soak`, the flags that override them, and the short
// profile `npm test` runs. Every duration here is in milliseconds unless its name says seconds.
import { EXCHANGE_MODES, type ExchangeMode } from '../../lambda/shared/config';
import { LOCAL_API_KINDS, type LocalApiKind } from '../../local/gateway/http-api-gateway';

export interface SoakOptions {
  /** Load duration. */
  readonly durationMs: number;
  /** Length of each fault window (AS down, DynamoDB down, AS slow). */
  readonly faultMs: number;
  /** Concurrent request loops (closed loop: each sends its next request when the last one is answered). */
  readonly connections: number;
  /** Caps the total request rate (requests per second) when set; otherwise as fast as the loops go. */
  readonly rate?: number;
  /** One fresh (never seen by the caches) good token is sent every this many ms: the recovery probe. */
  readonly probeIntervalMs: number;
  /** Share of the load lanes' requests that carry bad input. */
  readonly badShare: number;
  /** Where soak.json goes; undefined writes nothing. */
  readonly out?: string;
  readonly exchangeMode: ExchangeMode;
  /** The kind of API in front (`--api http`: the HTTP API lane, judged by HTTP API's answers). Undefined: rest. */
  readonly api?: LocalApiKind;
  readonly seed: number;
  /** The authorizer's cache lifetime cap (tiers 1 and 2). */
  readonly cacheMaxTtlSeconds: number;
  /** The gateway's authorizer result cache TTL. */
  readonly resultsCacheTtlSeconds: number;
  /**
   * The authorizer's AS timeout; the slow fault delays the AS beyond it. Below `recoveryMs`: a request that
   * joins (single flight) an AS call begun just before a slow window ended must still fail within it.
   */
  readonly asTimeoutMs: number;
  /** The authorizer's tier-1 capacity (kept small enough for unique bad tokens to reach it). */
  readonly memoryCacheEntries: number;
  /** After a fault ends, good traffic must succeed again within this (the 2 s). */
  readonly recoveryMs: number;
  /** A client gives up on a request after this long (counted as lost). */
  readonly requestTimeoutMs: number;
}

export const SOAK_DEFAULTS: SoakOptions = {
  durationMs: 60_000,
  faultMs: 10_000,
  connections: 12,
  probeIntervalMs: 200,
  badShare: 0.2,
  out: 'bench/soak.json',
  exchangeMode: 'accept-jwt',
  seed: 7,
  cacheMaxTtlSeconds: 15,
  resultsCacheTtlSeconds: 5,
  asTimeoutMs: 1500,
  memoryCacheEntries: 500,
  recoveryMs: 2000,
  requestTimeoutMs: 15_000,
};

/** The 15-second version `npm test` runs: every fault kind, shorter windows and cache lifetimes. */
export const SHORT_SOAK: Partial<SoakOptions> = {
  durationMs: 15_000,
  faultMs: 2_500,
  connections: 6,
  probeIntervalMs: 150,
  cacheMaxTtlSeconds: 5,
  resultsCacheTtlSeconds: 1,
  memoryCacheEntries: 200,
  out: undefined,
};

export class SoakUsageError extends Error {}

const USAGE = `usage: npm run soak -- [--duration 60] [--connections 12 | --rate <rps>] [--fault 10] [--bad-share 0.2] [--out bench/soak.json]
  [--mode accept-jwt|jwt-in-json|rfc9701|token-exchange] [--api rest|http] [--seed 7] [--cache-ttl 15] [--results-cache-ttl 5] [--short]
  durations in seconds; --bad-share is the share of bad requests, 0 to 1; --short is the 15-second profile npm test runs`;

export function parseSoakArgs(argv: readonly string[]): SoakOptions {
  let options: SoakOptions = { ...SOAK_DEFAULTS };
  const seconds = (flag: string, text: string | undefined) => Math.round(positive(flag, text) * 1000);
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    const next = () => argv[++index];
    switch (flag) {
      case '--duration': options = { ...options, durationMs: seconds(flag, next()) }; break;
      case '--fault': options = { ...options, faultMs: seconds(flag, next()) }; break;
      case '--connections': options = { ...options, connections: Math.round(positive(flag, next())) }; break;
      case '--rate': options = { ...options, rate: positive(flag, next()) }; break;
      case '--bad-share': options = { ...options, badShare: share(flag, next()) }; break;
      case '--out': options = { ...options, out: required(flag, next()) }; break;
      case '--seed': options = { ...options, seed: Math.round(positive(flag, next())) }; break;
      case '--cache-ttl': options = { ...options, cacheMaxTtlSeconds: Math.round(positive(flag, next())) }; break;
      case '--results-cache-ttl': options = { ...options, resultsCacheTtlSeconds: Math.round(positive(flag, next())) }; break;
      case '--short': options = { ...options, ...SHORT_SOAK, out: options.out }; break;
      case '--mode': {
        const mode = required(flag, next());
        if (!(EXCHANGE_MODES as readonly string[]).includes(mode)) throw new SoakUsageError(`--mode must be one of ${EXCHANGE_MODES.join(', ')}\n${USAGE}`);
        options = { ...options, exchangeMode: mode as ExchangeMode };
        break;
      }
      case '--api': {
        const api = required(flag, next());
        if (!(LOCAL_API_KINDS as readonly string[]).includes(api)) throw new SoakUsageError(`--api must be one of ${LOCAL_API_KINDS.join(', ')}\n${USAGE}`);
        options = { ...options, api: api as LocalApiKind };
        break;
      }
      case '--help': throw new SoakUsageError(USAGE);
      default: throw new SoakUsageError(`unknown flag ${flag}\n${USAGE}`);
    }
  }
  const problems = soakOptionProblems(options);
  if (problems.length > 0) throw new SoakUsageError(`${problems.join('; ')}\n${USAGE}`);
  return options;
}

/** The schedule needs room for three fault windows, the revocation's cache bound, and a recovery tail. */
export function soakOptionProblems(options: SoakOptions): string[] {
  const problems: string[] = [];
  if (options.durationMs < 4 * options.faultMs) problems.push(`--duration must be at least 4 x --fault (${options.faultMs / 1000} s)`);
  if (options.connections > 256) problems.push('--connections must be at most 256');
  return problems;
}

function required(flag: string, text: string | undefined): string {
  if (text === undefined || text.startsWith('--')) throw new SoakUsageError(`${flag} needs a value\n${USAGE}`);
  return text;
}

function positive(flag: string, text: string | undefined): number {
  const value = Number(required(flag, text));
  if (!Number.isFinite(value) || value <= 0) throw new SoakUsageError(`${flag} must be a positive number, got "${text}"\n${USAGE}`);
  return value;
}

function share(flag: string, text: string | undefined): number {
  const value = Number(required(flag, text));
  if (text!.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) throw new SoakUsageError(`${flag} must be a number from 0 to 1, got "${text}"\n${USAGE}`);
  return value;
}
