// Cheap structural checks before any cryptography: size, compact JWS shape (three parts; five parts is
// an encrypted JWE), a JSON header, an allowed asymmetric `alg`, no `crit` extensions (we understand
// none), and the `typ` when one is required. `jku`, `x5u`, `x5c` and `jwk` headers are never read: keys
// come only from the configured JWKS.
import type { JwtAlgorithm } from '../shared/config';
import { TokenError } from '../shared/errors';

export interface JwtHeader {
  readonly alg: JwtAlgorithm;
  readonly kid?: string;
  readonly typ?: string;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** `application/at+jwt` and `AT+JWT` are the same media type as `at+jwt` (RFC 7515 §4.1.9). */
export function normalizeTyp(typ: string): string {
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

function decodeHeader(part: string): Record<string, unknown> {
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'the JWT header is not base64url-encoded JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'the JWT header is not a JSON object');
  }
  return header as Record<string, unknown>;
}

export function checkTokenLength(token: string, maxLength: number): void {
  if (token.length > maxLength) {
    throw new TokenError('ERR_TOKEN_MALFORMED', `the token is longer than ${maxLength} characters`, { length: token.length, maxLength });
  }
}

export function parseJwtHeader(token: string, allowedAlgorithms: readonly JwtAlgorithm[], requiredTyp?: string): JwtHeader {
  const parts = token.split('.');
  if (parts.length === 5) throw new TokenError('ERR_TOKEN_MALFORMED', 'encrypted JWTs (JWE) are not accepted', { parts: 5 });
  if (parts.length !== 3) throw new TokenError('ERR_TOKEN_MALFORMED', 'a JWT has three dot-separated parts', { parts: parts.length });
  if (!parts.every((part) => BASE64URL.test(part)) || parts[0].length === 0 || parts[1].length === 0) {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'a JWT part is not base64url');
  }
  const header = decodeHeader(parts[0]);
  const alg = header.alg;
  if (typeof alg !== 'string' || !(allowedAlgorithms as readonly string[]).includes(alg)) {
    throw new TokenError('ERR_JWT_ALGORITHM', 'the JWT algorithm is not allowed', { expected: [...allowedAlgorithms], found: typeof alg === 'string' ? alg : null });
  }
  if (parts[2].length === 0) throw new TokenError('ERR_JWT_SIGNATURE', 'the JWT has no signature');
  if (header.crit !== undefined) {
    throw new TokenError('ERR_JWT_INVALID', 'the JWT has critical header extensions this validator does not understand', {
      crit: Array.isArray(header.crit) ? header.crit.filter((name) => typeof name === 'string') : null,
    });
  }
  const typ = typeof header.typ === 'string' ? header.typ : undefined;
  if (requiredTyp !== undefined && (typ === undefined || normalizeTyp(typ) !== normalizeTyp(requiredTyp))) {
    throw new TokenError('ERR_JWT_INVALID', 'the JWT type is not the one required', { header: 'typ', expected: requiredTyp, found: typ ?? null });
  }
  return { alg: alg as JwtAlgorithm, kid: typeof header.kid === 'string' ? header.kid : undefined, typ };
}
