// The one place a validator failure becomes an HTTP answer (RFC 6750 §3):
//  401 + `WWW-Authenticate: Bearer` with no error code when no token was sent,
//  401 + `Bearer error="invalid_token"` for a bad token,
//  403 + `Bearer error="insufficient_scope", scope="..."` when a scope is missing,
//  403 for claim and policy refusals, 404 when the resource a policy needs does not exist,
//  503 + Retry-After when the JWKS cannot be fetched or a policy engine cannot decide, 500 otherwise.
// The body names the failure by its stable code and never echoes the token; with no token it carries no
// `error` either (RFC 6750 §3.1: no error code when the request had no authentication information).
import { RETRY_AFTER_SECONDS } from '../shared/gateway-responses';
import type { PhantomTokenError } from '../shared/errors';
import type { ApiGatewayProxyResult } from './api-event';

const JSON_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } as const;

/** RFC 6750 auth-param values are quoted strings: no quotes, backslashes or control characters. */
function quoted(value: string): string {
  return `"${value.replace(/[\\"\x00-\x1f\x7f]/g, '')}"`;
}

function answer(statusCode: number, error: string | undefined, cause: PhantomTokenError, headers: Record<string, string>, description = cause.message): ApiGatewayProxyResult {
  return {
    statusCode,
    headers: { ...JSON_HEADERS, ...headers },
    body: JSON.stringify({ ...(error === undefined ? {} : { error }), error_description: description, code: cause.code }),
  };
}

export function errorResponse(error: PhantomTokenError): ApiGatewayProxyResult {
  switch (error.status) {
    case 401: {
      if (error.code === 'ERR_TOKEN_MISSING') return answer(401, undefined, error, { 'WWW-Authenticate': 'Bearer' });
      return answer(401, 'invalid_token', error, {
        'WWW-Authenticate': `Bearer error="invalid_token", error_description=${quoted(error.message)}`,
      });
    }
    case 403: {
      if (error.code === 'ERR_SCOPE_INSUFFICIENT') {
        const scope = String(error.detail.required ?? '');
        return answer(403, 'insufficient_scope', error, { 'WWW-Authenticate': `Bearer error="insufficient_scope", scope=${quoted(scope)}` });
      }
      return answer(403, 'access_denied', error, {});
    }
    case 404:
      return answer(404, 'not_found', error, {});
    case 503:
      return answer(503, 'temporarily_unavailable', error, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
    default:
      // Configuration and internal faults: say that it failed, not why.
      return answer(500, 'server_error', error, {}, 'the service could not process the request');
  }
}
