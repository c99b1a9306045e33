// An HTTP server that behaves like the PhantomTokenHttpGateway's deployed HTTP API: named routes only
// (anything else is 404), the Lambda REQUEST authorizer with payload 2.0 events and simple responses,
// Lambda proxy integrations with payload 2.0 events (the authorizer's context under
// `requestContext.authorizer.lambda`), and HTTP API's own answers.
//
// Its authorization step, with the construct's authorizer: identity sources are the Authorization header
// and `$context.routeKey`. A missing header is a 401 without calling the authorizer; an answer is cached
// (allowed or not) under both values, so it serves one route only; the authorizer throwing `Unauthorized`
// is a 401, `isAuthorized: false` a 403, and any other failure a 500.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { DEFAULT_AUTHORIZER_TIMEOUT_SECONDS, DEFAULT_RESULTS_CACHE_TTL_SECONDS, HTTP_API_STAGE_NAME, IDENTITY_SOURCE_HEADER } from '../../lambda/shared/gateway-defaults';
import { UNAUTHORIZED_MESSAGE } from '../../lambda/shared/gateway-responses';
import { matchRoute, type RouteRule } from '../../lambda/shared/routes';
import { close, listen } from '../listen';
import { accessLogLine, accessLogSink, proxyResultProblems, writeHttpApiAnswer, writeProxyResult, type AccessLogSink, type AccessRecord, type HttpApiAnswer } from './answers';
import { AuthorizerResultCache, identityCacheKey, type AuthorizationSource } from './authorizer-result-cache';
import { headerValue, PayloadTooLargeError, readGatewayRequest, type GatewayRequest } from './gateway-request';
import { httpAuthorizerEvent, httpProxyEvent, type HttpAuthorizerContext, type HttpAuthorizerEvent, type HttpEventSettings, type HttpProxyEvent } from './http-api-events';
import { InvocationTimeoutError, lambdaContext, withTimeout, type LambdaContext } from './lambda-invocation';
import { gatewayOptionProblems, LOCAL_API_IDENTITY, routeKey, type LocalGateway } from './local-api';
import type { LocalGatewayOptions } from './rest-api-gateway';
import type { ProxyResult } from './rest-api-events';

/** API Gateway's integration timeout for an HTTP API (the constructs leave it as it is). */
const INTEGRATION_TIMEOUT_MS = 30_000;

/** HTTP API lower-cases header names; its identity source is this header. */
const IDENTITY_HEADER = IDENTITY_SOURCE_HEADER.toLowerCase();

/** The kinds of API local mode serves: a REST API (PhantomTokenGateway) or an HTTP API (PhantomTokenHttpGateway). */
export const LOCAL_API_KINDS = ['rest', 'http'] as const;
export type LocalApiKind = (typeof LOCAL_API_KINDS)[number];

/** The options both local gateways share; an HTTP API's authorizer identity sources are fixed (header + route key). */
export type LocalHttpApiOptions = Pick<
  LocalGatewayOptions,
  'port' | 'host' | 'routes' | 'services' | 'authorizer' | 'resultsCacheTtlSeconds' | 'authorizerTimeoutMs' | 'integrationTimeoutMs' | 'unauthenticatedRoutes' | 'api' | 'stageVariables' | 'accessLog'
>;

/** A payload 2.0 Lambda proxy handler (the validator's handlers answer both payload versions). */
type HttpProxyHandler = (event: HttpProxyEvent, context: LambdaContext) => Promise<unknown>;

export async function startLocalHttpApi(options: LocalHttpApiOptions): Promise<LocalGateway> {
  const gateway = new HttpApiPipeline(options);
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => void gateway.serve(request, response));
  server.keepAliveTimeout = 5_000;
  const port = await listen(server, options.port ?? 3000, host);
  return { url: `http://${host}:${port}`, port, cachesPerRoute: true, clearAuthorizerCache: () => gateway.cache.clear(), stop: () => close(server) };
}

type AccessFields = Omit<AccessRecord, 'durationMs'>;

class HttpApiPipeline {
  readonly cache: AuthorizerResultCache<SimpleAuthorizerResult>;
  private readonly open: ReadonlySet<string>;
  private readonly step?: HttpAuthorizationStep;
  private readonly settings: Omit<HttpEventSettings, 'host'>;
  private readonly integrationTimeoutMs: number;
  private readonly log: AccessLogSink | undefined;

