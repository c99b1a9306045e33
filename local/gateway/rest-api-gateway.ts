// An HTTP server that behaves like the deployed REST API (PhantomTokenGateway) in front of the services:
// it matches the route table, runs the REQUEST authorizer with API Gateway's events, cache and policy
// evaluation (rest-api-authorizer.ts), calls the service with a Lambda proxy event that carries the JWT
// (never the opaque token), and answers with the same gateway responses. One access log line per request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { gatewayResponsesFor } from '../../lambda/shared/dpop-challenge';
import { DEFAULT_AUTHORIZER_TIMEOUT_SECONDS, DEFAULT_RESULTS_CACHE_TTL_SECONDS, IDENTITY_SOURCE_HEADER } from '../../lambda/shared/gateway-defaults';
import type { GatewayResponseKind, GatewayResponseSpec } from '../../lambda/shared/gateway-responses';
import { needsPerRouteCacheKeys } from '../../lambda/shared/route-overlap';
import { matchRoute, type RouteRule } from '../../lambda/shared/routes';
import { close, listen } from '../listen';
import {
  accessLogLine, accessLogSink, proxyResultProblems, writeGatewayResponse, writeIntegrationFailure, writeIntegrationTimeout, writeMissingRoute,
  writePayloadTooLarge, writeProxyResult, type AccessLogSink, type AccessRecord,
} from './answers';
import { AuthorizerResultCache } from './authorizer-result-cache';
import { PayloadTooLargeError, readGatewayRequest, type GatewayRequest } from './gateway-request';
import { InvocationTimeoutError, lambdaContext, withTimeout } from './lambda-invocation';
import { gatewayOptionProblems, LOCAL_API_IDENTITY, routeKey, type ApiIdentity, type LocalGateway, type ServiceTable } from './local-api';
import { authorizeRequest, type AuthorizationStep } from './rest-api-authorizer';
import { authorizerEvent, proxyEvent, type AuthorizerResult, type EventSettings, type ProxyEvent, type ProxyHandler, type ProxyResult, type RequestAuthorizer } from './rest-api-events';

/** API Gateway's integration timeout for a REST API (the constructs leave it as it is). */
const INTEGRATION_TIMEOUT_MS = 29_000;

export interface LocalGatewayOptions {
  /** Port to listen on; 0 picks a free one. @default 3000 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** The API's resources and methods with their coarse scope rules (e.g. EXAMPLE_ROUTES). */
  readonly routes: readonly RouteRule[];
  /** The proxy handler for every route, keyed by route key (`GET /invoices/{id}`); see `serviceTable`. */
  readonly services: ServiceTable;
  /** The REQUEST authorizer. Required unless every route is in `unauthenticatedRoutes`. */
  readonly authorizer?: RequestAuthorizer;
  /** Authorizer result cache TTL, as `resultsCacheTtl` on the deployed authorizer; 0 disables it. @default 60 (DEFAULT_RESULTS_CACHE_TTL_SECONDS, the construct's default) */
  readonly resultsCacheTtlSeconds?: number;
  /** Headers forming the identity source (and the cache key). @default ['Authorization'] (IDENTITY_SOURCE_HEADER, as the construct's identity source) */
  readonly identitySourceHeaders?: readonly string[];
  /**
   * Key the authorizer result cache per route as well: the identity source adds `$context.httpMethod` and
   * `$context.resourcePath`, as the PhantomTokenAuthorizer construct's REST REQUEST authorizer does when its
   * `cachesPerRoute` is true. Set it to mirror an authorizer configured otherwise (`false` for a TOKEN
   * authorizer, which caches per token only).
   * @default - what the construct decides for `routes` (`needsPerRouteCacheKeys`: true when `routeTableCacheConflicts(routes)` reports a conflict)
   */
  readonly cachesPerRoute?: boolean;
  /** How long the authorizer may take before the request fails with 503. @default 10000 (the construct's authorizer timeout) */
  readonly authorizerTimeoutMs?: number;
  /** API Gateway's integration timeout. @default 29000 */
  readonly integrationTimeoutMs?: number;
  /** Route keys served with authorization switched off (a baseline for benchmarks). @default - none */
  readonly unauthenticatedRoutes?: readonly string[];
  /** Region, account, API id and stage used in method ARNs and request contexts. @default LOCAL_API_IDENTITY */
  readonly api?: Partial<ApiIdentity>;
  /** @default - none (null in events) */
  readonly stageVariables?: Readonly<Record<string, string>>;
  /** Where access log lines go, or false for none. @default - stdout */
  readonly accessLog?: AccessLogSink | false;
  /** The 401's challenge adds `DPoP algs="..."` (the authorizer accepts DPoP-bound tokens). @default - Bearer only */
  readonly dpopAlgorithms?: readonly string[];
  /**
   * Serve https with client-certificate authentication, as an API Gateway custom domain with a
   * truststore (mutual TLS) does: a caller without a certificate from `ca` fails the handshake.
   * @default - plain http
   */
  readonly mutualTls?: { readonly cert: string; readonly key: string; readonly ca: string };
}

