// The Lambda proxy integration event (payload format 1.0) for a REST API. `requestContext.authorizer`
// carries the authorizer's context values (as strings, as a REST API delivers them) and its principalId.
//
// The caller's opaque token never reaches the service: the Authorization header is replaced with the
// authorizer's `Bearer <jwt>` (or removed when there is none). A deployed REST API cannot rewrite headers
// for a proxy integration, which is why the services read the JWT from the authorizer context by default.
import { AUTHORIZER_CONTEXT } from '../../lambda/shared/env-names';
import type { RouteRule } from '../../lambda/shared/routes';
import type { EventSettings } from './authorizer-event';
import { pathParameters, requestContext, valueMaps } from './event-parts';
import type { GatewayRequest } from './gateway-request';
import type { AuthorizerResult, ProxyEvent } from './lambda-shapes';

export function proxyEvent(
  request: GatewayRequest,
  route: RouteRule,
  settings: EventSettings,
  authorization: AuthorizerResult | undefined,
  identitySourceHeaders: readonly string[],
): ProxyEvent {
  const headerPairs = authorization
    ? forwardedHeaders(request.headerPairs, authorization, identitySourceHeaders)
    : request.headerPairs;
  const headers = valueMaps(headerPairs);
  const query = valueMaps(request.query.entries());
  const context = requestContext(settings.api, request, route, settings.host);
  return {
    resource: route.path,
    path: request.path,
    httpMethod: request.method,
    headers: headers.single ?? {},
    multiValueHeaders: headers.multi ?? {},
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters: pathParameters(route, request.path),
    stageVariables: settings.stageVariables ? { ...settings.stageVariables } : null,
    requestContext: { ...context, authorizer: authorization ? authorizerFields(authorization) : undefined },
    body: request.body.length > 0 ? request.body.toString('utf8') : null,
    isBase64Encoded: false,
  };
}

/** A REST API stringifies context values and adds the principal id. */
function authorizerFields(result: AuthorizerResult): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(result.context ?? {})) {
    if (value !== undefined && value !== null) fields[key] = String(value);
  }
  fields.principalId = result.principalId;
  return fields;
}

/** Drops the identity sources (they hold the opaque token) and maps the JWT into Authorization. */
function forwardedHeaders(
  pairs: GatewayRequest['headerPairs'],
  result: AuthorizerResult,
  identitySourceHeaders: readonly string[],
): Array<readonly [string, string]> {
  const dropped = new Set([...identitySourceHeaders, 'authorization'].map((name) => name.toLowerCase()));
  const kept = pairs.filter(([name]) => !dropped.has(name.toLowerCase()));
  const bearer = result.context?.[AUTHORIZER_CONTEXT.authorization];
  if (typeof bearer === 'string' && bearer.length > 0) kept.push(['Authorization', bearer]);
  return kept;
}
