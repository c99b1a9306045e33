// Keys made fresh at every start: the AS's signing key (phantom JWTs, signed introspection answers) and
// one key per private_key_jwt client. Nothing is written to disk.
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { SigningAlg } from './types';

export interface SigningKey {
  readonly alg: SigningAlg;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** Private JWK with kid, alg and use: what oidc-provider signs with. */
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

export async function generateSigningKey(alg: SigningAlg): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const labels = { kid, alg, use: 'sig' };
  return {
    alg,
    kid,
    privateKey,
    publicKey,
    privateJwk: { ...(await exportJWK(privateKey)), ...labels },
    publicJwk: { ...publicJwk, ...labels },
  };
}

/** The key `privateJwk` describes (as `generateSigningKey` made it), for an AS that restarts with its keys. */
export async function signingKeyFromJwk(privateJwk: JWK): Promise<SigningKey> {
  const alg = privateJwk.alg as SigningAlg;
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  return {
    alg,
    kid: String(privateJwk.kid),
    privateKey: (await importJWK(privateJwk, alg, { extractable: true })) as CryptoKey,
    publicKey: (await importJWK(publicJwk, alg, { extractable: true })) as CryptoKey,
    privateJwk,
    publicJwk,
  };
}
