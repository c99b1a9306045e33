// Cheap structural checks before any cryptography, with this validator's error codes: size, compact JWS
// shape (three canonical base64url parts; five parts is an encrypted JWE), a JSON object header, an
// allowed asymmetric `alg`, no `crit` extensions (we understand none), and the `typ` when one is
// required. `jku`, `x5u`, `x5c` and `jwk` headers are never read: keys come only from the configured
// JWKS.
import type { JwtAlgorithm } from '../shared/config';
import { TokenError } from '../shared/errors';
import { splitCompactJws } from './compact-jws';
import type { CompactJws } from './compact-jws';

export interface JwtHeader {
  readonly alg: JwtAlgorithm;
  readonly kid?: string;
  readonly typ?: string;
}

/** `application/at+jwt` and `AT+JWT` are the same media type as `at+jwt` (RFC 7515 §4.1.9). */
export function normalizeTyp(typ: string): string {
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

/** Syntax faults keep this validator's code (ERR_TOKEN_MALFORMED) and carry what was wrong. */
function splitOrMalformed(token: string): CompactJws {
  let jws: CompactJws;
  try {
    jws = splitCompactJws(token);
  } catch (error) {
    const parts = token.split('.').length;
    if (parts === 5) throw new TokenError('ERR_TOKEN_MALFORMED', 'encrypted JWTs (JWE) are not accepted', { parts: 5 });
    if (parts !== 3) throw new TokenError('ERR_TOKEN_MALFORMED', 'a JWT has three dot-separated parts', { parts });
    throw new TokenError('ERR_TOKEN_MALFORMED', 'the JWT is not three canonical base64url parts with a JSON object header', { reason: (error as Error).message });
  }
  if (jws.encodedHeader.length === 0 || jws.encodedPayload.length === 0) throw new TokenError('ERR_TOKEN_MALFORMED', 'a JWT has a header and a payload');
  return jws;
}

export function checkTokenLength(token: string, maxLength: number): void {
  if (token.length > maxLength) {
    throw new TokenError('ERR_TOKEN_MALFORMED', `the token is longer than ${maxLength} characters`, { length: token.length, maxLength });
  }
}

export interface ParsedJwt {
  readonly header: JwtHeader;
  /** The token taken apart, for the signature check (so it is parsed once). */
  readonly jws: CompactJws;
}

export function parseJwt(token: string, allowedAlgorithms: readonly JwtAlgorithm[], requiredTyp?: string): ParsedJwt {
  const jws = splitOrMalformed(token);
  const header = jws.protectedHeader;
  const alg = header.alg;
  if (typeof alg !== 'string' || !(allowedAlgorithms as readonly string[]).includes(alg)) {
    throw new TokenError('ERR_JWT_ALGORITHM', 'the JWT algorithm is not allowed', { expected: [...allowedAlgorithms], found: typeof alg === 'string' ? alg : null });
  }
  if (jws.encodedSignature.length === 0) throw new TokenError('ERR_JWT_SIGNATURE', 'the JWT has no signature');
  if (header.crit !== undefined) {
    throw new TokenError('ERR_JWT_INVALID', 'the JWT has critical header extensions this validator does not understand', {
      crit: Array.isArray(header.crit) ? header.crit.filter((name) => typeof name === 'string') : null,
    });
  }
  const typ = typeof header.typ === 'string' ? header.typ : undefined;
  if (requiredTyp !== undefined && (typ === undefined || normalizeTyp(typ) !== normalizeTyp(requiredTyp))) {
    throw new TokenError('ERR_JWT_INVALID', 'the JWT type is not the one required', { header: 'typ', expected: requiredTyp, found: typ ?? null });
  }
  return { header: { alg: alg as JwtAlgorithm, kid: typeof header.kid === 'string' ? header.kid : undefined, typ }, jws };
}
