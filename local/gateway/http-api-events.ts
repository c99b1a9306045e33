// The events an HTTP API (payload format 2.0) sends: the Lambda REQUEST authorizer's event and the Lambda
// proxy event, built as API Gateway builds them: header names lower-cased and repeated values joined
// with commas, cookies apart, one query string value per name (commas again), the route key, and the
// `$default` stage. The proxy event carries the authorizer's context as it was returned, under
// `requestContext.authorizer.lambda`. Unlike the REST emulation nothing is rewritten: an HTTP API passes
// the client's Authorization header on to the integration as it came.
import type { APIGatewayEventRequestContextV2, APIGatewayProxyEventV2WithLambdaAuthorizer, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import type { RouteRule } from '../../lambda/shared/routes';
import { pathParameters, type GatewayRequest } from './gateway-request';
import { methodArn, routeKey, type ApiIdentity } from './local-api';

export type HttpAuthorizerEvent = APIGatewayRequestAuthorizerEventV2;
export type HttpAuthorizerContext = Record<string, unknown>;
export type HttpProxyEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<HttpAuthorizerContext>;

export interface HttpEventSettings {
  /** The API's identity; its stage is `$default` unless given. */
  readonly api: ApiIdentity;
  readonly stageVariables: Readonly<Record<string, string>> | null;
  readonly host: string;
}

/** What both events share: the request as HTTP API hands it on. */
function requestParts(request: GatewayRequest, route: RouteRule, settings: HttpEventSettings) {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [rawName, value] of request.headerPairs) {
    const name = rawName.toLowerCase();
    if (name === 'cookie') cookies.push(...value.split(/;\s*/).filter(Boolean));
    else headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of request.query.entries()) query[name] = name in query ? `${query[name]},${value}` : value;
  const key = routeKey(route);
  const requestContext: APIGatewayEventRequestContextV2 = {
    accountId: settings.api.accountId,
    apiId: settings.api.apiId,
    domainName: settings.host,
    domainPrefix: settings.host.split('.')[0].split(':')[0],
    http: { method: request.method, path: request.path, protocol: 'HTTP/1.1', sourceIp: request.sourceIp, userAgent: headers['user-agent'] ?? '' },
    requestId: request.requestId,
    routeKey: key,
    stage: settings.api.stage,
    time: request.receivedAt.toISOString(),
    timeEpoch: request.receivedAt.getTime(),
  };
  return {
    version: '2.0',
    routeKey: key,
    rawPath: request.path,
    rawQueryString: request.query.toString(),
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(pathParameters(route, request.path) ? { pathParameters: pathParameters(route, request.path)! } : {}),
    ...(settings.stageVariables ? { stageVariables: { ...settings.stageVariables } } : {}),
    requestContext,
  };
}

/** The authorizer's event; `identitySource` holds the values of the identity sources, in their order. */
export function httpAuthorizerEvent(request: GatewayRequest, route: RouteRule, settings: HttpEventSettings, identitySource: readonly string[]): HttpAuthorizerEvent {
  const parts = requestParts(request, route, settings);
  return {
    ...parts,
    type: 'REQUEST',
    routeArn: methodArn(settings.api, request.method, request.path),
    identitySource: [...identitySource],
    cookies: parts.cookies ?? [],
  };
}

/** The integration's event, with the authorizer's context (absent on a route without authorization). */
export function httpProxyEvent(request: GatewayRequest, route: RouteRule, settings: HttpEventSettings, authorizerContext: HttpAuthorizerContext | undefined): HttpProxyEvent {
  const isText = request.body.length === 0 || isUtf8Text(request);
  const parts = requestParts(request, route, settings);
  return {
    ...parts,
    requestContext: authorizerContext ? { ...parts.requestContext, authorizer: { lambda: authorizerContext } } : parts.requestContext,
    ...(request.body.length > 0 ? { body: request.body.toString(isText ? 'utf8' : 'base64') } : {}),
    isBase64Encoded: !isText,
  } as HttpProxyEvent;
}

/** HTTP API sends text bodies as they are and everything else base64-encoded. */
function isUtf8Text(request: GatewayRequest): boolean {
  const type = request.headerPairs.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  return type === '' || /^(text\/|application\/(json|xml|x-www-form-urlencoded|[\w.+-]+\+(json|xml)))/i.test(type);
}