export async function startLocalGateway(options: LocalGatewayOptions): Promise<LocalGateway> {
  const gateway = new GatewayPipeline(options);
  const host = options.host ?? '127.0.0.1';
  const serve = (request: IncomingMessage, response: ServerResponse) => void gateway.serve(request, response);
  const server = options.mutualTls
    ? createHttpsServer({ ...options.mutualTls, requestCert: true, rejectUnauthorized: true }, serve)
    : createServer(serve);
  server.keepAliveTimeout = 5_000;
  const port = await listen(server, options.port ?? 3000, host);
  return {
    url: `${options.mutualTls ? 'https' : 'http'}://${host}:${port}`,
    port,
    cachesPerRoute: gateway.cachesPerRoute,
    clearAuthorizerCache: () => gateway.cache.clear(),
    stop: () => close(server),
  };
}

class GatewayPipeline {
  readonly cache: AuthorizerResultCache;
  readonly cachesPerRoute: boolean;
  private readonly routes: readonly RouteRule[];
  private readonly services: ServiceTable;
  private readonly open: ReadonlySet<string>;
  private readonly step?: AuthorizationStep;
  private readonly api: ApiIdentity;
  private readonly identitySourceHeaders: readonly string[];
  private readonly integrationTimeoutMs: number;
  private readonly log: AccessLogSink | undefined;
  private readonly responses: Readonly<Record<GatewayResponseKind, GatewayResponseSpec>>;

  constructor(private readonly options: LocalGatewayOptions) {
    const problems = gatewayOptionProblems(options);
    if (problems.length > 0) throw new Error(`startLocalGateway: ${problems.join('; ')}`);

    this.routes = options.routes;
    this.services = options.services;
    this.open = new Set(options.unauthenticatedRoutes ?? []);
    this.api = { ...LOCAL_API_IDENTITY, ...options.api };
    this.identitySourceHeaders = options.identitySourceHeaders ?? [IDENTITY_SOURCE_HEADER];
    this.integrationTimeoutMs = options.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS;
    this.cache = new AuthorizerResultCache(options.resultsCacheTtlSeconds ?? DEFAULT_RESULTS_CACHE_TTL_SECONDS);
    this.cachesPerRoute = options.cachesPerRoute ?? needsPerRouteCacheKeys(options.routes);
    if (options.authorizer) {
      this.step = {
        authorizer: options.authorizer,
        cache: this.cache,
        identitySourceHeaders: this.identitySourceHeaders,
        cachesPerRoute: this.cachesPerRoute,
        timeoutMs: options.authorizerTimeoutMs ?? DEFAULT_AUTHORIZER_TIMEOUT_SECONDS * 1000,
      };
    }
    this.responses = gatewayResponsesFor(options.dpopAlgorithms);
    this.log = accessLogSink(options.accessLog);
  }

