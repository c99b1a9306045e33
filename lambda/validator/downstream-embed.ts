// Downstream strategy "embed": the AS put a token for the downstream API inside a claim of the phantom
// JWT. It is verified like any other token (with a validator configured for the downstream audience)
// before it is used, so a forged or stale nested token is refused here, not passed on.
import { AccessDeniedError } from '../shared/errors';
import type { JwtClaims, VerifiedJwt } from './claims';
import type { JwtValidator } from './jwt-validator';

export interface EmbedOptions {
  /** The claim of the verified JWT that carries the nested token (a compact JWT string). */
  readonly claim: string;
  /** Verifies the nested token: the downstream API's audience, the AS's keys. */
  readonly validator: JwtValidator;
}

export async function embeddedToken<TClaims extends JwtClaims = JwtClaims>(jwt: VerifiedJwt, options: EmbedOptions): Promise<VerifiedJwt<TClaims>> {
  const nested = jwt.claims[options.claim];
  if (typeof nested !== 'string' || nested.length === 0) {
    throw new AccessDeniedError('ERR_CLAIM_MISMATCH', `the token carries no nested token in "${options.claim}"`, { claim: options.claim });
  }
  return options.validator.verify<TClaims>(nested);
}
