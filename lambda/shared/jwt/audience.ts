// `aud` is a string or an array of strings (RFC 7519 §4.1.3); a token is for an audience that equals
// the string or is one of the array's entries.

export function audienceIncludes(aud: unknown, audience: string): boolean {
  return typeof aud === 'string' ? aud === audience : Array.isArray(aud) && aud.includes(audience);
}