  async serve(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    let record: Omit<AccessRecord, 'durationMs'>;
    let request: GatewayRequest | undefined;
    try {
      request = await readGatewayRequest(incoming);
      record = await this.handle(request, incoming.headers.host ?? '127.0.0.1', response);
    } catch (error) {
      const requestId = request?.requestId ?? 'unread';
      const tooLarge = error instanceof PayloadTooLargeError;
      const status = response.headersSent ? response.statusCode
        : tooLarge ? writePayloadTooLarge(response, requestId) : writeIntegrationFailure(response, requestId);
      record = {
        requestId,
        method: incoming.method ?? 'GET',
        path: request?.path ?? incoming.url ?? '/',
        status,
        authorization: 'skipped',
        gatewayResponse: tooLarge ? 'REQUEST_TOO_LARGE' : 'INTEGRATION_FAILURE',
        reason: (error as Error).message,
      };
    }
    this.log?.(accessLogLine({ ...record, durationMs: Math.round(performance.now() - started) }));
  }

  private async handle(request: GatewayRequest, host: string, response: ServerResponse): Promise<Omit<AccessRecord, 'durationMs'>> {
    const base = { requestId: request.requestId, method: request.method, path: request.path };
    const route = matchRoute(this.routes, request.method, request.path);
    if (!route) {
      return { ...base, status: writeMissingRoute(response, request.requestId), authorization: 'skipped', gatewayResponse: 'MISSING_AUTHENTICATION_TOKEN' };
    }
    const key = routeKey(route);
    const settings: EventSettings = { api: this.api, stageVariables: this.options.stageVariables ?? null, host };

    let authorization: AuthorizerResult | undefined;
    let authorizationMode: AccessRecord['authorization'] = 'off';
    let authorizerMs: number | undefined;
    if (!this.open.has(key)) {
      const outcome = await authorizeRequest(this.step!, request, route, () => authorizerEvent(request, route, settings));
      authorizerMs = outcome.authorizerMs;
      authorizationMode = outcome.source ?? 'skipped';
      if (!outcome.allowed) {
        const status = writeGatewayResponse(response, outcome.refusal, request.requestId, this.responses);
        return { ...base, route: key, status, authorization: authorizationMode, gatewayResponse: outcome.refusal, reason: outcome.reason, principalId: outcome.principalId, authorizerMs };
      }
      authorization = outcome.result;
    }

    const event = proxyEvent(request, route, settings, authorization, this.identitySourceHeaders);
    const outcome = await invokeIntegration(this.services[key], key, event, this.integrationTimeoutMs, response);
    return {
      ...base,
      route: key,
      status: outcome.status,
      authorization: authorizationMode,
      principalId: authorization?.principalId,
      authorizerMs,
      integrationMs: outcome.integrationMs,
      ...(outcome.failure ? { gatewayResponse: 'INTEGRATION_FAILURE' as const, reason: outcome.failure } : {}),
    };
  }
}

interface IntegrationOutcome {
  readonly status: number;
  readonly integrationMs: number;
  /** Set when the gateway answered instead of the service. */
  readonly failure?: string;
}

/**
 * Calls the service's proxy handler as API Gateway's Lambda proxy integration does: within the
 * integration timeout (504 past it), and a throw or a malformed result is a 502.
 */
async function invokeIntegration(
  handler: ProxyHandler,
  functionName: string,
  event: ProxyEvent,
  timeoutMs: number,
  response: ServerResponse,
): Promise<IntegrationOutcome> {
  const requestId = event.requestContext.requestId;
  const started = performance.now();
  let result: unknown;
  try {
    result = await withTimeout(handler(event, lambdaContext(functionName, requestId, timeoutMs)), timeoutMs, 'integration');
  } catch (error) {
    const integrationMs = Math.round(performance.now() - started);
    if (error instanceof InvocationTimeoutError) {
      return { status: writeIntegrationTimeout(response, requestId), integrationMs, failure: error.message };
    }
    return { status: writeIntegrationFailure(response, requestId), integrationMs, failure: `integration threw ${(error as Error)?.name ?? 'a value'}` };
  }
  const integrationMs = Math.round(performance.now() - started);
  const problems = proxyResultProblems(result);
  if (problems.length > 0) {
    return { status: writeIntegrationFailure(response, requestId), integrationMs, failure: `malformed proxy result: ${problems.join('; ')}` };
  }
  return { status: writeProxyResult(response, result as ProxyResult, requestId), integrationMs };
}