  constructor(private readonly options: LocalHttpApiOptions) {
    const problems = gatewayOptionProblems(options);
    if (problems.length > 0) throw new Error(`startLocalHttpApi: ${problems.join('; ')}`);
    this.open = new Set(options.unauthenticatedRoutes ?? []);
    this.settings = { api: { ...LOCAL_API_IDENTITY, stage: HTTP_API_STAGE_NAME, ...options.api }, stageVariables: options.stageVariables ?? null };
    this.integrationTimeoutMs = options.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS;
    this.cache = new AuthorizerResultCache<SimpleAuthorizerResult>(options.resultsCacheTtlSeconds ?? DEFAULT_RESULTS_CACHE_TTL_SECONDS);
    if (options.authorizer) {
      // The phantom token authorizer answers payload 2.0 events itself; only the declared event type differs.
      this.step = { authorizer: options.authorizer as unknown as HttpRequestAuthorizer, cache: this.cache, timeoutMs: options.authorizerTimeoutMs ?? DEFAULT_AUTHORIZER_TIMEOUT_SECONDS * 1000 };
    }
    this.log = accessLogSink(options.accessLog);
  }

  async serve(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    let record: AccessFields;
    let request: GatewayRequest | undefined;
    try {
      request = await readGatewayRequest(incoming);
      record = await this.handle(request, incoming.headers.host ?? '127.0.0.1', response);
    } catch (error) {
      const requestId = request?.requestId ?? 'unread';
      const answer = error instanceof PayloadTooLargeError ? 'TOO_LARGE' : 'INTEGRATION_FAILURE';
      const status = response.headersSent ? response.statusCode : writeHttpApiAnswer(response, answer, requestId);
      record = { requestId, method: incoming.method ?? 'GET', path: request?.path ?? incoming.url ?? '/', status, authorization: 'skipped', gatewayResponse: answer, reason: (error as Error).message };
    }
    this.log?.(accessLogLine({ ...record, durationMs: Math.round(performance.now() - started) }));
  }

  private async handle(request: GatewayRequest, host: string, response: ServerResponse): Promise<AccessFields> {
    const base = { requestId: request.requestId, method: request.method, path: request.path };
    const route = matchRoute(this.options.routes, request.method, request.path);
    if (!route) return { ...base, status: writeHttpApiAnswer(response, 'NOT_FOUND', request.requestId), authorization: 'skipped', gatewayResponse: 'NOT_FOUND' };
    const key = routeKey(route);
    const settings: HttpEventSettings = { ...this.settings, host };

    let context: HttpAuthorizerContext | undefined;
    let authorization: AccessRecord['authorization'] = 'off';
    let authorizerMs: number | undefined;
    if (!this.open.has(key)) {
      const outcome = await authorizeHttpRequest(this.step!, request, route, (identity) => httpAuthorizerEvent(request, route, settings, identity));
      authorizerMs = outcome.authorizerMs;
      authorization = outcome.source ?? 'skipped';
      if (!outcome.allowed) {
        const status = writeHttpApiAnswer(response, outcome.refusal, request.requestId);
        return { ...base, route: key, status, authorization, gatewayResponse: outcome.refusal, reason: outcome.reason, authorizerMs };
      }
      context = outcome.context;
    }
    const integration = await this.invoke(key, httpProxyEvent(request, route, settings, context), request.requestId, response);
    return { ...base, route: key, status: integration.status, authorization, authorizerMs, integrationMs: integration.integrationMs, ...(integration.failure ? { gatewayResponse: integration.failure, reason: integration.reason } : {}) };
  }

  /** The Lambda proxy integration, payload 2.0: a result without `statusCode` is a 200 JSON body, as HTTP API reads it. */
  private async invoke(key: string, event: HttpProxyEvent, requestId: string, response: ServerResponse) {
    const handler = this.options.services[key] as unknown as HttpProxyHandler;
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let result: unknown;
    try {
      result = await withTimeout(handler(event, lambdaContext(key, requestId, this.integrationTimeoutMs)), this.integrationTimeoutMs, 'integration');
    } catch (error) {
      const failure = error instanceof InvocationTimeoutError ? 'INTEGRATION_TIMEOUT' as const : 'INTEGRATION_FAILURE' as const;
      return { status: writeHttpApiAnswer(response, failure, requestId), integrationMs: elapsed(), failure, reason: failure === 'INTEGRATION_TIMEOUT' ? (error as Error).message : `integration threw ${(error as Error)?.name ?? 'a value'}` };
    }
    const answer = asProxyResult(result);
    if (!answer) return { status: writeHttpApiAnswer(response, 'INTEGRATION_FAILURE', requestId), integrationMs: elapsed(), failure: 'INTEGRATION_FAILURE' as const, reason: 'malformed proxy result' };
    return { status: writeProxyResult(response, answer, requestId), integrationMs: elapsed() };
  }
}

/** A simple response: allow or deny this route, and the context handed to the integration as it is. */
export interface SimpleAuthorizerResult {
  readonly isAuthorized: boolean;
  readonly context?: HttpAuthorizerContext;
}

