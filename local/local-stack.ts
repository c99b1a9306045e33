// Local mode in one call: the embedded AS (or an external one), DynamoDB (embedded dynalite or any
// endpoint) with the cache table, the real authorizer and services, and the local gateway in front.
// `npm start`, the end-to-end tests, the benchmarks and the soak run all start it this way.
import { DEFAULT_DPOP_ALGORITHMS, type AuthorizerSettings, type ExchangeMode } from '../lambda/shared/config';
import type { LogSink } from '../lambda/shared/decision-log';
import { EXAMPLE_AUDIENCE, EXAMPLE_ROUTES } from '../lambda/shared/example-routes';
import type { RouteRule } from '../lambda/shared/routes';
import type { ValidatorOptions } from '../lambda/validator';
import { asServerFromDiscovery, asServerFromEmbedded, type AsServer } from './as-server';
import { DEFAULT_LOCAL_CACHE_TABLE, ensureCacheTable, localDynamoDbClient, startEmbeddedDynamoDb, type EmbeddedDynamoDb } from './dynamodb';
import { DEMO_CLIENTS, startEmbeddedAs, type DemoClient, type EmbeddedAs } from './embedded-as';
import { exampleAuthorizer, exampleServices, serviceTokenType, type ServiceObserver } from './example-api';
import { serviceTable, startLocalGateway, startLocalHttpApi, type AccessLogSink, type LocalApiKind, type LocalGateway, type ProxyHandler, type ServiceTable } from './gateway';
import { PortInUseError, type LocalComponent } from './listen';
import { bannerClients, type BannerInput } from './ready-banner';
import { startLocalRevocationReceiver, type LocalRevocationReceiver } from './revocation';
import type { ExternalAsSettings } from './start-settings';

/** What your services are built from, once the AS is up (its issuer names its port). */
export interface LocalServiceContext {
  readonly issuer: string;
  readonly jwksUri: string;
  /** The audience of the phantom JWTs your services receive. */
  readonly audience: string;
  /** `{ issuer, audience, jwksUri, localMode: true, ... }`: give it to `withJwtValidation` or `createJwtValidator`. */
  readonly validatorOptions: ValidatorOptions;
}

/** One of your services: the routes it owns (the same RouteRule[] you give the constructs) and its handler. */
export interface LocalService {
  readonly routes: readonly RouteRule[];
  readonly handler: ProxyHandler;
}

export interface LocalStackOptions {
  /**
   * Your own services behind the real authorizer and the local gateway, in place of the example API.
   * Called once the AS is up; the authorizer enforces the union of their routes.
   * @default - the example API (invoices and streams)
   */
  readonly services?: (context: LocalServiceContext) => readonly LocalService[];
  /**
   * More clients for the embedded AS, with your own scopes and claims, beside DEMO_CLIENTS (a client with
   * a demo client's id replaces it). @default - DEMO_CLIENTS only
   */
  readonly clients?: readonly DemoClient[];
  /** The audience of the embedded AS's tokens and phantom JWTs. @default EXAMPLE_AUDIENCE */
  readonly audience?: string;
  /** @default 'accept-jwt' */
  readonly exchangeMode?: ExchangeMode;
  /** The kind of API in front: `rest` (PhantomTokenGateway) or `http` (PhantomTokenHttpGateway's HTTP API). @default 'rest' */
  readonly api?: LocalApiKind;
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
  /** Where the authorizer's and the services' decision lines go; false for nowhere (see `recordLines`). @default - stdout */
  readonly decisionLog?: LogSink | false;
  /** Sees a copy of every event a service receives. @default - none */
  readonly onServiceEvent?: ServiceObserver;
  /**
   * Accept DPoP- and certificate-bound tokens with their proofs, as the construct's
   * `senderConstrainedTokens` does: the gateway's result cache is then off (a cached answer would serve a
   * replayed proof) and the 401 challenges with DPoP too. Off: bound tokens are refused.
   * @default false
   */
  readonly senderConstrained?: boolean;
  /**
   * Serve the gateway over https with client-certificate authentication (see `createDemoPki`), as a
   * custom domain with a truststore does. @default - plain http
   */
  readonly mutualTls?: { readonly cert: string; readonly key: string; readonly ca: string };
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
  /** Where the AS publishes the keys that sign phantom JWTs. */
  readonly jwksUri: string;
  /** The audience of the phantom JWTs the services receive. */
  readonly audience: string;
  /** What a validator behind this gateway needs: `{ issuer, audience, jwksUri, localMode: true, ... }`. */
  readonly validatorOptions: ValidatorOptions;
  /** The clients registered at the embedded AS (empty with an external AS). */
  readonly clients: readonly DemoClient[];
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
  const senderConstrained = options.senderConstrained ?? options.authorizer?.senderConstrained ?? false;
  if (senderConstrained && (options.resultsCacheTtlSeconds ?? 0) > 0) {
    throw new Error('startLocalStack: resultsCacheTtlSeconds must be 0 with senderConstrained (a cached answer would serve a replayed DPoP proof)');
  }
  const audience = options.audience ?? EXAMPLE_AUDIENCE;
  const clients = withClients(DEMO_CLIENTS, options.clients ?? []);
  const decisionLog = options.decisionLog === false ? () => undefined : options.decisionLog;
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const as = options.externalAs ? undefined : await bind('as', options.asPort ?? 0, (port) => startEmbeddedAs({ port, audience, clients }));
    if (as) stops.push(() => as.stop());
    const server = as ? asServerFromEmbedded(as) : await asServerFromDiscovery(options.externalAs!);

