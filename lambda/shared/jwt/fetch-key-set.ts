// One fetch of the AS's JWKS, read into a local key set (local-key-set.ts: jose selects and imports the
// keys), or into what went wrong. `answered` separates an AS that did not answer (network error,
// timeout, 5xx, or a 408/429 "not now", which says nothing about the keys), whose last good keys may
// still be used, from one that answered with something that is not a key set, which is believed. Every
// failure is an UpstreamError: a key set that cannot be had is a 503, never the token's fault.
import type { JSONWebKeySet } from 'jose';
import { UpstreamError } from '../errors';
import { JWKS_MAX_BYTES, tooLarge, type JwksFetcher } from './jwks-fetcher';
import { localKeySet, type KeyResolver } from './local-key-set';

export type KeySetFetch =
  | { readonly keys: KeyResolver }
  | { readonly error: UpstreamError; readonly answered: boolean };

/** Request Timeout and Too Many Requests: the AS declined to answer now, like a 503. */
const NOT_NOW = new Set([408, 429]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const notAKeySet = (message: string) => new UpstreamError('ERR_AS_RESPONSE_INVALID', message, { jwks: 'invalid' });

/** Parses and shape-checks a JWKS body; jose checks each key further when it imports it. */
export function parseJwks(body: string): JSONWebKeySet {
  if (body.length > JWKS_MAX_BYTES) throw tooLarge();
  let json: unknown;
  try {
    // A UTF-8 byte order mark is allowed before JSON (WHATWG fetch's json() drops it too).
    json = JSON.parse(body.charCodeAt(0) === 0xfeff ? body.slice(1) : body);
  } catch {
    // Not JSON at all (an HTML error page behind a 200): the AS is not serving its keys right now.
    throw new UpstreamError('ERR_AS_UNAVAILABLE', 'the JWKS response is not JSON', { jwks: 'invalid' });
  }
  if (!isPlainObject(json) || !Array.isArray(json.keys) || !json.keys.every(isPlainObject)) throw notAKeySet('the JWKS response is not a JSON Web Key Set');
  return json as unknown as JSONWebKeySet;
}

export async function fetchKeySet(url: string, timeoutMs: number, fetcher: JwksFetcher): Promise<KeySetFetch> {
  let status: number;
  let body: string;
  try {
    ({ status, body } = await fetcher(url, timeoutMs));
  } catch (error) {
    if (error instanceof UpstreamError) return { error, answered: error.detail.jwks === 'invalid' };
    return { error: new UpstreamError('ERR_AS_UNAVAILABLE', 'the JWKS could not be fetched', { jwks: 'unreachable' }, { cause: error }), answered: false };
  }
  if (status !== 200) {
    return { error: new UpstreamError('ERR_AS_UNAVAILABLE', `the JWKS endpoint answered ${status}`, { jwks: 'status', status }), answered: status < 500 && !NOT_NOW.has(status) };
  }
  try {
    return { keys: localKeySet(parseJwks(body)) };
  } catch (error) {
    return { error: error as UpstreamError, answered: true };
  }
}
