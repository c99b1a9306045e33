// The example API local mode serves: EXAMPLE_SERVICES' routes, the real authorizer configured for the
// chosen exchange mode, and the real invoices and streams handlers, wired exactly as the constructs
// wire them (same route table, same audience, the authorizer config through the same env round trip).
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createAuthorizerHandler } from '../lambda/authorizer';
import { createInvoicesHandler } from '../lambda/invoices/service';
import { authorizerConfigFromEnv, authorizerConfigToEnv, type AuthorizerSettings, type ExchangeMode } from '../lambda/shared/config';
import type { LogSink } from '../lambda/shared/decision-log';
import { EXAMPLE_AUDIENCE, EXAMPLE_ROUTES, EXAMPLE_SERVICES } from '../lambda/shared/example-routes';
import { needsPerRouteCacheKeys } from '../lambda/shared/route-overlap';
import type { RouteRule } from '../lambda/shared/routes';
import { createStreamsHandler } from '../lambda/streams/service';
import { INTROSPECTION_TYP, type ValidatorOptions } from '../lambda/validator';
import type { AsServer } from './as-server';
import { serviceTable, type ProxyEvent, type ProxyHandler, type RequestAuthorizer, type ServiceTable } from './gateway';

/** A short negative cache so a mistyped token does not stay refused for long while developing. */
export const LOCAL_NEGATIVE_CACHE_SECONDS = 2;

export interface ExampleAuthorizerSettings {
  readonly server: AsServer;
  readonly exchangeMode: ExchangeMode;
  /** The route table the authorizer enforces. @default EXAMPLE_ROUTES */
  readonly routes?: readonly RouteRule[];
  /** The audience a token-exchange asks for. @default EXAMPLE_AUDIENCE */
  readonly audience?: string;
  readonly cacheTable: string;
  readonly dynamoDbEndpoint: string;
  readonly dynamoDb: DynamoDBClient;
  /** The local gateway's authorizer result cache TTL, told to the authorizer as a construct would. @default 60 (DEFAULT_RESULTS_CACHE_TTL_SECONDS) */
  readonly resultsCacheTtlSeconds?: number;
  readonly overrides?: Partial<AuthorizerSettings>;
  readonly logSink?: LogSink;
}

export function exampleAuthorizer(settings: ExampleAuthorizerSettings): RequestAuthorizer {
  const { server, exchangeMode } = settings;
  const routes = settings.routes ?? EXAMPLE_ROUTES;
  // Through the environment round trip, so local mode validates and defaults exactly as a Lambda would.
  const config = authorizerConfigFromEnv(
    authorizerConfigToEnv({
      issuer: server.issuer,
      jwksUri: server.jwksUri,
      introspectionEndpoint: server.introspectionEndpoint,
      tokenEndpoint: server.tokenEndpoint,
      exchangeMode,
      exchangeAudience: exchangeMode === 'token-exchange' ? (settings.audience ?? EXAMPLE_AUDIENCE) : undefined,
      clientId: server.clientId,
      clientSecret: server.clientSecret,
      cacheTable: settings.cacheTable,
      dynamoDbEndpoint: settings.dynamoDbEndpoint,
      negativeCacheSeconds: LOCAL_NEGATIVE_CACHE_SECONDS,
      routes: [...routes],
      // As the construct would set it for this table, and as the local gateway keys its cache.
      cachesPerRoute: needsPerRouteCacheKeys(routes),
      gatewayCacheTtlSeconds: settings.resultsCacheTtlSeconds,
      localMode: true,
      ...settings.overrides,
    }),
  );
  return createAuthorizerHandler(config, { dynamoDb: settings.dynamoDb, ...(settings.logSink ? { logSink: settings.logSink } : {}) });
}

export type ServiceObserver = (service: string, event: ProxyEvent) => void;

/**
 * The JWT type the services require for an exchange mode: rfc9701 forwards the signed introspection
 * response, which the validator reads as RFC 9701 only when configured to (never because the token says so).
 */
export function serviceTokenType(exchangeMode: ExchangeMode): string | undefined {
  return exchangeMode === 'rfc9701' ? INTROSPECTION_TYP : undefined;
}

export function exampleServices(server: AsServer, exchangeMode: ExchangeMode, observe?: ServiceObserver, logSink?: LogSink): ServiceTable {
  const tokenType = serviceTokenType(exchangeMode);
  const validator: ValidatorOptions = {
    issuer: server.issuer,
    audience: EXAMPLE_AUDIENCE,
    jwksUri: server.jwksUri,
    localMode: true,
    ...(tokenType ? { tokenType } : {}),
    ...(logSink ? { logSink } : {}),
  };
  const handlers: Record<(typeof EXAMPLE_SERVICES)[number]['name'], ProxyHandler> = {
    invoices: createInvoicesHandler(validator),
    streams: createStreamsHandler(validator),
  };
  return serviceTable(
    EXAMPLE_SERVICES.map((service) => ({
      routes: service.routes,
      handler: observe ? observed(service.name, handlers[service.name], observe) : handlers[service.name],
    })),
  );
}

/** Hands the observer a copy of each event, taken before the service runs. */
function observed(name: string, handler: ProxyHandler, observe: ServiceObserver): ProxyHandler {
  return async (event, context) => {
    observe(name, structuredClone(event));
    return handler(event, context);
  };
}
