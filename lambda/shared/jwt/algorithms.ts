// What each JWS algorithm we verify asks of node:crypto and of the key. Asymmetric algorithms only: an
// HMAC or `none` entry does not exist here, so no allow-list can ever reach one. The Web Crypto
// `algorithm` is what jose imports the JWK as for this alg, checked on a CryptoKey before it is used.
import { constants } from 'node:crypto';

export type AsymmetricKeyType = 'rsa' | 'rsa-pss' | 'ec' | 'ed25519';

export interface JwsAlgorithm {
  readonly name: string;
  /** The digest crypto.verify hashes with; null for Ed25519, which hashes internally. */
  readonly digest: string | null;
  /** The KeyObject types that may verify it. */
  readonly keyTypes: readonly AsymmetricKeyType[];
  readonly namedCurve?: string;
  /** Exact signature length, where the algorithm fixes one (RSA's follows the modulus). */
  readonly signatureBytes?: number;
  readonly padding?: number;
  readonly saltLength?: number;
  readonly dsaEncoding?: 'ieee-p1363';
  /** RFC 7518 §3.3 and §3.5: RSA keys must be 2048 bits or larger (jose refuses smaller ones too). */
  readonly minRsaBits?: number;
  readonly webCrypto: { readonly name: string; readonly hash?: string; readonly namedCurve?: string };
}

function pkcs1(bits: 256 | 384 | 512): Omit<JwsAlgorithm, 'name'> {
  return { digest: `sha${bits}`, keyTypes: ['rsa'], padding: constants.RSA_PKCS1_PADDING, minRsaBits: 2048, webCrypto: { name: 'RSASSA-PKCS1-v1_5', hash: `SHA-${bits}` } };
}

function pss(bits: 256 | 384 | 512): Omit<JwsAlgorithm, 'name'> {
  // RFC 7518 §3.5: MGF1 with the same hash, salt as long as the digest.
  return {
    digest: `sha${bits}`,
    keyTypes: ['rsa', 'rsa-pss'],
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: bits / 8,
    minRsaBits: 2048,
    webCrypto: { name: 'RSA-PSS', hash: `SHA-${bits}` },
  };
}

function ecdsa(bits: 256 | 384 | 512, namedCurve: string, webCurve: string, coordinateBytes: number): Omit<JwsAlgorithm, 'name'> {
  // JWS carries r || s (RFC 7518 §3.4), not DER; each as long as the curve's order.
  return { digest: `sha${bits}`, keyTypes: ['ec'], namedCurve, signatureBytes: 2 * coordinateBytes, dsaEncoding: 'ieee-p1363', webCrypto: { name: 'ECDSA', namedCurve: webCurve } };
}

const ed25519: Omit<JwsAlgorithm, 'name'> = { digest: null, keyTypes: ['ed25519'], signatureBytes: 64, webCrypto: { name: 'Ed25519' } };

const TABLE: Readonly<Record<string, Omit<JwsAlgorithm, 'name'>>> = {
  RS256: pkcs1(256),
  RS384: pkcs1(384),
  RS512: pkcs1(512),
  PS256: pss(256),
  PS384: pss(384),
  PS512: pss(512),
  ES256: ecdsa(256, 'prime256v1', 'P-256', 32),
  ES384: ecdsa(384, 'secp384r1', 'P-384', 48),
  ES512: ecdsa(512, 'secp521r1', 'P-521', 66),
  EdDSA: ed25519,
  Ed25519: ed25519,
};

const ALGORITHMS: ReadonlyMap<string, JwsAlgorithm> = new Map(Object.entries(TABLE).map(([name, entry]) => [name, { name, ...entry }]));

/** The algorithm named `alg`, or undefined when it is not one we verify. */
export function jwsAlgorithm(alg: string): JwsAlgorithm | undefined {
  return ALGORITHMS.get(alg);
}
