// The one JWT verification pipeline, shared by the authorizer (phantom JWTs, tier-2 entries, RFC 9701
// responses) and the services' validator. One pass, each rule once, as jose's jwtVerify: take the
// compact JWS apart (compact-jws.ts), check the header (header.ts), select the key (a KeyResolver:
// local-key-set.ts, stale-if-error-keys.ts), verify the signature with synchronous node:crypto
// (signature.ts; Web Crypto's thread-pool hop made a first verification cost 3-4 times the bare
// crypto.verify), then the claims set (claims-set.ts). Every refusal is a TokenError (401) with our code;
// keys that cannot be had are an UpstreamError (503). No AWS SDK here.
import { TokenError } from '../errors';
import { checkClaimsSet, type ClaimExpectations } from './claims-set';
import { parseCompactJws, payloadObject, signatureOf, signingInputOf, type CompactJws } from './compact-jws';
import { checkHeader, type JwtHeader } from './header';
import type { KeyResolver } from './local-key-set';
import { isPromise } from './maybe-async';
import { checkSignature } from './signature';
import { verificationKey } from './verification-key';

export interface JwtExpectations extends ClaimExpectations {
  /** The `alg` values accepted; only asymmetric ones can ever verify. */
  readonly algorithms: readonly string[];
}

export interface VerifiedJwtParts {
  readonly payload: Record<string, unknown>;
  readonly header: JwtHeader;
  /** The key the signature verified with, as the key set gave it (callers that remember a token compare it later). */
  readonly key: unknown;
}

/** `token` may come taken apart already. */
export async function verifyJwt(token: string | CompactJws, keys: KeyResolver, expect: JwtExpectations): Promise<VerifiedJwtParts> {
  const jws = typeof token === 'string' ? parseCompactJws(token) : token;
  const { header, algorithm } = checkHeader(jws.protectedHeader, expect.algorithms);
  // An empty signature can never verify: refused before a key (and perhaps a JWKS fetch) is sought.
  if (jws.encodedSignature.length === 0) throw new TokenError('ERR_JWT_SIGNATURE', 'the JWT has no signature');
  const selected = keys(header);
  // A key the set already knew comes back as is: no promise round trip for it.
  const key = isPromise(selected) ? await selected : selected;
  checkSignature(algorithm, verificationKey(key, algorithm), signingInputOf(jws), signatureOf(jws));
  const payload = payloadObject(jws);
  if (!payload) throw new TokenError('ERR_JWT_INVALID', 'the JWT claims set is not a JSON object');
  checkClaimsSet(header.typ, payload, expect);
  return { payload, header, key };
}
