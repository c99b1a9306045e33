// The pieces the REQUEST authorizer event and the Lambda proxy event share, built as API Gateway builds
// them for a REST API: single-value maps keep the last value, multi-value maps keep all; empty maps are
// null; the request context carries the stage, resource path and caller identity.
import type { RouteRule } from '../../lambda/shared/routes';
import { pathSegments } from '../../lambda/shared/routes';
import type { GatewayRequest } from './gateway-request';
import type { ApiIdentity } from './method-arn';
import type { ProxyEvent } from './lambda-shapes';

type SingleValues = Record<string, string>;
type MultiValues = Record<string, string[]>;

export function valueMaps(pairs: Iterable<readonly [string, string]>): { single: SingleValues | null; multi: MultiValues | null } {
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

/** `{id}` and `{proxy+}` values from the concrete path, or null when the resource has none. */
export function pathParameters(route: RouteRule, path: string): SingleValues | null {
  const template = pathSegments(route.path);
  const concrete = pathSegments(path);
  const parameters: SingleValues = {};
  template.forEach((segment, index) => {
    const greedy = /^\{(.+)\+\}$/.exec(segment);
    if (greedy) parameters[greedy[1]] = concrete.slice(index).join('/');
    else if (segment.startsWith('{')) parameters[segment.slice(1, -1)] = concrete[index];
  });
  return Object.keys(parameters).length > 0 ? parameters : null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `$context.requestTime`: CLF format, e.g. `09/Apr/2015:12:34:56 +0000`. */
export function requestTime(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

export function requestContext(api: ApiIdentity, request: GatewayRequest, route: RouteRule, host: string): ProxyEvent['requestContext'] {
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
