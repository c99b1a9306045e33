// RFC 9449 §7.1: where DPoP-bound tokens are accepted, a 401 also challenges with `DPoP algs="..."`,
// alongside `Bearer` (both schemes are accepted). The challenge is static: API Gateway's UNAUTHORIZED
// response carries no per-request value, so `error="invalid_dpop_proof"` (which only a refused proof
// deserves) cannot be added there; the decision line names the exact reason instead.
import { GATEWAY_RESPONSES, type GatewayResponseKind, type GatewayResponseSpec } from './gateway-responses';

export function unauthorizedChallenge(dpopAlgorithms: readonly string[] | undefined): string {
  return dpopAlgorithms && dpopAlgorithms.length > 0 ? `Bearer, DPoP algs="${dpopAlgorithms.join(' ')}"` : 'Bearer';
}

/** The gateway responses, with the DPoP challenge on the 401 when `dpopAlgorithms` is given. */
export function gatewayResponsesFor(dpopAlgorithms: readonly string[] | undefined): Readonly<Record<GatewayResponseKind, GatewayResponseSpec>> {
  if (!dpopAlgorithms || dpopAlgorithms.length === 0) return GATEWAY_RESPONSES;
  const unauthorized = GATEWAY_RESPONSES.UNAUTHORIZED;
  return {
    ...GATEWAY_RESPONSES,
    UNAUTHORIZED: {
      ...unauthorized,
      headers: { ...unauthorized.headers, 'WWW-Authenticate': unauthorizedChallenge(dpopAlgorithms) },
      description: 'A valid access token is required; a DPoP-bound token needs the DPoP scheme and a fresh DPoP proof.',
    },
  };
}
