// The event API Gateway sends a REST API REQUEST authorizer: the method ARN it will judge the policy
// against, the resource template and concrete path, every header, query and path parameter, stage
// variables and the request context (without an `authorizer` field: that is what is being decided).
import type { RouteRule } from '../../lambda/shared/routes';
import { pathParameters, requestContext, valueMaps } from './event-parts';
import type { GatewayRequest } from './gateway-request';
import type { AuthorizerEvent } from './lambda-shapes';
import { ApiIdentity, methodArn } from './method-arn';

export interface EventSettings {
  readonly api: ApiIdentity;
  readonly stageVariables: Readonly<Record<string, string>> | null;
  /** The Host the caller used, for `requestContext.domainName`. */
  readonly host: string;
}

export function authorizerEvent(request: GatewayRequest, route: RouteRule, settings: EventSettings): AuthorizerEvent {
  const headers = valueMaps(request.headerPairs);
  const query = valueMaps(request.query.entries());
  const { authorizer: _notYetDecided, ...context } = requestContext(settings.api, request, route, settings.host);
  return {
    type: 'REQUEST',
    methodArn: methodArn(settings.api, request.method, request.path),
    resource: route.path,
    path: request.path,
    httpMethod: request.method,
    headers: headers.single,
    multiValueHeaders: headers.multi,
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters: pathParameters(route, request.path),
    stageVariables: settings.stageVariables ? { ...settings.stageVariables } : null,
    requestContext: context as AuthorizerEvent['requestContext'],
  };
}
