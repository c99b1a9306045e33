// An HTTP server that behaves like the deployed REST API in front of the services: it matches the route
// table, runs the REQUEST authorizer with API Gateway's events, cache and policy evaluation, calls the
// service with a Lambda proxy event that carries the JWT (never the opaque token), and answers with the
// same gateway responses. One access log line per request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { gatewayResponsesFor } from '../../lambda/shared/dpop-challenge';
import type { GatewayResponseKind, GatewayResponseSpec } from '../../lambda/shared/gateway-responses';
import { needsPerRouteCacheKeys } from '../../lambda/shared/route-overlap';
import { matchRoute, routeTableProblems, type RouteRule } from '../../lambda/shared/routes';
import { close, listen } from '../listen';
import { accessLogLine, type AccessLogSink, type AccessRecord } from './access-log';
import { authorizeRequest, type AuthorizationStep } from './authorize-request';
import { authorizerEvent, type EventSettings } from './authorizer-event';
import { AuthorizerResultCache } from './authorizer-result-cache';
import { PayloadTooLargeError, readGatewayRequest, type GatewayRequest } from './gateway-request';
import { writeGatewayResponse, writeIntegrationFailure, writeMissingRoute, writePayloadTooLarge } from './gateway-answers';
import { invokeIntegration } from './invoke-integration';
import type { AuthorizerResult, RequestAuthorizer } from './lambda-shapes';
import { LOCAL_API_IDENTITY, type ApiIdentity } from './method-arn';
import { proxyEvent } from './proxy-event';
import { routeKey, routesWithoutService, type ServiceTable } from './service-table';

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
  /** Authorizer result cache TTL, as `resultsCacheTtl` on the deployed authorizer; 0 disables it. @default 60 (the construct's default) */
  readonly resultsCacheTtlSeconds?: number;
  /** Headers forming the identity source (and the cache key). @default ['Authorization'] */
  readonly identitySourceHeaders?: readonly string[];
  /**
   * Key the authorizer result cache per route as well: the identity source adds `$context.httpMethod` and
   * `$context.resourcePath`, as the PhantomTokenAuthorizer construct's REST REQUEST authorizer does when its
   * `cachesPerRoute` is true. Set it to mirror an authorizer configured otherwise (`false` for a TOKEN
   * authorizer, which caches per token only).
   * @default - what the construct decides for `routes` (true when `routeTableCacheConflicts(routes)` reports a conflict)
   */
  readonly cachesPerRoute?: boolean;
  /** How long the authorizer may take before the request fails with 503. @default 10000 */
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

export interface LocalGateway {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Whether the authorizer result cache is keyed per route (method and resource path) as well as per identity header. */
  readonly cachesPerRoute: boolean;
  /** Empties the authorizer result cache (as redeploying the stage would). */
  clearAuthorizerCache(): void;
  stop(): Promise<void>;
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

/** The PhantomTokenAuthorizer construct's default `resultsCacheTtl` (lib/ is not imported: it pulls in aws-cdk-lib). */
export const DEFAULT_RESULTS_CACHE_TTL_SECONDS = 60;

/** The PhantomTokenAuthorizer construct's `cachesPerRoute` for these routes, decided by the same shared rule. */
export function defaultCachesPerRoute(routes: readonly RouteRule[]): boolean {
  return needsPerRouteCacheKeys(routes);
}

/** What makes a gateway unable to serve its routes (either kind of API): it refuses to start. */
export function gatewayOptionProblems(options: Pick<LocalGatewayOptions, 'routes' | 'services' | 'authorizer' | 'unauthenticatedRoutes'>): string[] {
  const problems = [...routeTableProblems(options.routes)];
  problems.push(...routesWithoutService(options.routes, options.services).map((key) => `route ${key} has no service handler`));
  const keys = new Set(options.routes.map(routeKey));
  for (const key of options.unauthenticatedRoutes ?? []) if (!keys.has(key)) problems.push(`unauthenticatedRoutes: ${key} is not a route`);
  const everyRouteOpen = options.routes.every((route) => options.unauthenticatedRoutes?.includes(routeKey(route)));
  if (!options.authorizer && !everyRouteOpen) problems.push('authorizer is required unless every route is unauthenticated');
  return problems;
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
    this.identitySourceHeaders = options.identitySourceHeaders ?? ['Authorization'];
    this.integrationTimeoutMs = options.integrationTimeoutMs ?? 29_000;
    this.cache = new AuthorizerResultCache(options.resultsCacheTtlSeconds ?? DEFAULT_RESULTS_CACHE_TTL_SECONDS);
    this.cachesPerRoute = options.cachesPerRoute ?? defaultCachesPerRoute(options.routes);
    if (options.authorizer) {
      this.step = {
        authorizer: options.authorizer,
        cache: this.cache,
        identitySourceHeaders: this.identitySourceHeaders,
        cachesPerRoute: this.cachesPerRoute,
        timeoutMs: options.authorizerTimeoutMs ?? 10_000,
      };
    }
    this.responses = gatewayResponsesFor(options.dpopAlgorithms);
    this.log = options.accessLog === false ? undefined : (options.accessLog ?? ((line) => process.stdout.write(`${line}\n`)));
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

