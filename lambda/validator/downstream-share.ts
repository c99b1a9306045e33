// Downstream strategy "share": pass the caller's JWT on unchanged. Safe only between APIs of one
// security domain (they trust each other with the same token), so the target must be listed, and the
// token must already name it in `aud` (or the target would refuse it anyway).
import { AccessDeniedError, ConfigError } from '../shared/errors';
import { audienceIncludes } from '../shared/jwt/audience';
import type { VerifiedJwt } from './claims';

export interface ShareOptions {
  /** Audiences of the APIs that may receive the caller's token as is. */
  readonly sameSecurityDomain: readonly string[];
}

/** The `Authorization` header value for calling `targetAudience` with the caller's own JWT. */
export function sharedAuthorization(jwt: VerifiedJwt, targetAudience: string, options: ShareOptions): string {
  if (!options.sameSecurityDomain.includes(targetAudience)) {
    throw new ConfigError('sameSecurityDomain', `"${targetAudience}" is not in the same security domain; use the exchange strategy`);
  }
  if (!audienceIncludes(jwt.claims.aud, targetAudience)) {
    throw new AccessDeniedError('ERR_CLAIM_MISMATCH', 'the token is not meant for the downstream API', { claim: 'aud', expected: targetAudience });
  }
  return `Bearer ${jwt.compact()}`;
}
