// What the local gateways write back by themselves, and the one line they log per request. A REST API
// serves the shared gateway responses (exactly what the deployed API serves) and API Gateway's built-in
// answers for an unknown route, a broken integration or a body too large; an HTTP API has no gateway
// responses to customise, so its bodies and status codes are API Gateway's own. A Lambda proxy result is
// turned into the HTTP answer as API Gateway does. The access log's fields are listed so a token, JWT or
// secret cannot slip in.
import type { ServerResponse } from 'node:http';
import { GATEWAY_RESPONSES, gatewayResponseBody, type GatewayResponseKind, type GatewayResponseSpec } from '../../lambda/shared/gateway-responses';
import type { ProxyResult } from './rest-api-events';

export function writeGatewayResponse(
  response: ServerResponse,
  kind: GatewayResponseKind,
  requestId: string,
  responses: Readonly<Record<GatewayResponseKind, GatewayResponseSpec>> = GATEWAY_RESPONSES,
): number {
  const spec = responses[kind];
  writeJson(response, spec.statusCode, gatewayResponseBody(spec), { ...spec.headers, 'x-amzn-ErrorType': errorType(kind) }, requestId);
  return spec.statusCode;
}

/** API Gateway's default for a path or method no resource matches (MISSING_AUTHENTICATION_TOKEN). */
export function writeMissingRoute(response: ServerResponse, requestId: string): number {
  writeJson(response, 403, JSON.stringify({ message: 'Missing Authentication Token' }), { 'x-amzn-ErrorType': 'MissingAuthenticationTokenException' }, requestId);
  return 403;
}

/** API Gateway's answer when a proxy integration throws or returns a malformed result. */
export function writeIntegrationFailure(response: ServerResponse, requestId: string): number {
  writeJson(response, 502, JSON.stringify({ message: 'Internal server error' }), { 'x-amzn-ErrorType': 'InternalServerErrorException' }, requestId);
  return 502;
}

/** API Gateway's answer when the integration outlives its timeout. */
export function writeIntegrationTimeout(response: ServerResponse, requestId: string): number {
  writeJson(response, 504, JSON.stringify({ message: 'Endpoint request timed out' }), {}, requestId);
  return 504;
}

export function writePayloadTooLarge(response: ServerResponse, requestId: string): number {
  writeJson(response, 413, JSON.stringify({ message: 'Request Too Long' }), {}, requestId);
  return 413;
}

function writeJson(response: ServerResponse, status: number, body: string, headers: Record<string, string>, requestId: string): void {
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': requestId,
  });
  response.end(body);
}

function errorType(kind: GatewayResponseKind): string {
  switch (kind) {
    case 'UNAUTHORIZED':
      return 'UnauthorizedException';
    case 'ACCESS_DENIED':
      return 'AccessDeniedException';
    default:
      return 'AuthorizerConfigurationException';
  }
}

// An HTTP API's own answers: a caller of the deployed HTTP API sees exactly these.

export type HttpApiAnswer = 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'AUTHORIZER_FAILURE' | 'INTEGRATION_FAILURE' | 'INTEGRATION_TIMEOUT' | 'TOO_LARGE';

const ANSWERS: Readonly<Record<HttpApiAnswer, { readonly status: number; readonly message: string }>> = {
  /** No identity source, or the authorizer threw `Unauthorized`. */
  UNAUTHORIZED: { status: 401, message: 'Unauthorized' },
  /** The authorizer answered `isAuthorized: false`. */
  FORBIDDEN: { status: 403, message: 'Forbidden' },
  /** No route matches the method and path (and there is no `$default` route). */
  NOT_FOUND: { status: 404, message: 'Not Found' },
  /** The authorizer failed (any other error, a timeout, an invalid answer): the AS being down lands here. */
  AUTHORIZER_FAILURE: { status: 500, message: 'Internal Server Error' },
  /** The Lambda integration threw or answered something that is not a response. */
  INTEGRATION_FAILURE: { status: 500, message: 'Internal Server Error' },
  INTEGRATION_TIMEOUT: { status: 503, message: 'Service Unavailable' },
  TOO_LARGE: { status: 413, message: 'Request Entity Too Large' },
};

export function writeHttpApiAnswer(response: ServerResponse, answer: HttpApiAnswer, requestId: string): number {
  const { status, message } = ANSWERS[answer];
  const body = JSON.stringify({ message });
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'apigw-requestid': requestId });
  response.end(body);
  return status;
}

// A Lambda proxy result: statusCode, headers and multiValueHeaders, a text or base64 body. A result that
// is not of that shape is the caller's 502.

export function proxyResultProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['the result is not an object'];
  const result = value as Partial<ProxyResult>;
  const problems: string[] = [];
  if (!Number.isInteger(result.statusCode) || result.statusCode! < 100 || result.statusCode! > 599) problems.push('statusCode must be an HTTP status');
  if (result.body !== undefined && result.body !== null && typeof result.body !== 'string') problems.push('body must be a string');
  if (result.headers !== undefined && (typeof result.headers !== 'object' || result.headers === null)) problems.push('headers must be an object');
  if (result.multiValueHeaders !== undefined && (typeof result.multiValueHeaders !== 'object' || result.multiValueHeaders === null)) {
    problems.push('multiValueHeaders must be an object');
  }
  return problems;
}

export function writeProxyResult(response: ServerResponse, result: ProxyResult, requestId: string): number {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name] = values.map(String);
  const body = result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  headers['Content-Length'] = String(body.length);
  headers['x-amzn-RequestId'] = requestId;
  response.writeHead(result.statusCode, headers);
  response.end(body);
  return result.statusCode;
}

// The access log: one JSON line per request, saying what was asked, which route answered, how the
// request was authorized and how long each part took.

export type AuthorizationMode = 'cache' | 'authorizer' | 'skipped' | 'off';

export interface AccessRecord {
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  /** `GET /invoices/{id}`, or undefined when no route matched. */
  readonly route?: string;
  readonly status: number;
  readonly authorization: AuthorizationMode;
  /** The gateway response served instead of the integration, if any. */
  readonly gatewayResponse?: GatewayResponseKind | 'MISSING_AUTHENTICATION_TOKEN' | 'INTEGRATION_FAILURE' | 'REQUEST_TOO_LARGE' | HttpApiAnswer;
  readonly reason?: string;
  readonly principalId?: string;
  readonly authorizerMs?: number;
  readonly integrationMs?: number;
  readonly durationMs: number;
}

export type AccessLogSink = (line: string) => void;

export function accessLogLine(record: AccessRecord, time: Date = new Date()): string {
  return JSON.stringify({ level: 'info', time: time.toISOString(), msg: 'access', component: 'local-gateway', ...record });
}

/** The `accessLog` option: a sink, `false` for none, or stdout by default. */
export function accessLogSink(option: AccessLogSink | false | undefined): AccessLogSink | undefined {
  return option === false ? undefined : (option ?? ((line) => process.stdout.write(`${line}\n`)));
}
