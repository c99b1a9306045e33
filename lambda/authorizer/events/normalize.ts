// Event adapters: REST API REQUEST, REST API TOKEN and HTTP API 2.0 events become one NormalizedRequest.
// Which route is meant comes from the resource template when the event has one (REQUEST: `resource`;
// HTTP API: `routeKey`), matched exactly, else from the method ARN's concrete path (all a TOKEN event
// carries). The HTTP API `$default` route names none (see fromHttpApi).
import type {
  APIGatewayRequestAuthorizerEvent,
  APIGatewayRequestAuthorizerEventV2,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import { authorizationHeaderValues } from '../../shared/authorization-header';
import { ConfigError } from '../../shared/errors';
import { httpApiEvidence, restEvidence } from '../sender-constraint/request-evidence';
import type { AuthorizerEvent, NormalizedRequest } from '../types';

export function normalizeEvent(event: AuthorizerEvent): NormalizedRequest {
  if (event && (event as APIGatewayRequestAuthorizerEventV2).version === '2.0') return fromHttpApi(event as APIGatewayRequestAuthorizerEventV2);
  if (event?.type === 'TOKEN') return fromTokenEvent(event as APIGatewayTokenAuthorizerEvent);
  if (event?.type === 'REQUEST') return fromRequestEvent(event as APIGatewayRequestAuthorizerEvent);
  throw new ConfigError('event', 'is not an API Gateway REQUEST, TOKEN or HTTP API 2.0 authorizer event');
}

function fromRequestEvent(event: APIGatewayRequestAuthorizerEvent): NormalizedRequest {
  const fromArn = splitMethodArn(event.methodArn);
  const multi = authorizationHeaderValues(event.multiValueHeaders);
  return {
    kind: 'rest-request',
    authorization: multi.length > 0 ? multi : authorizationHeaderValues(event.headers),
    method: event.httpMethod ?? fromArn.method,
    path: event.resource ?? event.path ?? fromArn.path,
    routeBy: event.resource === undefined ? 'concrete' : 'template',
    methodArn: event.methodArn,
    requestId: event.requestContext?.requestId,
    sender: () => restEvidence(event),
  };
}

function fromTokenEvent(event: APIGatewayTokenAuthorizerEvent): NormalizedRequest {
  const fromArn = splitMethodArn(event.methodArn);
  return {
    kind: 'rest-token',
    // API Gateway answers 401 itself when the identity source is missing; an empty value still counts.
    authorization: typeof event.authorizationToken === 'string' ? [event.authorizationToken] : [],
    method: fromArn.method,
    path: fromArn.path,
    routeBy: 'concrete',
    methodArn: event.methodArn,
  };
}

function fromHttpApi(event: APIGatewayRequestAuthorizerEventV2): NormalizedRequest {
  const routeKey = event.routeKey ?? '$default';
  const space = routeKey.indexOf(' ');
  const templated = routeKey !== '$default' && space > 0;
  return {
    kind: 'http-v2',
    // HTTP API joins repeated headers with commas, which Bearer parsing rejects.
    authorization: authorizationHeaderValues(event.headers),
    method: templated ? routeKey.slice(0, space) : event.requestContext?.http?.method ?? '',
    path: templated ? routeKey.slice(space + 1) : event.rawPath ?? '/',
    // API Gateway keys its cache on the route key, and `$default` is one key for every path: an answer
    // judged by this request's path would be reused on paths with other rules.
    routeBy: templated ? 'template' : 'none',
    methodArn: event.routeArn,
    requestId: event.requestContext?.requestId,
    sender: () => httpApiEvidence(event),
  };
}

/** `arn:aws:execute-api:<region>:<account>:<api>/<stage>/<METHOD>/<path>` */
export function splitMethodArn(methodArn: string): { base: string; method: string; path: string } {
  // Same result as splitting on every `/`, without the array and the join on the per-request path.
  const arn = methodArn ?? '';
  const stage = arn.indexOf('/');
  const method = stage < 0 ? -1 : arn.indexOf('/', stage + 1);
  if (method < 0) throw new ConfigError('methodArn', `"${methodArn}" is not an execute-api method ARN`);
  const path = arn.indexOf('/', method + 1);
  return {
    base: arn.slice(0, method),
    method: path < 0 ? arn.slice(method + 1) : arn.slice(method + 1, path),
    path: path < 0 ? '/' : `/${arn.slice(path + 1)}`,
  };
}