    const dynamo = options.dynamoDbEndpoint ? undefined : await startEmbeddedDynamoDb({ port: 0 });
    if (dynamo) stops.push(() => dynamo.stop());
    const dynamoDbEndpoint = options.dynamoDbEndpoint ?? dynamo!.endpoint;
    const cacheTable = options.cacheTable ?? DEFAULT_LOCAL_CACHE_TABLE;
    const dynamoDb = localDynamoDbClient(dynamoDbEndpoint);
    stops.push(async () => dynamoDb.destroy());
    await ensureCacheTable(dynamoDb, cacheTable);

    const validatorOptions = localValidatorOptions(server, audience, exchangeMode, decisionLog);
    const yours = options.services?.({ issuer: server.issuer, jwksUri: server.jwksUri, audience, validatorOptions });
    const routes = yours ? yours.flatMap((service) => service.routes) : EXAMPLE_ROUTES;
    const services: ServiceTable = yours ? serviceTable(yours) : exampleServices(server, exchangeMode, options.onServiceEvent, decisionLog);
    const startGateway = options.api === 'http' ? startLocalHttpApi : startLocalGateway;
    const resultsCacheTtlSeconds = senderConstrained ? 0 : options.resultsCacheTtlSeconds;
    const gateway = await bind('gateway', options.gatewayPort ?? 0, (port) =>
      startGateway({
        port,
        routes,
        services,
        authorizer: exampleAuthorizer({
          server,
          exchangeMode,
          routes,
          audience,
          cacheTable,
          dynamoDbEndpoint,
          dynamoDb,
          resultsCacheTtlSeconds,
          overrides: senderConstrained ? { ...options.authorizer, senderConstrained } : options.authorizer,
          logSink: decisionLog,
        }),
        resultsCacheTtlSeconds,
        mutualTls: options.mutualTls,
        dpopAlgorithms: senderConstrained ? (options.authorizer?.dpopAlgorithms ?? DEFAULT_DPOP_ALGORITHMS) : undefined,
        unauthenticatedRoutes: options.unauthenticatedRoutes,
        accessLog: options.accessLog,
      }),
    );
    stops.push(() => gateway.stop());

    const revocationReceiver = options.revocationReceiver === false ? undefined : await startLocalRevocationReceiver({
      settings: { issuer: server.issuer, jwksUri: server.jwksUri, cacheTable, dynamoDbEndpoint, ...pick(options.authorizer, 'cacheMaxTtlSeconds'), ...pick(options.authorizer, 'revocationPollIntervalMs') },
      dynamoDb,
      flusher: { flush: async () => gateway.clearAuthorizerCache() },
      logSink: decisionLog,
    });
    if (revocationReceiver) {
      stops.push(() => revocationReceiver.stop());
      await as?.pushSecurityEventsTo({ endpoint: revocationReceiver.url, audience: revocationReceiver.audience });
      stops.push(async () => as?.pushSecurityEventsTo(undefined));
    }

    return {
      gatewayUrl: gateway.url,
      issuer: server.issuer,
      tokenEndpoint: server.tokenEndpoint,
      jwksUri: server.jwksUri,
      audience,
      validatorOptions,
      clients: as ? clients : [],
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
        demoClients: as ? bannerClients(clients) : [],
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

/** `extra` beside `base`; an extra client with a base client's id replaces it. */
function withClients(base: readonly DemoClient[], extra: readonly DemoClient[]): readonly DemoClient[] {
  const ids = new Set(extra.map((client) => client.clientId));
  return [...base.filter((client) => !ids.has(client.clientId)), ...extra];
}

function localValidatorOptions(server: AsServer, audience: string, exchangeMode: ExchangeMode, logSink: LogSink | undefined): ValidatorOptions {
  const tokenType = serviceTokenType(exchangeMode);
  return {
    issuer: server.issuer,
    audience,
    jwksUri: server.jwksUri,
    localMode: true,
    ...(tokenType ? { tokenType } : {}),
    ...(logSink ? { logSink } : {}),
  };
}

function pick<T extends object, K extends keyof T>(from: T | undefined, key: K): Partial<Pick<T, K>> {
  return from?.[key] === undefined ? {} : ({ [key]: from[key] } as Partial<Pick<T, K>>);
}
