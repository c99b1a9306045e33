// Client authentication at the AS. client_secret_basic form-url-encodes the id and the secret before
// Basic-encoding them (RFC 6749 §2.3.1), which many clients forget; private_key_jwt sends a short-lived
// signed assertion (RFC 7523) instead of a shared secret.
import { randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

export type ClientCredentials =
  | { readonly method: 'client_secret_basic'; readonly clientId: string; readonly secret: string }
  | { readonly method: 'private_key_jwt'; readonly clientId: string; readonly key: KeyObject; readonly alg: string; readonly kid?: string };

export interface ClientAuthentication {
  readonly headers: Record<string, string>;
  readonly params: Record<string, string>;
}

/** application/x-www-form-urlencoded encoding of one value. */
export function formUrlEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

export function basicAuthorization(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${formUrlEncode(clientId)}:${formUrlEncode(secret)}`).toString('base64')}`;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ASSERTION_LIFETIME_SECONDS = 60;

/**
 * `audience` is the AS issuer: RFC 7523bis recommends it, and it avoids one assertion per endpoint.
 */
export async function clientAuthentication(credentials: ClientCredentials, audience: string, nowMs: number): Promise<ClientAuthentication> {
  if (credentials.method === 'client_secret_basic') {
    return { headers: { authorization: basicAuthorization(credentials.clientId, credentials.secret) }, params: {} };
  }
  const iat = Math.floor(nowMs / 1000);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: credentials.alg, ...(credentials.kid ? { kid: credentials.kid } : {}) })
    .setIssuer(credentials.clientId)
    .setSubject(credentials.clientId)
    .setAudience(audience)
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_LIFETIME_SECONDS)
    .sign(credentials.key);
  return {
    headers: {},
    params: { client_id: credentials.clientId, client_assertion_type: ASSERTION_TYPE, client_assertion: assertion },
  };
}
