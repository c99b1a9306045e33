// A remote JWKS that rides out an AS outage. The set is fetched when first needed and again once older
// than its max age; a `kid` it lacks asks the AS again at most once per cooldown, so a stream of forged
// kids cannot become a stream of JWKS requests, and callers arriving during a fetch share it. When a
// refetch gets no answer (network error, timeout, 5xx), the last set the AS served stays in use for at
// most `staleIfErrorMs` past its max age, and the AS is asked again at most once per cooldown (each
// attempt can cost the whole timeout): an outage does not change the keys. Only the newest answered set
// is ever kept, so a key the AS removed is never used again. A `kid` that set lacks still fails with the
// fetch error (503): the AS, not the token, is what cannot be checked.
import type { JWTVerifyGetKey } from 'jose';
import { fetchKeySet } from './fetch-key-set';
import type { KeySetFetch } from './fetch-key-set';
import { httpJwksFetcher } from './jwks-fetcher';
import { isPromise } from './maybe-async';
import type { JwksFetcher } from './jwks-fetcher';

/** How long past its max age a JWKS is still used while refetching it fails. */
export const JWKS_STALE_IF_ERROR_MS = 24 * 60 * 60_000;

export interface JwksRefetch {
  readonly durationMs: number;
  /** Set when the refetch got no answer (network error, timeout, 5xx). */
  readonly failed?: true;
  /** With `failed`: the age of the last good set, which stays in use within the stale window. */
  readonly keysAgeMs?: number;
}

export interface StaleIfErrorKeysOptions {
  readonly timeoutMs: number;
  readonly maxAgeMs: number;
  /** An unknown `kid`, or a failed fetch, asks the AS again at most once per this many milliseconds. */
  readonly cooldownMs: number;
  /** @default JWKS_STALE_IF_ERROR_MS */
  readonly staleIfErrorMs?: number;
  /** @default - node:http(s), see jwks-fetcher.ts */
  readonly fetcher?: JwksFetcher;
  /** Told about every fetch after the first. */
  readonly onRefetch?: (refetch: JwksRefetch) => void;
}

type Args = Parameters<JWTVerifyGetKey>;
type Key = Awaited<ReturnType<JWTVerifyGetKey>>;
interface KeySet {
  readonly keys: JWTVerifyGetKey;
  readonly fetchedAt: number;
}

const isNoMatchingKey = (error: unknown) => (error as { code?: unknown } | null)?.code === 'ERR_JWKS_NO_MATCHING_KEY';

export function remoteKeysWithStaleIfError(jwksUri: string, options: StaleIfErrorKeysOptions): JWTVerifyGetKey {
  const staleIfErrorMs = options.staleIfErrorMs ?? JWKS_STALE_IF_ERROR_MS;
  const fetcher = options.fetcher ?? httpJwksFetcher;
  // Dated with Date.now() (not an injected clock): the tests move Date to age the set.
  let current: KeySet | undefined;
  let inFlight: Promise<KeySetFetch> | undefined;
  let lastFailure: { readonly at: number; readonly error: Error } | undefined;
  let fetches = 0;

  const youngerThan = (since: number, ms: number) => Date.now() < since + ms;

  function report(started: number, outcome: KeySetFetch): void {
    if (fetches++ === 0) return;
    const durationMs = Date.now() - started;
    if ('keys' in outcome || outcome.answered) {
      options.onRefetch?.({ durationMs });
      return;
    }
    options.onRefetch?.({ durationMs, failed: true, ...(current ? { keysAgeMs: Date.now() - current.fetchedAt } : {}) });
  }

  function refetch(): Promise<KeySetFetch> {
    inFlight ??= (async () => {
      const started = Date.now();
      const outcome = await fetchKeySet(jwksUri, options.timeoutMs, fetcher);
      report(started, outcome);
      if ('keys' in outcome) current = { keys: outcome.keys, fetchedAt: Date.now() };
      return outcome;
    })().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  async function fromLastGoodKeys(args: Args, fetchError: Error): Promise<Key> {
    if (!current || !youngerThan(current.fetchedAt, options.maxAgeMs + staleIfErrorMs)) throw fetchError;
    try {
      return await current.keys(...args);
    } catch {
      throw fetchError;
    }
  }

  /** After a fetch that failed: an answer is believed; no answer falls back to the last good keys. */
  async function afterFailure(failure: { readonly error: Error; readonly answered: boolean }, args: Args): Promise<Key> {
    if (failure.answered) throw failure.error;
    lastFailure = { at: Date.now(), error: failure.error };
    return fromLastGoodKeys(args, failure.error);
  }

  /** A set's answer; a kid it lacks asks the AS again (once per cooldown) before it is refused. */
  function selectFrom(set: KeySet, args: Args): Key | Promise<Key> {
    const selected = set.keys(...args);
    return isPromise(selected) ? selected.catch((error: unknown) => afterUnknownKid(error, args)) : selected;
  }

  async function afterUnknownKid(error: unknown, args: Args): Promise<Key> {
    if (!isNoMatchingKey(error) || youngerThan(current!.fetchedAt, options.cooldownMs)) throw error;
    const outcome = await refetch();
    if ('error' in outcome) return afterFailure(outcome, args);
    return current!.keys(...args);
  }

  async function fetchThenSelect(args: Args): Promise<Key> {
    const outcome = await refetch();
    if ('error' in outcome) return afterFailure(outcome, args);
    return selectFrom(current!, args);
  }

  // Synchronous when the set is fresh and already knows the key: the common case costs no promise.
  return (...args) => {
    if (lastFailure && current && youngerThan(lastFailure.at, options.cooldownMs)) return fromLastGoodKeys(args, lastFailure.error);
    if (!current || !youngerThan(current.fetchedAt, options.maxAgeMs)) return fetchThenSelect(args);
    return selectFrom(current, args);
  };
}
