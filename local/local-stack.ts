// Local mode in one call: the embedded AS (or an external one), DynamoDB (embedded dynalite or any
// endpoint) with the cache table, the real authorizer and services, and the local gateway in front.
// `npm start`, the end-to-end tests, the benchmarks and the soak run all start it this way.
import type { AuthorizerSettings, ExchangeMode } from '../lambda/shared/config';
import { authorizerConfigFromEnv, authorizerConfigToEnv } from '../lambda/shared/config';
import { EXAMPLE_AUDIENCE, EXAMPLE_SERVICES } from '../lambda/shared/example-routes';
import { createAuthorizerHandler } from '../lambda/authorizer';
import { createInvoicesHandler } from '../lambda/invoices/service';
import { createStreamsHandler } from '../lambda/streams/service';
import { DEFAULT_LOCAL_CACHE_TABLE, ensureCacheTable, localDynamoDbClient, startEmbeddedDynamoDb } from './dynamodb';
import { DEMO_CLIENTS, startEmbeddedAs, type EmbeddedAs } from './embedded-as';
import { startLocalGateway, serviceTable, type LocalGateway, type ProxyEvent, type ProxyHandler, type RequestAuthorizer } from './gateway';
import type { AccessLogSink } from './gateway/access-log';
import { PortInUseError, type LocalComponent } from './listen';
import type { BannerClient, BannerInput } from './ready-banner';
import { asServerFromDiscovery, type AsServer } from './as-server';
import type { LogSink } from '../lambda/shared/decision-log';
import type { ValidatorOptions } from '../lambda/validator';
import type { ExternalAsSettings } from './start-settings';

export interface LocalStackOptions {
  /** @default 'accept-jwt' */
  readonly exchangeMode?: ExchangeMode;
  /** 0 picks a free port. @default 0 */
  readonly gatewayPort?: number;
  /** Embedded AS port; 0 picks a free port. @default 0 */
  readonly asPort?: number;
  /** Use this DynamoDB instead of starting dynalite. @default - embedded dynalite on a free port */
  readonly dynamoDbEndpoint?: string;
  /** @default 'phantom-token-cache' (created when missing) */
  readonly cacheTable?: string;
  /** Use this AS instead of the embedded one. @default - the embedded AS */
  readonly externalAs?: ExternalAsSettings;
  /** The gateway's authorizer result cache TTL (the deployed authorizer's `resultsCacheTtl`). @default 60 */
  readonly resultsCacheTtlSeconds?: number;
  /** Overrides for the authorizer's configuration (cache TTLs, timeouts, log level). */
  readonly authorizer?: Partial<AuthorizerSettings>;
  /** Gateway access log sink, or false for none. @default - stdout */
  readonly accessLog?: AccessLogSink | false;
  /** Where the authorizer's and the services' decision lines go. @default - stdout */
  readonly decisionLog?: LogSink;
  /** Sees every event a service receives (the e2e tests check the opaque token never arrives). */
  readonly onServiceEvent?: (service: string, event: ProxyEvent) => void;
}

export interface LocalStack {
  readonly gatewayUrl: string;
  readonly issuer: string;
  readonly tokenEndpoint: string;
  readonly dynamoDbEndpoint: string;
  readonly cacheTable: string;
  readonly exchangeMode: ExchangeMode;
  /** The embedded AS (undefined with an external AS), to issue, revoke, stop or fault. */
  readonly as?: EmbeddedAs;
  readonly gateway: LocalGateway;
  /** What `npm start` prints. */
  readonly banner: BannerInput;
  /** Stops the gateway, the AS and the embedded DynamoDB, in that order. */
  stop(): Promise<void>;
}

/** The PhantomTokenAuthorizer construct's default `resultsCacheTtl` (lib/ is not imported: it pulls in aws-cdk-lib). */
const DEPLOYED_RESULTS_CACHE_TTL_SECONDS = 60;

/** A short negative cache so a mistyped token does not stay refused for long while developing. */
const LOCAL_NEGATIVE_CACHE_SECONDS = 2;

