// The key a key set selected, as a node:crypto KeyObject that may verify the token's algorithm. jose's
// local key set imports each JWK as a Web Crypto CryptoKey for the alg asked for; converting it once
// (memoized per key and alg) lets the signature be checked with synchronous crypto.verify instead of
// crypto.subtle.verify's thread-pool round trip. The checks are jose's (algorithm, usage, public, RSA
// size) plus the KeyObject's own type and curve, so a key can only verify the algorithm it was made for.
import { KeyObject } from 'node:crypto';
import type { CryptoKey } from 'jose';
import { TokenError } from '../errors';
import type { JwsAlgorithm } from './algorithms';

export interface VerificationKey {
  readonly keyObject: KeyObject;
  /** RSA only: the signature must be exactly as long as the modulus. */
  readonly rsaSignatureBytes?: number;
}

/** The key the token's header selected cannot verify its `alg`: the header is at fault, not the AS. */
const unusableKey = (message: string) => new TokenError('ERR_JWT_INVALID', message, { key: 'unusable' });

const prepared = new WeakMap<object, Map<string, VerificationKey>>();

const isCryptoKey = (key: unknown): key is CryptoKey => (key as { [Symbol.toStringTag]?: unknown } | null)?.[Symbol.toStringTag] === 'CryptoKey';
const isKeyObject = (key: unknown): key is KeyObject => (key as { [Symbol.toStringTag]?: unknown } | null)?.[Symbol.toStringTag] === 'KeyObject';

function checkCryptoKey(key: CryptoKey, alg: JwsAlgorithm): void {
  const algorithm = key.algorithm as { name: string; hash?: { name?: string }; namedCurve?: string };
  const expected = alg.webCrypto;
  if (algorithm.name !== expected.name) throw unusableKey(`CryptoKey does not support this operation, its algorithm.name must be ${expected.name}`);
  if (expected.hash && algorithm.hash?.name !== expected.hash) throw unusableKey(`CryptoKey does not support this operation, its algorithm.hash must be ${expected.hash}`);
  if (expected.namedCurve && algorithm.namedCurve !== expected.namedCurve) {
    throw unusableKey(`CryptoKey does not support this operation, its algorithm.namedCurve must be ${expected.namedCurve}`);
  }
  if (!key.usages.includes('verify')) throw unusableKey('CryptoKey does not support this operation, its usages must include verify.');
}

function prepare(key: CryptoKey | KeyObject, alg: JwsAlgorithm): VerificationKey {
  if (key.type !== 'public') throw unusableKey(`the key for ${alg.name} must be a public key`);
  if (isCryptoKey(key)) checkCryptoKey(key, alg);
  const keyObject = isKeyObject(key) ? key : KeyObject.from(key);
  const type = keyObject.asymmetricKeyType;
  if (!(alg.keyTypes as readonly (string | undefined)[]).includes(type)) throw unusableKey(`a ${type} key cannot verify ${alg.name}`);
  const details = keyObject.asymmetricKeyDetails ?? {};
  if (alg.namedCurve !== undefined && details.namedCurve !== alg.namedCurve) throw unusableKey(`${alg.name} needs a ${alg.namedCurve} key`);
  if (alg.minRsaBits === undefined) return { keyObject };
  const bits = details.modulusLength;
  if (bits === undefined || bits < alg.minRsaBits) throw unusableKey(`${alg.name} requires key modulusLength to be ${alg.minRsaBits} bits or larger`);
  if (type === 'rsa-pss') checkPssRestrictions(details, alg);
  return { keyObject, rsaSignatureBytes: Math.ceil(bits / 8) };
}

/** An RSA-PSS key may be restricted to one hash and a minimum salt; they must be the JWS algorithm's. */
function checkPssRestrictions(details: NonNullable<KeyObject['asymmetricKeyDetails']>, alg: JwsAlgorithm): void {
  const { hashAlgorithm, mgf1HashAlgorithm, saltLength } = details;
  if ((hashAlgorithm !== undefined && hashAlgorithm !== alg.digest) || (mgf1HashAlgorithm !== undefined && mgf1HashAlgorithm !== alg.digest)) {
    throw unusableKey(`this RSA-PSS key is restricted to another hash than ${alg.name}'s`);
  }
  if (saltLength !== undefined && saltLength > alg.saltLength!) throw unusableKey(`this RSA-PSS key requires a longer salt than ${alg.name}'s`);
}

/** Throws ERR_JWT_INVALID for a key that is not a public CryptoKey or KeyObject for `alg`. */
export function verificationKey(key: unknown, alg: JwsAlgorithm): VerificationKey {
  if (!isCryptoKey(key) && !isKeyObject(key)) throw unusableKey(`Key for the ${alg.name} algorithm must be one of type CryptoKey or KeyObject`);
  let byAlg = prepared.get(key);
  const known = byAlg?.get(alg.name);
  if (known) return known;
  const fresh = prepare(key, alg);
  if (!byAlg) prepared.set(key, (byAlg = new Map()));
  byAlg.set(alg.name, fresh);
  return fresh;
}
