// Verifies a compact JWT the way jose's jwtVerify does, and at least as strictly, but checks the signature
// with synchronous node:crypto instead of Web Crypto (whose async thread-pool hop made a first
// verification cost 3-4 times the bare crypto.verify). jose still does what it is good at: selecting and
// importing the JWK (the key set passed in), and its error classes, so the validator's and the
// authorizer's error mappings read the same codes as before. Shared by both; no AWS SDK here.
import { errors } from 'jose';
import type { CompactJWSHeaderParameters, JWTPayload, JWTVerifyGetKey } from 'jose';
import { checkJwsHeader, payloadObject, signatureOf, signingInputOf, splitCompactJws } from './compact-jws';
import type { CompactJws } from './compact-jws';
import { jwsAlgorithm } from './jws-algorithms';
import { checkSignature } from './jws-signature';
import { checkClaimsSet } from './jwt-claims-set';
import type { ClaimExpectations } from './jwt-claims-set';
import { isPromise } from './maybe-async';
import { verificationKey } from './verification-key';

export interface SignedJwtExpectations extends ClaimExpectations {
  /** The `alg` values accepted; only asymmetric ones can ever verify. */
  readonly algorithms: readonly string[];
}

export interface VerifiedJwtParts {
  readonly payload: JWTPayload;
  readonly protectedHeader: Record<string, unknown>;
  /** The key the signature verified with, as the key set gave it (callers that remember a token compare it later). */
  readonly key: unknown;
}

/** `token` may come split already (the validator checks the shape first, with its own error codes). */
export async function verifySignedJwt(token: string | CompactJws, keys: JWTVerifyGetKey, expect: SignedJwtExpectations): Promise<VerifiedJwtParts> {
  const jws = typeof token === 'string' ? splitCompactJws(token) : token;
  const { protectedHeader } = jws;
  checkJwsHeader(protectedHeader);
  const { alg } = protectedHeader;
  if (typeof alg !== 'string' || !alg) throw new errors.JWSInvalid('JWS "alg" (Algorithm) Header Parameter missing or invalid');
  if (!expect.algorithms.includes(alg)) throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
  const algorithm = jwsAlgorithm(alg);
  if (!algorithm) throw new errors.JOSENotSupported('Unsupported "alg" value for a JSON Web Key Set');
  // A key set that finds several candidates (no kid, several keys of the type) throws
  // JWKSMultipleMatchingKeys; jose's jwtVerify lets that through as a refusal, and so does this.
  const selected = keys(protectedHeader as CompactJWSHeaderParameters, { protected: jws.encodedHeader, payload: jws.encodedPayload, signature: jws.encodedSignature });
  // A key the set already knew comes back as is: no promise round trip for it.
  const key = isPromise(selected) ? await selected : selected;
  checkSignature(algorithm, verificationKey(key, algorithm), signingInputOf(jws), signatureOf(jws));
  const payload = payloadObject(jws);
  if (!payload) throw new errors.JWTInvalid('JWT Claims Set must be a top-level JSON object');
  checkClaimsSet(protectedHeader, payload, expect);
  return { payload, protectedHeader, key };
}
