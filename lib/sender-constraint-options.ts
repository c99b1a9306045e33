// The authorizer's sender-constrained token props (DPoP, RFC 9449; certificate-bound, RFC 8705) and what
// they imply for the resources. Without `senderConstrainedTokens` every bound token is refused; with it,
// API Gateway's result cache is off: a cached answer would serve a replayed DPoP proof (or another
// certificate) without the authorizer seeing it. Their checks live in authorizer/authorizer-problems.ts,
// the environment they become in authorizer/authorizer-environment.ts.
import { Duration } from 'aws-cdk-lib';
import { DEFAULT_DPOP_ALGORITHMS } from '../lambda/shared/config';
import { JwtAlgorithm } from './jwt-algorithm';

/** Which sender-constrained (proof-bound) tokens the authorizer accepts, and how it checks their proofs. */
export interface SenderConstraintOptions {
  /**
   * Accept DPoP-bound (`cnf.jkt`) and certificate-bound (`cnf["x5t#S256"]`) tokens, each with its proof on
   * every request: the `DPoP` scheme and a fresh DPoP proof, or mutual TLS with the bound certificate
   * (see `MutualTlsDomain`). API Gateway's result cache is then off (`resultsCacheTtl` must be unset or 0)
   * and the REST authorizer must be a REQUEST authorizer. Bearer tokens keep working.
   * @default false - bound tokens are refused (401)
   */
  readonly senderConstrainedTokens?: boolean;
  /**
   * The algorithms a DPoP proof may be signed with (asymmetric only), also listed in the 401's
   * `WWW-Authenticate: DPoP algs="..."`. Only with `senderConstrainedTokens`.
   * @default [ES256, ES384, PS256, RS256, EdDSA]
   */
  readonly dpopAlgorithms?: JwtAlgorithm[];
  /**
   * How far a DPoP proof's `iat` may lie from the authorizer's clock, either way; each proof's `jti` is
   * remembered this long (memory and the cache table). Whole seconds, 5 to 600. Only with
   * `senderConstrainedTokens`.
   * @default Duration.seconds(60)
   */
  readonly dpopProofWindow?: Duration;
  /**
   * The public base URL a DPoP proof's `htu` must start with (a custom domain with its base path, or the
   * execute-api URL with the stage), joined with the request's path under the API; https only. Only with
   * `senderConstrainedTokens`.
   * @default - `https://` + the host and path API Gateway reports for the request; on `PhantomTokenGateway`
   * with `mutualTls`, the mutual TLS domain's URL
   */
  readonly publicBaseUrl?: string;
}

/** The result cache TTL the API Gateway authorizers get: none when bound tokens are accepted. */
export function resultsCacheTtlFor(options: SenderConstraintOptions, requested: Duration): Duration {
  return options.senderConstrainedTokens ? Duration.seconds(0) : requested;
}

/** The DPoP algorithms the 401 challenge names: undefined (Bearer only) when bound tokens are refused. */
export function dpopChallengeAlgorithms(options: SenderConstraintOptions): JwtAlgorithm[] | undefined {
  if (!options.senderConstrainedTokens) return undefined;
  return [...(options.dpopAlgorithms ?? (DEFAULT_DPOP_ALGORITHMS as readonly string[] as readonly JwtAlgorithm[]))];
}
