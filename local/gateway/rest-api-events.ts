// The events a REST API sends, built as API Gateway builds them: the REQUEST authorizer's event and the
// Lambda proxy integration's event (payload format 1.0). Both share the value maps (single-value maps keep
// the last value, multi-value maps keep all; empty maps are null) and the request context (stage,
// resource path, caller identity). Types come from @types/aws-lambda so a handler written for the
// deployed API type-checks against the local one unchanged.
//
// The caller's opaque token never reaches the service: the proxy event's Authorization header is replaced
// with the authorizer's `Bearer <jwt>` (or removed when there is none). A deployed REST API cannot rewrite
// headers for a proxy integration, which is why the services read the JWT from the authorizer context by
// default.
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  APIGatewayRequestAuthorizerEvent,
} from 'aws-lambda';
import { AUTHORIZER_CONTEXT } from '../../lambda/shared/env-names';
import type { RouteRule } from '../../lambda/shared/routes';
import { pathParameters, type GatewayRequest } from './gateway-request';
import type { LambdaContext } from './lambda-invocation';
import { methodArn, type ApiIdentity } from './local-api';

export type AuthorizerEvent = APIGatewayRequestAuthorizerEvent;
export type AuthorizerResult = APIGatewayAuthorizerResult;
export type ProxyEvent = APIGatewayProxyEvent;
export type ProxyResult = APIGatewayProxyResult;

/**
 * A REQUEST authorizer: resolves a policy (an AuthorizerResult), rejects with Error('Unauthorized') for a
 * 401, anything else for a failure. The result is typed loosely because, as in API Gateway, its shape is
 * checked when it arrives (a handler that can also answer other event kinds fits as it is).
 */
export type RequestAuthorizer = (event: AuthorizerEvent, context: LambdaContext) => Promise<unknown>;

/** A Lambda proxy integration. */
export type ProxyHandler = (event: ProxyEvent, context: LambdaContext) => Promise<ProxyResult>;

export interface EventSettings {
  readonly api: ApiIdentity;
  readonly stageVariables: Readonly<Record<string, string>> | null;
  /** The Host the caller used, for `requestContext.domainName`. */
  readonly host: string;
}

/**
 * The REQUEST authorizer's event: the method ARN the policy will be judged against, the resource template
 * and concrete path, every header, query and path parameter, stage variables and the request context
 * (without an `authorizer` field: that is what is being decided).
 */
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

/** The proxy event: `requestContext.authorizer` carries the context values (as strings, as a REST API delivers them) and the principalId. */
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

type SingleValues = Record<string, string>;
type MultiValues = Record<string, string[]>;

function valueMaps(pairs: Iterable<readonly [string, string]>): { single: SingleValues | null; multi: MultiValues | null } {
  const single: SingleValues = {};
  const multi: MultiValues = {};
  let any = false;
  for (const [name, value] of pairs) {
    any = true;
    single[name] = value;
    (multi[name] ??= []).push(value);
  }
  return any ? { single, multi } : { single: null, multi: null };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `$context.requestTime`: CLF format, e.g. `09/Apr/2015:12:34:56 +0000`. */
function requestTime(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

function requestContext(api: ApiIdentity, request: GatewayRequest, route: RouteRule, host: string): ProxyEvent['requestContext'] {
  const userAgent = request.headerPairs.find(([name]) => name.toLowerCase() === 'user-agent')?.[1] ?? null;
  return {
    accountId: api.accountId,
    apiId: api.apiId,
    authorizer: undefined,
    domainName: host,
    domainPrefix: host.split('.')[0].split(':')[0],
    extendedRequestId: request.requestId,
    httpMethod: request.method,
    identity: {
      accessKey: null,
      accountId: null,
      apiKey: null,
      apiKeyId: null,
      caller: null,
      clientCert: (request.clientCert ?? null) as ProxyEvent['requestContext']['identity']['clientCert'],
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: request.sourceIp,
      user: null,
      userAgent,
      userArn: null,
    },
    path: `/${api.stage}${request.path}`,
    protocol: 'HTTP/1.1',
    requestId: request.requestId,
    requestTime: requestTime(request.receivedAt),
    requestTimeEpoch: request.receivedAt.getTime(),
    resourceId: resourceId(route),
    resourcePath: route.path,
    stage: api.stage,
  };
}

/** A stable short id per resource, like the ones API Gateway assigns. */
function resourceId(route: RouteRule): string {
  let hash = 0;
  for (const char of `${route.method} ${route.path}`) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash.toString(36).padStart(6, '0').slice(-6);
}
