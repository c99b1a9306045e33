// How the embedded AS's own helpers (getToken, revoke) authenticate as a demo client, exactly as an
// outside client would: client_secret_basic (RFC 6749 §2.3.1) or private_key_jwt (RFC 7523).
import { randomUUID } from 'node:crypto';
import { SignJWT, type CryptoKey } from 'jose';
import type { SigningKey } from './signing-keys';
import type { DemoClient } from './types';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface ClientCredentialsForRequest {
  readonly headers: Record<string, string>;
  readonly params: Record<string, string>;
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding. */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

/** What signs a client assertion: a private key, its JWS algorithm and its key id. */
export interface AssertionKey {
  readonly alg: string;
  readonly kid?: string;
  readonly privateKey: CryptoKey;
}

export async function clientAssertion(clientId: string, key: AssertionKey, audience: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: key.alg, ...(key.kid ? { kid: key.kid } : {}) })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(audience)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(key.privateKey);
}

export async function clientCredentialsFor(
  client: DemoClient,
  clientKey: SigningKey | undefined,
  issuer: string,
): Promise<ClientCredentialsForRequest> {
  if (client.tokenEndpointAuthMethod === 'private_key_jwt') {
    if (!clientKey) throw new Error(`no private key for client ${client.clientId}`);
    const assertion = await clientAssertion(client.clientId, clientKey, issuer);
    return { headers: {}, params: { client_id: client.clientId, client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion } };
  }
  if (client.clientSecret === undefined) throw new Error(`client ${client.clientId} has no secret`);
  return { headers: { authorization: basicAuthorization(client.clientId, client.clientSecret) }, params: {} };
}
