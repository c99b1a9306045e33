// The gateway's access log: one JSON line per request. API Gateway can only log what `$context` holds;
// the fields below name neither the Authorization header nor the authorizer's `jwt`/`authorization`
// context values, so neither the opaque token nor the JWT ever lands in the log.
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { AUTHORIZER_CONTEXT } from '../lambda/shared/env-names';

const ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  responseType: '$context.error.responseType',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  authorizerStatus: '$context.authorizer.status',
  authorizerLatency: '$context.authorizer.latency',
  authorizerError: '$context.authorizer.error',
  sub: '$context.authorizer.sub',
  clientId: '$context.authorizer.client_id',
};

// An HTTP API's `$context` names some things differently (`routeKey`, `path`, no `resourcePath` or
// authorizer status); the same rule holds: no header, no token context value.
const HTTP_API_ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  errorMessage: '$context.error.message',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  sub: '$context.authorizer.sub',
  clientId: '$context.authorizer.client_id',
};

/** The gateway's access log: its format, and the fields it holds. */
export class PhantomTokenAccessLog {
  /** The JSON fields of each line, by name: `$context` references only, never a token or a header. */
  public static readonly FIELDS: { [name: string]: string } = { ...ACCESS_LOG_FIELDS };

  /** The access log format the gateway uses (one JSON line per request). */
  public static format(): apigateway.AccessLogFormat {
    return apigateway.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS));
  }

  /** The JSON fields of each line of an HTTP API's access log (`PhantomTokenHttpGateway`). */
  public static readonly HTTP_API_FIELDS: { [name: string]: string } = { ...HTTP_API_ACCESS_LOG_FIELDS };

  /** The access log format the HTTP API gateway uses (one JSON line per request). */
  public static httpApiFormat(): apigateway.AccessLogFormat {
    return apigateway.AccessLogFormat.custom(JSON.stringify(HTTP_API_ACCESS_LOG_FIELDS));
  }

  private constructor() {}
}

/** Authorizer context keys whose values carry a token: the JWT, and `Bearer <jwt>`. */
export const TOKEN_CONTEXT_KEYS: readonly string[] = [AUTHORIZER_CONTEXT.jwt, AUTHORIZER_CONTEXT.authorization];

/**
 * Why a user's access log format would write a token to the log, or undefined when it would not.
 *
 * A deliberately simple look at every `$` reference in the format string (`$context.x`, `$!{context.x}`,
 * `$input.params('x')`), not a VTL parser. A reference is refused when it is `$context.authorizer.<key>`
 * for a key in TOKEN_CONTEXT_KEYS, when it reads request headers or parameters (`$input.*`,
 * `$method.request.*`, `$context.requestOverride.header.*`), or when it names an Authorization header
 * under any syntax. Plain text is not judged: a JSON key called "authorization" logs nothing. A false
 * refusal costs a renamed field; a missed one puts bearer credentials in CloudWatch Logs.
 */
export function accessLogFormatProblem(format: string): string | undefined {
  const refused = new Set<string>();
  for (const [, quiet = '', open = '', rawName, args = '', close = ''] of format.matchAll(/\$(!?)(\{?)([A-Za-z][\w.-]*)(\([^)]*\))?(\}?)/g)) {
    const name = rawName.replace(/\.+$/, ''); // a sentence's full stop is not part of the reference
    const reference = `$${quiet}${open}${name}${args}${open ? close : ''}`;
    const lower = name.toLowerCase();
    const tokenKey = TOKEN_CONTEXT_KEYS.some((key) => lower === `context.authorizer.${key.toLowerCase()}`);
    const requestData = /^(input\.|method\.request\.|context\.requestoverride\.header)/.test(lower);
    if (tokenKey || requestData || /authorization/i.test(name + args)) refused.add(reference);
  }
  if (refused.size === 0) return undefined;
  return `must not log a token: ${[...refused].join(', ')} would write the JWT, the opaque token or request headers to the access log (the authorizer's ${TOKEN_CONTEXT_KEYS.join(' and ')} context values carry the JWT)`;
}
