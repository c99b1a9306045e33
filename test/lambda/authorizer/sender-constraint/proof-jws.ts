// Hand-made DPoP proofs for the shapes no well-kept client library would produce (alg none, HS256, a
// private key in `jwk`, a foreign signature): a compact JWS over any header and claims, signed with
// node:crypto. Valid proofs in these tests come from panva's `dpop`.
import { createHash, createHmac, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

export interface TestKey {
  readonly privateKey: KeyObject;
  readonly publicJwk: Record<string, unknown>;
}

export function ecKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicJwk: publicKey.export({ format: 'jwk' }) as Record<string, unknown> };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function ath(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function proofClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { jti: randomUUID(), htm: 'GET', htu: 'https://api.example.com/invoices', iat: Math.floor(Date.now() / 1000), ...overrides };
}

/** ES256 over the given header and claims; `header.jwk` defaults to the key's public JWK. */
export function es256Proof(key: TestKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const signingInput = `${b64({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.publicJwk, ...header })}.${b64(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

export function unsignedProof(key: TestKey, claims: Record<string, unknown>): string {
  return `${b64({ typ: 'dpop+jwt', alg: 'none', jwk: key.publicJwk })}.${b64(claims)}.`;
}

export function hs256Proof(key: TestKey, claims: Record<string, unknown>): string {
  const signingInput = `${b64({ typ: 'dpop+jwt', alg: 'HS256', jwk: key.publicJwk })}.${b64(claims)}`;
  return `${signingInput}.${createHmac('sha256', JSON.stringify(key.publicJwk)).update(signingInput).digest('base64url')}`;
}
