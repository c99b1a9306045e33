// A compact JWS taken apart before any key is looked at: exactly three segments, each canonical base64url
// (Buffer.from(..., 'base64url') would also take padding, '+', '/', whitespace and non-zero trailing
// bits, so one signature would have many spellings), and a protected header that is a JSON object in
// strict UTF-8. Faults are ERR_TOKEN_MALFORMED, with what was wrong.
import { TokenError } from '../errors';

export interface CompactJws {
  readonly compact: string;
  readonly protectedHeader: Record<string, unknown>;
  readonly encodedHeader: string;
  readonly encodedPayload: string;
  readonly encodedSignature: string;
}

const COMPACT_ALPHABET = /^[A-Za-z0-9_.-]*$/;
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Refused before any parsing or hashing: no AS issues longer tokens, and each byte costs. */
export function checkTokenLength(token: string, maxLength: number): void {
  if (token.length > maxLength) {
    throw new TokenError('ERR_TOKEN_MALFORMED', `the token is longer than ${maxLength} characters`, { length: token.length, maxLength });
  }
}

/**
 * RFC 4648 §3.5 canonical length and tail: no lone sixth bit group, and the bits of the last character
 * that fall past the final byte are zero (otherwise four spellings decode to the same bytes).
 */
export function isCanonicalBase64urlTail(segment: string): boolean {
  const rest = segment.length % 4;
  if (rest === 0) return true;
  if (rest === 1) return false;
  const last = BASE64URL_ALPHABET.indexOf(segment[segment.length - 1]);
  return (last & (rest === 2 ? 0x0f : 0x03)) === 0;
}

/** Strict UTF-8 (no replacement characters), then JSON; undefined unless the result is a JSON object. */
export function jsonObjectFrom(bytes: Uint8Array): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(bytes));
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function malformed(token: string): never {
  const parts = token.split('.').length;
  if (parts === 5) throw new TokenError('ERR_TOKEN_MALFORMED', 'encrypted JWTs (JWE) are not accepted', { parts: 5 });
  throw new TokenError('ERR_TOKEN_MALFORMED', 'a JWT has three dot-separated parts', { parts });
}

/** Syntax only: three canonical base64url segments and a JSON object header. */
export function parseCompactJws(token: string): CompactJws {
  if (typeof token !== 'string') throw new TokenError('ERR_TOKEN_MALFORMED', 'a JWT is a string');
  // indexOf rather than split and destructuring: this runs per token, often before V8 optimizes it.
  const firstDot = token.indexOf('.');
  const secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
  if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) malformed(token);
  const encodedHeader = token.slice(0, firstDot);
  const encodedPayload = token.slice(firstDot + 1, secondDot);
  const encodedSignature = token.slice(secondDot + 1);
  // One pass over the whole token: with exactly two dots, every other character must be base64url.
  if (!COMPACT_ALPHABET.test(token) || !isCanonicalBase64urlTail(encodedHeader) || !isCanonicalBase64urlTail(encodedPayload) || !isCanonicalBase64urlTail(encodedSignature)) {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'a JWT segment is not canonical base64url');
  }
  if (encodedHeader.length === 0 || encodedPayload.length === 0) throw new TokenError('ERR_TOKEN_MALFORMED', 'a JWT has a header and a payload');
  const protectedHeader = jsonObjectFrom(Buffer.from(encodedHeader, 'base64url'));
  if (!protectedHeader) throw new TokenError('ERR_TOKEN_MALFORMED', 'the JWT header is not a JSON object');
  return { compact: token, protectedHeader, encodedHeader, encodedPayload, encodedSignature };
}

/** The bytes the signature covers: `header.payload` as sent. */
export function signingInputOf(jws: CompactJws): Buffer {
  return Buffer.from(jws.compact.slice(0, jws.encodedHeader.length + 1 + jws.encodedPayload.length), 'latin1');
}

export function signatureOf(jws: CompactJws): Buffer {
  return Buffer.from(jws.encodedSignature, 'base64url');
}

/** The payload as a JSON object, or undefined; only to be read once the signature is checked. */
export function payloadObject(jws: CompactJws): Record<string, unknown> | undefined {
  return jsonObjectFrom(Buffer.from(jws.encodedPayload, 'base64url'));
}
