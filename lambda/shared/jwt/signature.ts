// The signature check itself: synchronous crypto.verify on a prepared KeyObject. A signature of the wrong
// length fails before OpenSSL sees it (ECDSA's r || s and Ed25519's are fixed, RSA's is the modulus
// size), and anything OpenSSL throws is a failed verification, never a pass.
import { verify } from 'node:crypto';
import { TokenError } from '../errors';
import type { JwsAlgorithm } from './algorithms';
import type { VerificationKey } from './verification-key';

const signatureFailed = (detail = {}) => new TokenError('ERR_JWT_SIGNATURE', 'the JWT signature does not verify', detail);

export function checkSignature(alg: JwsAlgorithm, key: VerificationKey, signingInput: Buffer, signature: Buffer): void {
  const expectedBytes = alg.signatureBytes ?? key.rsaSignatureBytes;
  if (signature.length !== expectedBytes) throw signatureFailed({ signatureBytes: signature.length, expectedBytes });
  let verified: boolean;
  try {
    verified = verify(
      alg.digest,
      signingInput,
      { key: key.keyObject, padding: alg.padding, saltLength: alg.saltLength, dsaEncoding: alg.dsaEncoding },
      signature,
    );
  } catch {
    throw signatureFailed();
  }
  if (!verified) throw signatureFailed();
}
