// How each JWS algorithm a DPoP proof may use is checked with node:crypto: its digest, the key type
// (and curve) it needs, and the signature encoding. Asymmetric only: `none` and HMAC are never here.
import { constants, type KeyObject, type VerifyKeyObjectInput } from 'node:crypto';

interface ProofAlgorithm {
  readonly digest: string | null;
  readonly fits: (key: KeyObject) => boolean;
  readonly options: Omit<VerifyKeyObjectInput, 'key'>;
}

const curve = (name: string) => (key: KeyObject) => key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === name;
// RFC 7518 §3.3 and §3.5: RSA keys of 2048 bits or more.
const rsa = (key: KeyObject) => key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048;
const pss = (bytes: number) => ({ padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: bytes });

export const PROOF_ALGORITHMS: Readonly<Record<string, ProofAlgorithm>> = {
  ES256: { digest: 'sha256', fits: curve('prime256v1'), options: { dsaEncoding: 'ieee-p1363' } },
  ES384: { digest: 'sha384', fits: curve('secp384r1'), options: { dsaEncoding: 'ieee-p1363' } },
  ES512: { digest: 'sha512', fits: curve('secp521r1'), options: { dsaEncoding: 'ieee-p1363' } },
  RS256: { digest: 'sha256', fits: rsa, options: {} },
  RS384: { digest: 'sha384', fits: rsa, options: {} },
  RS512: { digest: 'sha512', fits: rsa, options: {} },
  PS256: { digest: 'sha256', fits: rsa, options: pss(32) },
  PS384: { digest: 'sha384', fits: rsa, options: pss(48) },
  PS512: { digest: 'sha512', fits: rsa, options: pss(64) },
  EdDSA: { digest: null, fits: (key) => key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448', options: {} },
  // RFC 9864's fully-specified name, which current clients (panva/dpop) send; allowed wherever EdDSA is.
  Ed25519: { digest: null, fits: (key) => key.asymmetricKeyType === 'ed25519', options: {} },
};

/** The `alg` values an allow-list admits: `EdDSA` also admits `Ed25519`. */
export function admittedAlgorithms(allowList: readonly string[]): readonly string[] {
  return allowList.includes('EdDSA') && !allowList.includes('Ed25519') ? [...allowList, 'Ed25519'] : allowList;
}
