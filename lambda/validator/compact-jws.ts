// A compact JWS taken apart before any key is looked at: exactly three segments, each canonical base64url
// (Buffer.from(..., 'base64url') would also take padding, '+', '/', whitespace and non-zero trailing
// bits, so one signature would have many spellings), and a protected header that is a JSON object in
// strict UTF-8. Then the header rules: no `crit` (we understand no extensions, so any critical one must
// fail) and never an unencoded payload. Errors are jose's, with the codes jose gives the same faults.
import { errors } from 'jose';

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

/** Decodes a base64url segment (already checked canonical) and reads it as a strict UTF-8 JSON object. */
function decodedJsonObject(segment: string): Record<string, unknown> | undefined {
  return jsonObjectFrom(Buffer.from(segment, 'base64url'));
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

/** Syntax only: three canonical base64url segments and a JSON object header. */
export function splitCompactJws(token: string): CompactJws {
  if (typeof token !== 'string') throw new errors.JWSInvalid('Compact JWS must be a string');
  // indexOf rather than split and destructuring: this runs per token, often before V8 optimizes it.
  const firstDot = token.indexOf('.');
  const secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
  if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) throw new errors.JWSInvalid('Invalid Compact JWS');
  const encodedHeader = token.slice(0, firstDot);
  const encodedPayload = token.slice(firstDot + 1, secondDot);
  const encodedSignature = token.slice(secondDot + 1);
  // One pass over the whole token: with exactly two dots, every other character must be base64url.
  if (!COMPACT_ALPHABET.test(token) || !isCanonicalBase64urlTail(encodedHeader) || !isCanonicalBase64urlTail(encodedPayload) || !isCanonicalBase64urlTail(encodedSignature)) {
    throw new errors.JWSInvalid('a JWS segment is not canonical base64url');
  }
  const protectedHeader = decodedJsonObject(encodedHeader);
  if (!protectedHeader) throw new errors.JWSInvalid('JWS Protected Header is invalid');
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
  return decodedJsonObject(jws.encodedPayload);
}

/** `crit` and `b64`: what a header may not ask of a verifier that implements no JWS extension. */
export function checkJwsHeader(header: Record<string, unknown>): void {
  const { crit } = header;
  if (crit !== undefined) {
    if (!Array.isArray(crit) || crit.length === 0 || crit.some((name) => typeof name !== 'string' || name.length === 0)) {
      throw new errors.JWSInvalid('"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present');
    }
    throw new errors.JOSENotSupported(`Extension Header Parameter "${crit[0]}" is not recognized`);
  }
  // RFC 7797's b64 only counts when listed in crit, which is refused above; false is refused anyway.
  if (header.b64 === false) throw new errors.JWTInvalid('JWTs MUST NOT use unencoded payload');
}
