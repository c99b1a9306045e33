// `Authorization: Bearer <token>` (RFC 6750 §2.1): scheme case-insensitive, exactly one token in b64token
// syntax, nothing else. Every other shape is a 401 before any I/O happens.
import { TokenError } from '../shared/errors';

/** Longer tokens are refused outright: no AS issues them, and hashing or forwarding them costs. */
export const MAX_TOKEN_LENGTH = 8192;

const BEARER = /^[Bb][Ee][Aa][Rr][Ee][Rr] +([A-Za-z0-9\-._~+/]+=*)$/;

/** Returns the token from the header's values (one value expected) or throws a TokenError. */
export function parseBearer(values: readonly string[]): string {
  if (values.length === 0) throw new TokenError('ERR_TOKEN_MISSING', 'no Authorization header');
  if (values.length > 1) throw new TokenError('ERR_TOKEN_MALFORMED', 'more than one Authorization header', { count: values.length });
  const value = values[0].replace(/^[ \t]+|[ \t]+$/g, '');
  if (value.length === 0) throw new TokenError('ERR_TOKEN_MISSING', 'the Authorization header is empty');
  if (value.length > MAX_TOKEN_LENGTH + 7) {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'the Authorization header is too long', { length: value.length, max: MAX_TOKEN_LENGTH });
  }
  const match = BEARER.exec(value);
  if (!match) throw new TokenError('ERR_TOKEN_MALFORMED', 'expected "Bearer <token>" with one RFC 6750 token');
  const token = match[1];
  if (token.length > MAX_TOKEN_LENGTH) {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'the token is too long', { length: token.length, max: MAX_TOKEN_LENGTH });
  }
  return token;
}
