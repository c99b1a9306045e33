// `Authorization: Bearer <token>` (RFC 6750 §2.1): scheme case-insensitive, exactly one token in b64token
// syntax, nothing else. Read the same way by the authorizer (the opaque token) and by the validator's
// authorization-header source (the JWT); every other shape is a 401 before any I/O happens.
import { TokenError } from './errors';

/** Longer tokens are refused outright: no AS issues them, and hashing or forwarding them costs. */
export const MAX_TOKEN_LENGTH = 8192;

const BEARER = /^[Bb][Ee][Aa][Rr][Ee][Rr] +([A-Za-z0-9\-._~+/]+=*)$/;

const trimmed = (value: string) => value.replace(/^[ \t]+|[ \t]+$/g, '');

function tokenOf(value: string, maxLength: number): string {
  if (value.length > maxLength + 7) {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'the Authorization header is too long', { length: value.length, max: maxLength });
  }
  const match = BEARER.exec(value);
  if (!match) throw new TokenError('ERR_TOKEN_MALFORMED', 'expected "Bearer <token>" with one RFC 6750 token');
  const token = match[1];
  if (token.length > maxLength) {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'the token is too long', { length: token.length, max: maxLength });
  }
  return token;
}

/**
 * The token of one non-empty header value, or a TokenError (ERR_TOKEN_MALFORMED). No length cap here:
 * the validator caps every token it verifies, whatever its source, with its own `maxTokenLength`
 * (lambda/shared/jwt/compact-jws.ts `checkTokenLength`).
 */
export function bearerToken(header: string): string {
  return tokenOf(trimmed(header), Number.POSITIVE_INFINITY);
}

/** The authorizer's opaque token from the header's values (one value expected), or a TokenError. */
export function parseBearer(values: readonly string[]): string {
  if (values.length === 0) throw new TokenError('ERR_TOKEN_MISSING', 'no Authorization header');
  if (values.length > 1) throw new TokenError('ERR_TOKEN_MALFORMED', 'more than one Authorization header', { count: values.length });
  const value = trimmed(values[0]);
  if (value.length === 0) throw new TokenError('ERR_TOKEN_MISSING', 'the Authorization header is empty');
  return tokenOf(value, MAX_TOKEN_LENGTH);
}
