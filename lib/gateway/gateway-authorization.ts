// The authorizer's settings as the gateway passes them on: the user's, with what the gateway's own
// resources imply. Validation and construction both read this, so the environment measured at synth is
// the one the function gets.
import { MutualTlsDomain } from '../mutual-tls-domain';
import { GatewayAuthorizationOptions, GatewayCommonProps, PhantomTokenGatewayProps } from './gateway-options';

/** `props.mutualTls`: the REST gateway's only (an HTTP API gateway has none). */
export function gatewayAuthorization(props: GatewayCommonProps & Pick<PhantomTokenGatewayProps, 'mutualTls'>): GatewayAuthorizationOptions {
  const authorization = props.authorization;
  // Behind the mutual TLS domain, callers (and their DPoP proofs' htu) use the domain's URL.
  if (!authorization.senderConstrainedTokens || !props.mutualTls || authorization.publicBaseUrl !== undefined) return authorization;
  return { ...authorization, publicBaseUrl: MutualTlsDomain.publicBaseUrlOf(props.mutualTls) };
}
