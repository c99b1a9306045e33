// What the AS says a token is bound to (RFC 7800 `cnf`): a DPoP key's RFC 7638 thumbprint (`jkt`,
// RFC 9449 §6) or a client certificate's SHA-256 thumbprint (`x5t#S256`, RFC 8705 §3.1).
export interface TokenBinding {
  readonly jkt?: string;
  readonly x5tS256?: string;
  /**
   * The `cnf` names a confirmation method this gateway cannot check (`jwk`, `kid`, ...) or is not an
   * object of strings: the token is bound, to something no request here can prove, so it is refused.
   */
  readonly unsupported?: true;
}

/** The binding a `cnf` claim names; undefined when there is no `cnf`. */
export function bindingFromCnf(cnf: unknown): TokenBinding | undefined {
  if (cnf === undefined) return undefined;
  if (cnf === null || typeof cnf !== 'object' || Array.isArray(cnf)) return { unsupported: true };
  const members = Object.entries(cnf as Record<string, unknown>);
  const known = members.every(([name, value]) => (name === 'jkt' || name === 'x5t#S256') && typeof value === 'string' && value.length > 0);
  if (members.length === 0 || !known) return { unsupported: true };
  const { jkt, 'x5t#S256': x5tS256 } = cnf as Record<string, string | undefined>;
  return { ...(jkt !== undefined ? { jkt } : {}), ...(x5tS256 !== undefined ? { x5tS256 } : {}) };
}
