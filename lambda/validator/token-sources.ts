// Where the JWT is taken from is configuration, never a guess: only the configured sources are read,
// in the configured order, and the first one present wins.
//  - authorizer-context: what our Lambda authorizer put under context key `jwt`
//    (REST: requestContext.authorizer.jwt; HTTP API 2.0: requestContext.authorizer.lambda.jwt).
//  - authorization-header: `Authorization: Bearer <jwt>` (RFC 6750 §2.1), for HTTP backends.
import type { TokenSource } from '../shared/config';
import { authorizationHeaderValues, type HeaderMap } from '../shared/authorization-header';
import { bearerToken } from '../shared/bearer';
import { AUTHORIZER_CONTEXT } from '../shared/env-names';
import { TokenError } from '../shared/errors';
import type { ApiGatewayProxyEvent } from './api-event';

function fromAuthorizerContext(event: ApiGatewayProxyEvent): string | undefined {
  const authorizer = (event.requestContext as { authorizer?: Record<string, unknown> } | undefined)?.authorizer;
  if (!authorizer || typeof authorizer !== 'object') return undefined;
  const lambda = authorizer.lambda as Record<string, unknown> | undefined;
  const value = lambda && typeof lambda === 'object' ? lambda[AUTHORIZER_CONTEXT.jwt] : authorizer[AUTHORIZER_CONTEXT.jwt];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * The one Authorization value, or undefined. More than one (two spellings of the name in `headers`,
 * several values in a REST event's `multiValueHeaders`, or the two maps disagreeing) is refused, as the
 * authorizer refuses it: the handler must never see another header than the one that was verified.
 */
function authorizationHeader(event: ApiGatewayProxyEvent): string | undefined {
  const single = authorizationHeaderValues(event.headers);
  const multi = authorizationHeaderValues((event as { multiValueHeaders?: HeaderMap }).multiValueHeaders);
  if (single.length > 1 || multi.length > 1 || (single.length === 1 && multi.length === 1 && single[0] !== multi[0])) {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'more than one Authorization header was sent', { source: 'authorization-header' });
  }
  return single[0] ?? multi[0];
}

function fromAuthorizationHeader(event: ApiGatewayProxyEvent): string | undefined {
  const header = authorizationHeader(event);
  if (header === undefined || header.length === 0) return undefined;
  return bearerToken(header);
}

/** The JWT from the first configured source that carries one; ERR_TOKEN_MISSING when none does. */
export function extractToken(event: ApiGatewayProxyEvent, sources: readonly TokenSource[]): string {
  for (const source of sources) {
    const token = source === 'authorizer-context' ? fromAuthorizerContext(event) : fromAuthorizationHeader(event);
    if (token !== undefined) return token;
  }
  throw new TokenError('ERR_TOKEN_MISSING', 'no access token was sent', { sources: [...sources] });
}
