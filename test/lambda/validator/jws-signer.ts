// Signs any compact JWS with node:crypto, header and payload as given (jose's signers refuse `crit`,
// `b64` and malformed claims, which the verifier tests need), and keys for every algorithm we verify.
import { constants, KeyObject, sign } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export const SIGNING_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

export interface SigningKey {
  readonly alg: SigningAlg;
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicJwk: JWK;
}

export async function signingKey(alg: SigningAlg, kid = `${alg.toLowerCase()}-key`): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, kid, privateKey: KeyObject.from(privateKey), publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

const b64url = (text: string) => Buffer.from(text).toString('base64url');

function nodeSignOptions(alg: string): { digest: string | null; padding?: number; saltLength?: number; dsaEncoding?: 'ieee-p1363' } {
  const bits = alg.slice(2);
  if (alg.startsWith('RS')) return { digest: `sha${bits}`, padding: constants.RSA_PKCS1_PADDING };
  if (alg.startsWith('PS')) return { digest: `sha${bits}`, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(bits) / 8 };
  if (alg.startsWith('ES')) return { digest: `sha${bits}`, dsaEncoding: 'ieee-p1363' };
  return { digest: null };
}

/** `payload` as JSON text (so claims JSON cannot express, like 1e999, can be sent) or an object. */
export function signCompact(key: SigningKey, header: Record<string, unknown>, payload: string | object, signAs: string = key.alg): string {
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(typeof payload === 'string' ? payload : JSON.stringify(payload))}`;
  const { digest, ...options } = nodeSignOptions(signAs);
  const signature = sign(digest, Buffer.from(signingInput), { key: key.privateKey, ...options });
  return `${signingInput}.${signature.toString('base64url')}`;
}
