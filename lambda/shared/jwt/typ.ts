// The JOSE `typ` header is a media type whose `application/` prefix may be left out, in any case
// (RFC 7515 §4.1.9): `application/AT+JWT` and `at+jwt` are the same type. Compared in this one spelling.

/** `typ` of the phantom JWT in the accept-jwt, jwt-in-json and token-exchange modes (RFC 9068). */
export const ACCESS_TOKEN_TYP = 'at+jwt';
/** `typ` of an RFC 9701 introspection response; its claims sit under `token_introspection`. */
export const INTROSPECTION_TYP = 'token-introspection+jwt';

export function normalizeTyp(typ: string): string {
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}
