// The authorizer's settings as the gateway passes them on: the user's, with what the gateway's own
// resources imply. Validation and construction both read this, so the environment measured at synth is
// the one the function gets.
import { MutualTlsDomain, type MutualTlsDomainOptions } from '../mutual-tls-domain';
import type { GatewayAuthorizationOptions, GatewayCommonProps } from './gateway-options';

/** `props.mutualTls`: either gateway's (REST or HTTP API). */
export function gatewayAuthorization(props: GatewayCommonProps & { readonly mutualTls?: MutualTlsDomainOptions }): GatewayAuthorizationOptions {
  const authorization = props.authorization;
  // Behind the mutual TLS domain, callers (and their DPoP proofs' htu) use the domain's URL.
  if (!authorization.senderConstrainedTokens || !props.mutualTls || authorization.publicBaseUrl !== undefined) return authorization;
  return { ...authorization, publicBaseUrl: MutualTlsDomain.publicBaseUrlOf(props.mutualTls) };
}
