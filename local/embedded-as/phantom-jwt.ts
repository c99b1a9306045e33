// The phantom JWT (RFC 9068 `at+jwt`): what the gateway forwards to the APIs instead of the opaque token.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SigningKey } from './signing-keys';

export interface PhantomClaims {
  readonly sub: string;
  readonly clientId: string;
  /** Space-delimited; omitted from the JWT when empty. */
  readonly scope?: string;
  readonly audience: string;
  /** Epoch seconds; the opaque token's own expiry, so the JWT never outlives it. */
  readonly exp: number;
  readonly extraClaims?: Record<string, unknown>;
}

export async function signPhantomJwt(claims: PhantomClaims, issuer: string, key: SigningKey): Promise<string> {
  return new SignJWT({
    ...claims.extraClaims,
    client_id: claims.clientId,
    ...(claims.scope ? { scope: claims.scope } : {}),
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
    .setIssuer(issuer)
    .setSubject(claims.sub)
    .setAudience(claims.audience)
    .setIssuedAt()
    .setExpirationTime(claims.exp)
    .setJti(randomUUID())
    .sign(key.privateKey);
}
