// One fetch of the AS's JWKS, read into a local key set (local-key-set.ts: jose selects and imports the
// keys), or into what went wrong. `answered` separates an AS that did not answer (network error,
// timeout, 5xx, or a 408/429 "not now", which says nothing about the keys), whose last good keys may
// still be used, from one that answered with something that is not a key set, which is believed. The
// errors are jose's, so both error mappings (validator and authorizer) read them as before: a key set
// that cannot be had is a 503, never the token's fault.
import { errors } from 'jose';
import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import { JWKS_MAX_BYTES, tooLarge } from './jwks-fetcher';
import { localKeySet } from './local-key-set';
import type { JwksFetcher } from './jwks-fetcher';

export type KeySetFetch =
  | { readonly keys: JWTVerifyGetKey }
  | { readonly error: Error; readonly answered: boolean };

/** Request Timeout and Too Many Requests: the AS declined to answer now, like a 503. */
const NOT_NOW = new Set([408, 429]);

const code = (error: unknown) => (error as { code?: unknown } | null)?.code;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses and shape-checks a JWKS body; jose checks each key further when it imports it. */
export function parseJwks(body: string): JSONWebKeySet {
  if (body.length > JWKS_MAX_BYTES) throw tooLarge();
  let json: unknown;
  try {
    // A UTF-8 byte order mark is allowed before JSON (WHATWG fetch's json() drops it too).
    json = JSON.parse(body.charCodeAt(0) === 0xfeff ? body.slice(1) : body);
  } catch (cause) {
    throw new errors.JOSEError('Failed to parse the JSON Web Key Set HTTP response as JSON', { cause });
  }
  if (!isPlainObject(json) || !Array.isArray(json.keys) || !json.keys.every(isPlainObject)) {
    throw new errors.JWKSInvalid('JSON Web Key Set malformed');
  }
  return json as unknown as JSONWebKeySet;
}

export async function fetchKeySet(url: string, timeoutMs: number, fetcher: JwksFetcher): Promise<KeySetFetch> {
  let status: number;
  let body: string;
  try {
    ({ status, body } = await fetcher(url, timeoutMs));
  } catch (error) {
    if (code(error) === errors.JWKSInvalid.code) return { error: error as Error, answered: true };
    if (code(error) === errors.JWKSTimeout.code) return { error: error as Error, answered: false };
    return { error: new errors.JOSEError('the JSON Web Key Set could not be fetched', { cause: error }), answered: false };
  }
  if (status !== 200) {
    return { error: new errors.JOSEError(`Expected 200 OK from the JSON Web Key Set HTTP response, got ${status}`), answered: status < 500 && !NOT_NOW.has(status) };
  }
  try {
    return { keys: localKeySet(parseJwks(body)) };
  } catch (error) {
    return { error: error as Error, answered: true };
  }
}
