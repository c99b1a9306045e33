// The gateway's own answers (API Gateway "gateway responses"): what a caller sees when the authorizer
// refuses or fails. The constructs deploy exactly these and the local gateway serves exactly these.

export type GatewayResponseKind =
  | 'UNAUTHORIZED'
  | 'ACCESS_DENIED'
  | 'AUTHORIZER_FAILURE'
  | 'AUTHORIZER_CONFIGURATION_ERROR';

export interface GatewayResponseSpec {
  readonly kind: GatewayResponseKind;
  readonly statusCode: number;
  /** Literal header values (the constructs quote them for API Gateway). */
  readonly headers: Readonly<Record<string, string>>;
  /** RFC 6749-style error code in the JSON body. */
  readonly error: string;
  readonly description: string;
}

/** Seconds a caller should wait before retrying when the authorization server is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

const unavailable = (kind: GatewayResponseKind): GatewayResponseSpec => ({
  kind,
  statusCode: 503,
  headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
  error: 'temporarily_unavailable',
  description: 'The authorization server is unavailable; retry later.',
});

export const GATEWAY_RESPONSES: Readonly<Record<GatewayResponseKind, GatewayResponseSpec>> = {
  // RFC 6750 §3: a challenge on every 401. API Gateway cannot tell "no token" from "bad token" here,
  // and a bare `Bearer` challenge is correct for both.
  UNAUTHORIZED: {
    kind: 'UNAUTHORIZED',
    statusCode: 401,
    headers: { 'WWW-Authenticate': 'Bearer' },
    error: 'invalid_token',
    description: 'A valid access token is required.',
  },
  ACCESS_DENIED: {
    kind: 'ACCESS_DENIED',
    statusCode: 403,
    headers: { 'WWW-Authenticate': 'Bearer error="insufficient_scope"' },
    error: 'insufficient_scope',
    description: 'The access token does not grant access to this route.',
  },
  // The authorizer throws a non-"Unauthorized" error when the AS is down, slow or broken. AWS's docs do
  // not say which of these two types API Gateway then uses (field reports say the configuration error,
  // as for a timed-out or crashed authorizer), so both get the same 503 answer.
  AUTHORIZER_FAILURE: unavailable('AUTHORIZER_FAILURE'),
  AUTHORIZER_CONFIGURATION_ERROR: unavailable('AUTHORIZER_CONFIGURATION_ERROR'),
};

/** The JSON body both the deployed and the local gateway send. */
export function gatewayResponseBody(spec: GatewayResponseSpec): string {
  return JSON.stringify({ error: spec.error, error_description: spec.description });
}

/** The message an authorizer throws for a 401 (API Gateway matches this exact string). */
export const UNAUTHORIZED_MESSAGE = 'Unauthorized';
