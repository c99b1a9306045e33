// A remote JWKS that rides out an AS outage. The set is fetched when first needed and again once older
// than its max age; a `kid` it lacks asks the AS again. The AS is asked at most once per cooldown,
// counted from every attempt, answered or not (a 404, a 429, a body that is not a key set, no answer):
// a stream of forged kids, or of requests after the set expired, cannot become a stream of JWKS
// requests. Callers arriving during a fetch share it. When a refetch gets no answer (network error,
// timeout, 5xx), the last set the AS served stays in use for at most `staleIfErrorMs` past its max age:
// an outage does not change the keys. An answered failure is believed (no fallback) until the next
// attempt. Only the newest answered set is ever kept, so a key the AS removed is never used again. A
// `kid` that set lacks still fails with the fetch error (503): the AS, not the token, is what cannot be
// checked.
import type { UpstreamError } from '../errors';
import { fetchKeySet, type KeySetFetch } from './fetch-key-set';
import { httpJwksFetcher, type JwksFetcher } from './jwks-fetcher';
import { isUnknownKey, type KeyHint, type KeyResolver, type VerificationKeyLike } from './local-key-set';
import { isPromise } from './maybe-async';

/** How long past its max age a JWKS is still used while refetching it fails. */
export const JWKS_STALE_IF_ERROR_MS = 24 * 60 * 60_000;
/** The AS is asked for its keys at most once per this many milliseconds (an unknown `kid`, an expiry). */
export const JWKS_REFETCH_COOLDOWN_MS = 10_000;
/** A fetched JWKS is used this long before it is fetched again. */
export const JWKS_CACHE_MAX_AGE_MS = 10 * 60_000;

/** Why the AS was asked again: a `kid` the set lacks, or a set older than its max age (or none yet). */
export type JwksRefetchReason = 'unknown_kid' | 'expired';

export interface JwksRefetch {
  readonly reason: JwksRefetchReason;
  readonly durationMs: number;
  /** Set when the refetch failed: no answer (network error, timeout, 5xx), or one that is not a key set. */
  readonly failed?: true;
  /** With `failed`: the age of the last good set (which stays in use within the stale window if the AS did not answer). */
  readonly keysAgeMs?: number;
}

export interface StaleIfErrorKeysOptions {
  readonly timeoutMs: number;
  /** @default JWKS_CACHE_MAX_AGE_MS */
  readonly maxAgeMs?: number;
  /** The AS is asked at most once per this many milliseconds, whatever the last attempt's outcome. @default JWKS_REFETCH_COOLDOWN_MS */
  readonly cooldownMs?: number;
  /** @default JWKS_STALE_IF_ERROR_MS */
  readonly staleIfErrorMs?: number;
  /** @default - node:http(s), see jwks-fetcher.ts */
  readonly fetcher?: JwksFetcher;
  /** Told about every fetch after the first, with its reason. */
  readonly onRefetch?: (refetch: JwksRefetch) => void;
}

type Key = VerificationKeyLike;
type Failure = Extract<KeySetFetch, { readonly error: UpstreamError }>;
interface KeySet {
  readonly keys: KeyResolver;
  readonly fetchedAt: number;
}
interface Attempt {
  readonly at: number;
  readonly failure?: Failure;
}

export function remoteKeysWithStaleIfError(jwksUri: string, options: StaleIfErrorKeysOptions): KeyResolver {
  const staleIfErrorMs = options.staleIfErrorMs ?? JWKS_STALE_IF_ERROR_MS;
  const maxAgeMs = options.maxAgeMs ?? JWKS_CACHE_MAX_AGE_MS;
  const cooldownMs = options.cooldownMs ?? JWKS_REFETCH_COOLDOWN_MS;
  const fetcher = options.fetcher ?? httpJwksFetcher;
  // Dated with Date.now() (not an injected clock): the tests move Date to age the set.
  let current: KeySet | undefined;
  let inFlight: Promise<KeySetFetch> | undefined;
  /** The cooldown runs from the start of the last attempt, whatever became of it. */
  let lastAttempt: Attempt | undefined;
  let attempts = 0;

  const youngerThan = (since: number, ms: number) => Date.now() < since + ms;

  function report(reason: JwksRefetchReason, started: number, outcome: KeySetFetch): void {
    if (attempts++ === 0) return;
    const durationMs = Date.now() - started;
    if ('keys' in outcome) {
      options.onRefetch?.({ reason, durationMs });
      return;
    }
    options.onRefetch?.({ reason, durationMs, failed: true, ...(current ? { keysAgeMs: Date.now() - current.fetchedAt } : {}) });
  }

  function refetch(reason: JwksRefetchReason): Promise<KeySetFetch> {
    inFlight ??= (async () => {
      const started = Date.now();
      lastAttempt = { at: started };
      const outcome = await fetchKeySet(jwksUri, options.timeoutMs, fetcher);
      report(reason, started, outcome);
      if ('keys' in outcome) current = { keys: outcome.keys, fetchedAt: Date.now() };
      else lastAttempt = { at: started, failure: outcome };
      return outcome;
    })().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  async function fromLastGoodKeys(hint: KeyHint, fetchError: UpstreamError): Promise<Key> {
    if (!current || !youngerThan(current.fetchedAt, maxAgeMs + staleIfErrorMs)) throw fetchError;
    try {
      return await current.keys(hint);
    } catch {
      throw fetchError;
    }
  }

  /** After a fetch that failed: an answer is believed; no answer falls back to the last good keys. */
  async function afterFailure(failure: Failure, hint: KeyHint): Promise<Key> {
    if (failure.answered) throw failure.error;
    return fromLastGoodKeys(hint, failure.error);
  }

  /** The answer the last attempt gives, for a request that would need the AS during the cooldown. */
  async function fromLastAttempt(hint: KeyHint): Promise<Key> {
    if (lastAttempt?.failure) return afterFailure(lastAttempt.failure, hint);
    // The last attempt succeeded: the current set is the AS's newest; a kid it lacks stays unknown.
    return current!.keys(hint);
  }

  /** Asks the AS (or joins the fetch under way) unless it was asked within the cooldown. */
  async function refetchThenSelect(reason: JwksRefetchReason, hint: KeyHint): Promise<Key> {
    if (!inFlight && lastAttempt && youngerThan(lastAttempt.at, cooldownMs)) return fromLastAttempt(hint);
    const outcome = await refetch(reason);
    if ('error' in outcome) return afterFailure(outcome, hint);
    return current!.keys(hint);
  }

  /** A fresh set's answer; a kid it lacks asks the AS again (once per cooldown) before it is refused. */
  function selectFrom(set: KeySet, hint: KeyHint): Key | Promise<Key> {
    const selected = set.keys(hint);
    return isPromise(selected) ? selected.catch((error: unknown) => afterUnknownKid(error, hint)) : selected;
  }

  async function afterUnknownKid(error: unknown, hint: KeyHint): Promise<Key> {
    if (!isUnknownKey(error)) throw error;
    return refetchThenSelect('unknown_kid', hint);
  }

  // Synchronous when the set is fresh and already knows the key: the common case costs no promise.
  return (hint) => {
    if (current && youngerThan(current.fetchedAt, maxAgeMs)) return selectFrom(current, hint);
    return refetchThenSelect('expired', hint);
  };
}