const GATEWAY_CLIENT_ID = 'gateway-client';

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const exchangeMode = options.exchangeMode ?? 'accept-jwt';
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const as = options.externalAs ? undefined : await bind('as', options.asPort ?? 0, (port) => startEmbeddedAs({ port }));
    if (as) stops.push(() => as.stop());
    const server = as ? asServerFromEmbedded(as) : await asServerFromDiscovery(options.externalAs!);

    const dynamo = options.dynamoDbEndpoint ? undefined : await startEmbeddedDynamoDb({ port: 0 });
    if (dynamo) stops.push(() => dynamo.stop());
    const dynamoDbEndpoint = options.dynamoDbEndpoint ?? dynamo!.endpoint;
    const cacheTable = options.cacheTable ?? DEFAULT_LOCAL_CACHE_TABLE;
    // Fixed credentials for the embedded table; the usual credential chain for any other endpoint.
    const dynamoDb = localDynamoDbClient(dynamoDbEndpoint, options.dynamoDbEndpoint !== undefined);
    stops.push(async () => dynamoDb.destroy());
    await ensureCacheTable(dynamoDb, cacheTable);

    const authorizer = createAuthorizerHandler(
      authorizerConfigFromEnv(
        authorizerConfigToEnv({
          issuer: server.issuer,
          jwksUri: server.jwksUri,
          introspectionEndpoint: server.introspectionEndpoint,
          tokenEndpoint: server.tokenEndpoint,
          exchangeMode,
          exchangeAudience: exchangeMode === 'token-exchange' ? EXAMPLE_AUDIENCE : undefined,
          clientId: server.clientId,
          clientSecret: server.clientSecret,
          cacheTable,
          dynamoDbEndpoint,
          negativeCacheSeconds: LOCAL_NEGATIVE_CACHE_SECONDS,
          routes: EXAMPLE_SERVICES.flatMap((service) => service.routes),
          localMode: true,
          ...options.authorizer,
        }),
      ),
      { dynamoDb, ...(options.decisionLog ? { logSink: options.decisionLog } : {}) },
    ) as RequestAuthorizer;

    const validator: ValidatorOptions = {
      issuer: server.issuer,
      audience: EXAMPLE_AUDIENCE,
      jwksUri: server.jwksUri,
      localMode: true,
      ...(options.decisionLog ? { logSink: options.decisionLog } : {}),
    };
    const handlers: Record<string, ProxyHandler> = {
      invoices: createInvoicesHandler(validator),
      streams: createStreamsHandler(validator),
    };
    const observe = options.onServiceEvent;
    const gateway = await bind('gateway', options.gatewayPort ?? 0, (port) =>
      startLocalGateway({
        port,
        routes: EXAMPLE_SERVICES.flatMap((service) => service.routes),
        services: serviceTable(
          EXAMPLE_SERVICES.map((service) => ({
            routes: service.routes,
            handler: observe ? observed(service.name, handlers[service.name], observe) : handlers[service.name],
          })),
        ),
        authorizer,
        resultsCacheTtlSeconds: options.resultsCacheTtlSeconds ?? DEPLOYED_RESULTS_CACHE_TTL_SECONDS,
        accessLog: options.accessLog,
      }),
    );
    stops.push(() => gateway.stop());

    return {
      gatewayUrl: gateway.url,
      issuer: server.issuer,
      tokenEndpoint: server.tokenEndpoint,
      dynamoDbEndpoint,
      cacheTable,
      exchangeMode,
      as,
      gateway,
      banner: {
        gatewayUrl: gateway.url,
        issuer: server.issuer,
        tokenEndpoint: server.tokenEndpoint,
        exchangeMode,
        dynamoDbEndpoint: dynamo ? `${dynamoDbEndpoint} (embedded)` : dynamoDbEndpoint,
        demoClients: as ? bannerClients() : [],
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}

/** A port conflict is reported with the component, so `npm start` names the variable to change. */
async function bind<T>(component: LocalComponent, port: number, start: (port: number) => Promise<T>): Promise<T> {
  try {
    return await start(port);
  } catch (error) {
    if ((error as { code?: string }).code === 'EADDRINUSE') throw new PortInUseError(port, '127.0.0.1', component);
    throw error;
  }
}

/** Clients a reader can use with curl (the private_key_jwt one needs a signed assertion). */
function bannerClients(): BannerClient[] {
  return DEMO_CLIENTS.filter((demo) => demo.clientSecret !== undefined && (demo.scope.length > 0 || demo.gateway)).map((demo) => ({
    clientId: demo.clientId,
    clientSecret: demo.clientSecret!,
    scope: demo.scope,
    note: demo.gateway ? 'the gateway itself: introspection and token exchange' : undefined,
  }));
}

function asServerFromEmbedded(as: EmbeddedAs): AsServer {
  const gatewayClient = DEMO_CLIENTS.find((demo) => demo.clientId === GATEWAY_CLIENT_ID)!;
  return {
    issuer: as.issuer,
    jwksUri: as.jwksUri,
    introspectionEndpoint: as.introspectionEndpoint,
    tokenEndpoint: as.tokenEndpoint,
    clientId: gatewayClient.clientId,
    clientSecret: gatewayClient.clientSecret!,
  };
}

function observed(name: string, handler: ProxyHandler, observe: (service: string, event: ProxyEvent) => void): ProxyHandler {
  return async (event, context) => {
    observe(name, structuredClone(event));
    return handler(event, context);
  };
}
