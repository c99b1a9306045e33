// The pure core: a normalized request in, a verdict out. Its I/O (the exchange with the AS, the cache
// tiers) arrives as arguments. The route's scope rule is evaluated on every request, cache hits included:
// the cache holds what the AS said about the token, never a decision.
import type { CacheTier, SingleFlight } from '../shared/decision-log';
import { TokenError, UpstreamError } from '../shared/errors';
import { matchRoute, matchTemplate, type RouteRule } from '../shared/routes';
import { scopesSatisfy } from '../shared/scope-rules';
import { tokenHash } from '../shared/token-hash';
import type { Verdict } from './answers/answers';
import { enforceBinding, parseAuthorization, type PresentedToken, type SenderConstraintSettings } from './sender-constraint';
import type { CacheLookup, TokenCache } from './cache/token-cache';
import type { ExchangeToken, VerifiedIdentity } from './exchange/types';
import { refuseIfRevoked, type RevocationCheck, type RevocationTrace } from './revocation';
import type { NormalizedRequest } from './types';

export interface AuthorizerCore {
  readonly routes: readonly RouteRule[];
  readonly cache: TokenCache;
  readonly exchange: ExchangeToken;
  /** Milliseconds since the epoch; when given, the trace notes when this request's AS call began. */
  readonly now?: () => number;
  /** How bound tokens are checked; without it every bound token is refused (enforce-binding.ts). */
  readonly senderConstraint?: SenderConstraintSettings;
  /** Refuses what a known revocation names, whichever tier answered. */
  readonly revocations?: RevocationCheck;
}

export interface Decision extends Verdict {
  readonly route?: RouteRule;
  readonly reason: 'OK' | 'ERR_SCOPE_INSUFFICIENT' | 'ERR_ROUTE_UNKNOWN';
}

/** Filled in as the decision progresses, so a failure can still be logged with what was known. */
export interface DecisionTrace extends RevocationTrace {
  tokenHash?: string;
  cacheTier?: CacheTier;
  /** Only on the request that called the AS. */
  asLatencyMs?: number;
  /** `joined`: this request waited on another request's AS call for the same token. */
  singleFlight?: SingleFlight;
  /** When this request began its own AS call, so a decision cut short by the deadline still has a latency. */
  asCallStartedMs?: number;
}

/**
 * Decides one request. A memory-tier hit is decided synchronously (the warm path makes no promise and
 * waits on no microtask); every other lookup returns a promise. A bad token throws synchronously.
 */
export function decide(request: NormalizedRequest, core: AuthorizerCore, trace: DecisionTrace = {}): Decision | Promise<Decision> {
  const presented = parseAuthorization(request.authorization);
  const { token } = presented;
  const hash = tokenHash(token);
  trace.tokenHash = hash;
  const hit = core.cache.fromMemory(hash);
  if (hit) return judgeBound(request, presented, core, hash, hit, trace);
  return core.cache
    .lookup(hash, token, core.exchange, {
      onJoin: () => (trace.singleFlight = 'joined'),
      onAsCall: () => {
        trace.cacheTier = 'miss';
        trace.asCallStartedMs = core.now?.();
      },
    })
    .then(
      (lookup) => judgeBound(request, presented, core, hash, lookup, trace),
      (error: unknown) => {
        throw traceFailedLookup(error, trace);
      },
    );
}

/**
 * A lookup fails only when its AS call fails (tier-2 trouble degrades to the AS), so the request missed
 * every tier, a single-flight follower included. The latency of a failed call (a timeout, a 5xx, a reset
 * connection) goes on the request that made it, so AsLatency sees slow and failed calls too.
 */
function traceFailedLookup(error: unknown, trace: DecisionTrace): unknown {
  trace.cacheTier = 'miss';
  const latencyMs = error instanceof UpstreamError ? error.detail.latencyMs : undefined;
  if (trace.singleFlight === undefined && typeof latencyMs === 'number') trace.asLatencyMs = latencyMs;
  return error;
}

/**
 * The invocation's deadline came before the decision: a miss, like a failed lookup. The request that began
 * the AS call carries the time it has waited on it so far (AsLatency sees it, as it sees a call's own
 * timeout); a single-flight follower carries none, the call being another request's.
 */
export function traceExpiredDecision(trace: DecisionTrace, nowMs: number): void {
  trace.cacheTier = 'miss';
  trace.asLatencyMs = trace.singleFlight === undefined && trace.asCallStartedMs !== undefined ? nowMs - trace.asCallStartedMs : undefined;
}

/**
 * The token's binding (a DPoP proof, the client certificate) is checked on every request, after the
 * lookup and before the scope rule; a bearer token's check returns at once, keeping its hit synchronous.
 */
function judgeBound(request: NormalizedRequest, presented: PresentedToken, core: AuthorizerCore, hash: string, lookup: CacheLookup, trace: DecisionTrace): Decision | Promise<Decision> {
  trace.cacheTier = lookup.tier;
  trace.asLatencyMs = lookup.asLatencyMs;
  if (!lookup.entry.active) return judge(request, core, hash, lookup, trace);
  // A revoked token is refused before its proof is checked (no replay-store write for it).
  refuseIfRevoked(core.revocations, (revoked) => core.cache.forget(revoked), hash, lookup.entry.identity, trace);
  const bound = enforceBinding(presented, lookup.entry.identity.binding, request.sender, core.senderConstraint);
  return bound instanceof Promise ? bound.then(() => judge(request, core, hash, lookup, trace)) : judge(request, core, hash, lookup, trace);
}

/** The route's scope rule against what the cache or the AS said about the token: on every request. */
function judge(request: NormalizedRequest, core: AuthorizerCore, hash: string, lookup: CacheLookup, trace: DecisionTrace): Decision {
  trace.cacheTier = lookup.tier;
  trace.asLatencyMs = lookup.asLatencyMs;
  if (!lookup.entry.active) throw new TokenError('ERR_TOKEN_INACTIVE', 'the AS reports the token inactive', { cacheTier: lookup.tier });
  const { identity } = lookup.entry;
  const granted = grantedScopesOf(identity);
  const route = routeOf(core.routes, request);
  const allowed = route !== undefined && scopesSatisfy(route.scopes, granted);
  const reason = route === undefined ? 'ERR_ROUTE_UNKNOWN' : allowed ? 'OK' : 'ERR_SCOPE_INSUFFICIENT';
  return { identity, tokenHash: hash, granted, allowed, route, reason };
}

function routeOf(routes: readonly RouteRule[], request: NormalizedRequest): RouteRule | undefined {
  if (request.routeBy === 'template') return matchTemplate(routes, request.method, request.path);
  return request.routeBy === 'concrete' ? matchRoute(routes, request.method, request.path) : undefined;
}

// Every hit on one cache entry shares its identity object, so its scope string is split once, not per
// request. Frozen: the same array goes into every verdict for that entry.
const grantedByIdentity = new WeakMap<VerifiedIdentity, readonly string[]>();

function grantedScopesOf(identity: VerifiedIdentity): readonly string[] {
  let granted = grantedByIdentity.get(identity);
  if (granted === undefined) {
    granted = Object.freeze(identity.scope.split(' ').filter((scope) => scope.length > 0));
    grantedByIdentity.set(identity, granted);
  }
  return granted;
}