/** An HTTP API Lambda authorizer (payload 2.0); its answer is checked when it arrives. */
export type HttpRequestAuthorizer = (event: HttpAuthorizerEvent, context: LambdaContext) => Promise<unknown>;

interface HttpAuthorizationStep {
  readonly authorizer: HttpRequestAuthorizer;
  readonly cache: AuthorizerResultCache<SimpleAuthorizerResult>;
  readonly timeoutMs: number;
}

type HttpAuthorizationOutcome =
  | { readonly allowed: true; readonly context: HttpAuthorizerContext; readonly source: AuthorizationSource; readonly authorizerMs: number }
  | { readonly allowed: false; readonly refusal: HttpApiAnswer; readonly reason: string; readonly source?: AuthorizationSource; readonly authorizerMs: number };

async function authorizeHttpRequest(
  step: HttpAuthorizationStep,
  request: GatewayRequest,
  route: RouteRule,
  buildEvent: (identitySource: readonly string[]) => HttpAuthorizerEvent,
): Promise<HttpAuthorizationOutcome> {
  // HTTP API joins repeated headers with commas; the authorizer refuses such a value.
  const authorization = request.headerPairs.filter(([name]) => name.toLowerCase() === IDENTITY_HEADER).map(([, value]) => value).join(',');
  if (!headerValue(request, IDENTITY_HEADER) || authorization.trim().length === 0) {
    return { allowed: false, refusal: 'UNAUTHORIZED', reason: 'identity source missing', authorizerMs: 0 };
  }
  const identitySource = [authorization, routeKey(route)];
  const cacheKey = identityCacheKey(identitySource);
  const cached = step.cache.get(cacheKey);
  if (cached) return judge(cached, 'cache', 0);

  const started = performance.now();
  let result: unknown;
  try {
    result = await withTimeout(step.authorizer(buildEvent(identitySource), lambdaContext('authorizer', request.requestId, step.timeoutMs)), step.timeoutMs);
  } catch (error) {
    const authorizerMs = Math.round(performance.now() - started);
    if (error instanceof InvocationTimeoutError) return { allowed: false, refusal: 'AUTHORIZER_FAILURE', reason: error.message, source: 'authorizer', authorizerMs };
    if (error instanceof Error && error.message === UNAUTHORIZED_MESSAGE) {
      return { allowed: false, refusal: 'UNAUTHORIZED', reason: 'authorizer: Unauthorized', source: 'authorizer', authorizerMs };
    }
    const code = (error as { code?: unknown })?.code;
    return { allowed: false, refusal: 'AUTHORIZER_FAILURE', reason: `authorizer failed${typeof code === 'string' ? `: ${code}` : ''}`, source: 'authorizer', authorizerMs };
  }
  const authorizerMs = Math.round(performance.now() - started);
  const problem = simpleResultProblem(result);
  if (problem) return { allowed: false, refusal: 'AUTHORIZER_FAILURE', reason: `invalid authorizer result: ${problem}`, source: 'authorizer', authorizerMs };
  step.cache.put(cacheKey, result as SimpleAuthorizerResult);
  return judge(result as SimpleAuthorizerResult, 'authorizer', authorizerMs);
}

function judge(result: SimpleAuthorizerResult, source: AuthorizationSource, authorizerMs: number): HttpAuthorizationOutcome {
  if (result.isAuthorized) return { allowed: true, context: result.context ?? {}, source, authorizerMs };
  return { allowed: false, refusal: 'FORBIDDEN', reason: 'authorizer: isAuthorized false', source, authorizerMs };
}

/** API Gateway's check of a simple response: a boolean `isAuthorized`, an optional object `context`. */
export function simpleResultProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'the result is not an object';
  const result = value as Partial<SimpleAuthorizerResult>;
  if (typeof result.isAuthorized !== 'boolean') return 'isAuthorized must be a boolean (simple responses)';
  if (result.context !== undefined && (typeof result.context !== 'object' || result.context === null || Array.isArray(result.context))) return 'context must be an object';
  return undefined;
}

/** A payload 2.0 result: a response object, or any other JSON value, which HTTP API sends as a 200 body. */
function asProxyResult(result: unknown): ProxyResult | undefined {
  if (typeof result === 'object' && result !== null && 'statusCode' in result) {
    if (proxyResultProblems(result).length > 0) return undefined;
    const { cookies, ...rest } = result as ProxyResult & { cookies?: string[] };
    return cookies?.length ? { ...rest, multiValueHeaders: { ...rest.multiValueHeaders, 'Set-Cookie': cookies } } : rest;
  }
  if (result === undefined) return undefined;
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: typeof result === 'string' ? result : JSON.stringify(result) };
}
