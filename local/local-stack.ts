// Local mode in one call: the embedded AS (or an external one), DynamoDB (embedded dynalite or any
// endpoint) with the cache table, the real authorizer and services, and the local gateway in front.
// `npm start`, the end-to-end tests, the benchmarks and the soak run all start it this way.
import type { AuthorizerSettings, ExchangeMode } from '../lambda/shared/config';
import type { LogSink } from '../lambda/shared/decision-log';
import { EXAMPLE_ROUTES } from '../lambda/shared/example-routes';
import { asServerFromDiscovery, asServerFromEmbedded } from './as-server';
import { DEFAULT_LOCAL_CACHE_TABLE, ensureCacheTable, localDynamoDbClient, startEmbeddedDynamoDb, type EmbeddedDynamoDb } from './dynamodb';
import { DEMO_CLIENTS, startEmbeddedAs, type EmbeddedAs } from './embedded-as';
import { exampleAuthorizer, exampleServices, type ServiceObserver } from './example-api';
import { startLocalGateway, type AccessLogSink, type LocalGateway } from './gateway';
import { PortInUseError, type LocalComponent } from './listen';
import { bannerClients, type BannerInput } from './ready-banner';
import { startLocalRevocationReceiver, type LocalRevocationReceiver } from './revocation';
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
  /** Created when missing. @default 'phantom-token-cache' */
  readonly cacheTable?: string;
  /** Use this AS instead of the embedded one. @default - the embedded AS */
  readonly externalAs?: ExternalAsSettings;
  /** The gateway's authorizer result cache TTL (the deployed authorizer's `resultsCacheTtl`); 0 disables it. @default 60 */
  readonly resultsCacheTtlSeconds?: number;
  /** Overrides for the authorizer's configuration (cacheMaxTtlSeconds, negativeCacheSeconds, asTimeoutMs, logLevel, ...). */
  readonly authorizer?: Partial<AuthorizerSettings>;
  /** Route keys served with authorization off, e.g. `['GET /invoices/{id}']` (a benchmark baseline). @default - none */
  readonly unauthenticatedRoutes?: readonly string[];
  /** Gateway access log sink, or false for none. @default - stdout */
  readonly accessLog?: AccessLogSink | false;
  /** Where the authorizer's and the services' decision lines go. @default - stdout */
  readonly decisionLog?: LogSink;
  /** Sees a copy of every event a service receives. @default - none */
  readonly onServiceEvent?: ServiceObserver;
  /**
   * Run the revocation receiver, and have the embedded AS push a signed SET to it on every RFC 7009
   * revocation; its flush empties the gateway's authorizer result cache. @default true
   */
  readonly revocationReceiver?: boolean;
}

export interface LocalStack {
  /** `http://127.0.0.1:<port>`: call the API here. */
  readonly gatewayUrl: string;
  readonly issuer: string;
  readonly tokenEndpoint: string;
  readonly dynamoDbEndpoint: string;
  readonly cacheTable: string;
  readonly exchangeMode: ExchangeMode;
  /** The embedded AS (undefined with an external AS): issue, revoke, fault, stop and start it. */
  readonly as?: EmbeddedAs;
  /** The embedded DynamoDB (undefined with `dynamoDbEndpoint`). */
  readonly embeddedDynamoDb?: EmbeddedDynamoDb;
  readonly gateway: LocalGateway;
  /** The revocation receiver (undefined with `revocationReceiver: false`). */
  readonly revocationReceiver?: LocalRevocationReceiver;
  /** What `npm start` prints. */
  readonly banner: BannerInput;
  /** Stops everything it started, in reverse order. */
  stop(): Promise<void>;
}

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
    const dynamoDb = localDynamoDbClient(dynamoDbEndpoint);
    stops.push(async () => dynamoDb.destroy());
    await ensureCacheTable(dynamoDb, cacheTable);

    const gateway = await bind('gateway', options.gatewayPort ?? 0, (port) =>
      startLocalGateway({
        port,
        routes: EXAMPLE_ROUTES,
        services: exampleServices(server, exchangeMode, options.onServiceEvent, options.decisionLog),
        authorizer: exampleAuthorizer({
          server,
          exchangeMode,
          cacheTable,
          dynamoDbEndpoint,
          dynamoDb,
          overrides: options.authorizer,
          logSink: options.decisionLog,
        }),
        resultsCacheTtlSeconds: options.resultsCacheTtlSeconds,
        unauthenticatedRoutes: options.unauthenticatedRoutes,
        accessLog: options.accessLog,
      }),
    );
    stops.push(() => gateway.stop());

    const revocationReceiver = options.revocationReceiver === false ? undefined : await startLocalRevocationReceiver({
      settings: { issuer: server.issuer, jwksUri: server.jwksUri, cacheTable, dynamoDbEndpoint, ...pick(options.authorizer, 'cacheMaxTtlSeconds'), ...pick(options.authorizer, 'revocationPollIntervalMs') },
      dynamoDb,
      flusher: { flush: async () => gateway.clearAuthorizerCache() },
      logSink: options.decisionLog,
    });
    if (revocationReceiver) {
      stops.push(() => revocationReceiver.stop());
      as?.pushSecurityEventsTo({ endpoint: revocationReceiver.url, audience: revocationReceiver.audience });
      stops.push(async () => as?.pushSecurityEventsTo(undefined));
    }

    return {
      gatewayUrl: gateway.url,
      issuer: server.issuer,
      tokenEndpoint: server.tokenEndpoint,
      dynamoDbEndpoint,
      cacheTable,
      exchangeMode,
      as,
      embeddedDynamoDb: dynamo,
      gateway,
      revocationReceiver,
      banner: {
        gatewayUrl: gateway.url,
        issuer: server.issuer,
        tokenEndpoint: server.tokenEndpoint,
        exchangeMode,
        dynamoDbEndpoint: dynamo ? `${dynamoDbEndpoint} (embedded)` : dynamoDbEndpoint,
        demoClients: as ? bannerClients(DEMO_CLIENTS) : [],
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

function pick<T extends object, K extends keyof T>(from: T | undefined, key: K): Partial<Pick<T, K>> {
  return from?.[key] === undefined ? {} : ({ [key]: from[key] } as Partial<Pick<T, K>>);
}
