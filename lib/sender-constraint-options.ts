// The authorizer's sender-constrained token props (DPoP, RFC 9449; certificate-bound, RFC 8705), their
// synth-time checks, and the runtime settings they become. Without `senderConstrainedTokens` every bound
// token is refused; with it, API Gateway's result cache is off: a cached answer would serve a replayed
// DPoP proof (or another certificate) without the authorizer seeing it.
import { Duration } from 'aws-cdk-lib';
import { LIMITS, SUPPORTED_ALGORITHMS, type AuthorizerSettings, type JwtAlgorithm } from '../lambda/shared/config';
import { endpointProblems } from './shared-checks';
import type { PropProblems } from './prop-problems';

export interface SenderConstraintOptions {
  /**
   * Accept DPoP-bound (`cnf.jkt`) and certificate-bound (`cnf["x5t#S256"]`) tokens, each with its proof on
   * every request: the `DPoP` scheme and a fresh DPoP proof, or mutual TLS with the bound certificate
   * (see `MutualTlsDomain`). API Gateway's result cache is then off (`resultsCacheTtl` must be unset or 0).
   * Bearer tokens keep working.
   * @default false - bound tokens are refused (401)
   */
  readonly senderConstrainedTokens?: boolean;
  /**
   * The algorithms a DPoP proof may be signed with (asymmetric only), also listed in the 401's
   * `WWW-Authenticate: DPoP algs="..."`.
   * @default ['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA']
   */
  readonly dpopAlgorithms?: JwtAlgorithm[];
  /**
   * How far a DPoP proof's `iat` may lie from the authorizer's clock, either way; each proof's `jti` is
   * remembered this long (memory and the cache table). Whole seconds, 5 to 600.
   * @default Duration.seconds(60)
   */
  readonly dpopProofWindow?: Duration;
  /**
   * The public base URL a DPoP proof's `htu` must start with (a custom domain with its base path, or the
   * execute-api URL with the stage), joined with the request's path under the API.
   * @default - `https://` + the host and path API Gateway reports for the request
   */
  readonly publicBaseUrl?: string;
}

export function senderConstraintProblems(problems: PropProblems, props: SenderConstraintOptions & { readonly resultsCacheTtl?: Duration }): void {
  const L = LIMITS.dpopProofWindowSeconds;
  problems.wholeSecondsWithin('dpopProofWindow', props.dpopProofWindow, L.min, L.max);
  if (props.dpopAlgorithms !== undefined) {
    if (props.dpopAlgorithms.length === 0) problems.add('dpopAlgorithms', 'must list at least one algorithm');
    for (const alg of props.dpopAlgorithms) {
      if (!(SUPPORTED_ALGORITHMS as readonly string[]).includes(alg)) problems.add('dpopAlgorithms', `"${alg}" is not one of ${SUPPORTED_ALGORITHMS.join(', ')} (asymmetric only)`);
    }
  }
  if (props.publicBaseUrl !== undefined) problems.addAll('publicBaseUrl', endpointProblems(props.publicBaseUrl, false));
  const ttl = props.resultsCacheTtl;
  if (props.senderConstrainedTokens && ttl !== undefined && !ttl.isUnresolved() && ttl.toSeconds() > 0) {
    problems.add('senderConstrainedTokens, resultsCacheTtl', 'conflict: API Gateway would answer a replayed DPoP proof (or another certificate) from its result cache; leave resultsCacheTtl unset or 0');
  }
  if (!props.senderConstrainedTokens) {
    for (const [prop, value] of Object.entries({ dpopAlgorithms: props.dpopAlgorithms, dpopProofWindow: props.dpopProofWindow, publicBaseUrl: props.publicBaseUrl })) {
      if (value !== undefined) problems.add(prop, 'applies only with senderConstrainedTokens: true');
    }
  }
}

/** The result cache TTL the authorizers get: none when bound tokens are accepted. */
export function resultsCacheTtlFor(props: SenderConstraintOptions, requested: Duration): Duration {
  return props.senderConstrainedTokens ? Duration.seconds(0) : requested;
}

/** What these props add to the function's environment. */
export function senderConstraintSettings(props: SenderConstraintOptions): Partial<AuthorizerSettings> {
  if (!props.senderConstrainedTokens) return {};
  return {
    senderConstrained: true,
    dpopAlgorithms: props.dpopAlgorithms,
    dpopProofWindowSeconds: props.dpopProofWindow?.toSeconds(),
    publicBaseUrl: props.publicBaseUrl,
  };
}

