// The Lambda adapter: builds the authorizer's parts once per instance (JWKS, credentials, caches survive
// across invocations), then per event: normalize, decide, answer, log one line.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KeyResolver } from '../shared/jwt/local-key-set';
import { authorizerConfigFromEnv, type AuthorizerConfig } from '../shared/config';
import { DecisionLogger, type DecisionOutcome, type DecisionRecord } from '../shared/decision-log';
import { isPhantomTokenError, UpstreamError } from '../shared/errors';
import type { AsErrorKind, DynamoDbErrorKind } from '../shared/metric-names';
import { tokenHashPrefix } from '../shared/token-hash';
import { answerWithOutcome, errorToThrow } from './answers/answers';
import { CredentialsSource } from './as-client/credentials';
import { logConfigFailure } from './config-failure';
import { EndpointResolver } from './as-client/endpoints';
import { secretsManagerReader } from './as-client/secrets-manager';
import { decide, traceExpiredDecision, type AuthorizerCore, type DecisionTrace } from './authorize';
import { DynamoDbCacheStore, tier2StoreTimeoutMs } from './cache/dynamodb-store';
import { cacheNamespace } from './cache/item-key';
import { refillLeaseMs } from './cache/refill-lease';
import type { CacheEntry } from './cache/entry';
import { LruCache } from '../shared/lru';
import { StoredEntryRejected, TokenCache } from './cache/token-cache';
import { decisionBudgetMs, isBudgetExhausted, withinBudget, type InvocationContext } from './deadline';
import { normalizeEvent } from './events/normalize';
import { senderConstraintSettings } from './sender-constraint/settings';
import { exchangeForMode, jwtVerifierForMode } from './exchange/select-mode';
import type { ExchangeContext } from './exchange/types';
import { remoteJwks } from '../shared/jwt/remote-jwks';
import { notePoll, revocationPollerFor } from './revocation';
import type { AuthorizerDeps, AuthorizerEvent, AuthorizerResult, NormalizedRequest } from './types';

/** `context` is Lambda's: its remaining time bounds the decision (without one, API Gateway's 10 s does). */
export type AuthorizerHandler = (event: AuthorizerEvent, context?: InvocationContext) => Promise<AuthorizerResult>;

export function createAuthorizerHandler(config: AuthorizerConfig, deps: Partial<AuthorizerDeps> = {}): AuthorizerHandler {
  const now = deps.now ?? Date.now;
  const fetchImpl = deps.fetch ?? globalThis.fetch;
  const logger = new DecisionLogger(config.logLevel, deps.logSink);
  const endpoints = new EndpointResolver(config, fetchImpl);
  let keys: Promise<KeyResolver> | undefined;
  const exchangeContext: ExchangeContext = {
    config,
    fetch: fetchImpl,
    now,
    endpoints: () => endpoints.get(),
    credentials: new CredentialsSource(config, deps.readSecret ?? secretsManagerReader({ timeoutMs: config.asTimeoutMs }), now, () =>
      logger.event('secret_refresh'),
    ),
    keys: () => (keys ??= endpoints.get().then((found) => remoteJwks(found.jwksUri, {
      fetch: fetchImpl,
      timeoutMs: config.asTimeoutMs,
      onRefetch: (refetch) => logger.event('jwks_refresh', refetch),
    }))).catch((error) => {
      keys = undefined;
      throw error;
    }),
  };
  const exchange = exchangeForMode(exchangeContext);
  const storeTimeoutMs = tier2StoreTimeoutMs(config.asTimeoutMs);
  const tableClient = config.cacheTable ? (deps.dynamoDb ?? dynamoDbClient(config)) : undefined;
  const revocations = revocationPollerFor({
    config,
    client: tableClient,
    timeoutMs: storeTimeoutMs,
    now,
    forget: (tokenHash) => core.cache.forget(tokenHash),
    onPollFailure: (error) => logger.event('revocation_poll_failed', { kind: dynamoDbErrorKind(error), errorName: (error as Error)?.name }),
  });
  const core: AuthorizerCore = {
    revocations,
    routes: config.routes,
    exchange,
    now,
    senderConstraint: senderConstraintSettings({
      config,
      now,
      dynamoDb: tableClient,
      storeTimeoutMs,
      onStoreFailure: (error) => logger.event('dynamodb_error', { kind: dynamoDbErrorKind(error), operation: 'PutItem', errorName: (error as Error)?.name }),
    }),
    cache: new TokenCache({
      memory: new LruCache<CacheEntry>(config.memoryCacheEntries),
      store: tableClient ? new DynamoDbCacheStore(tableClient, config.cacheTable!, storeTimeoutMs, cacheNamespace(config)) : undefined,
      now,
      capSeconds: config.cacheMaxTtlSeconds,
      negativeSeconds: config.negativeCacheSeconds,
      refillLeaseMs: refillLeaseMs(config.asTimeoutMs, storeTimeoutMs),
      gatewayCacheTtlSeconds: config.gatewayCacheTtlSeconds,
      verifyStored: jwtVerifierForMode(exchangeContext),
      onStoreFailure: (operation, error) =>
        logger.event('dynamodb_error', { kind: dynamoDbErrorKind(error), operation: operation === 'get' ? 'GetItem' : 'PutItem', errorName: (error as Error)?.name }),
      onStoredRejected: (error) => logger.event('cache_entry_rejected', { reason: rejectionReason(error) }),
    }),
  };

  return async (event, context) => {
    const started = now();
    const trace: DecisionTrace = {};
    let request: NormalizedRequest | undefined;
    try {
      request = normalizeEvent(event);
      // At most once per poll interval, and only while requests come: a memory hit otherwise awaits nothing.
      const poll = revocations?.pollIfDue();
      if (poll) notePoll(await poll, trace);
      const decided = decide(request, core, trace);
      // A memory-tier hit comes back decided: awaiting it anyway would cost a microtask per request, and it
      // needs no deadline either. Anything else may call out, so it gets the invocation's remaining budget.
      const decision = decided instanceof Promise ? await withinBudget(decided, decisionBudgetMs(context)) : decided;
      const { identity } = decision;
      // The answer can refuse what the verdict allows (a REST method ARN holding IAM wildcards, rest-policy.ts):
      // the line says what the caller gets.
      const { answer, allowed } = answerWithOutcome(request, decision, config.routes, config.cachesPerRoute);
      const reason = decision.allowed && !allowed ? 'ERR_POLICY_DENIED' : decision.reason;
      logger.decision(
        decisionRecord({ request, trace, context, outcome: allowed ? 'allow' : 'deny', reason, durationMs: now() - started, sub: identity.sub, clientId: identity.clientId }),
      );
      return answer;
    } catch (error) {
      if (isBudgetExhausted(error)) traceExpiredDecision(trace, now());
      // A single-flight follower made no AS call, so its line names no AS error kind (the leader's does).
      const asErrorKind = error instanceof UpstreamError && trace.singleFlight === undefined ? error.detail.kind : undefined;
      const reason = isPhantomTokenError(error) ? error.code : 'ERR_INTERNAL';
      logger.decision(decisionRecord({ request, trace, context, outcome: failureOutcome(error), reason, durationMs: now() - started, asErrorKind }));
      throw errorToThrow(error);
    }
  };
}

/** What one decision line is made of. */
interface DecisionFacts {
  /** Undefined when the event could not even be read. */
  readonly request: NormalizedRequest | undefined;
  readonly trace: DecisionTrace;
  readonly context: InvocationContext | undefined;
  readonly outcome: DecisionOutcome;
  readonly reason: string;
  readonly durationMs: number;
  readonly sub?: string;
  readonly clientId?: string;
  readonly asErrorKind?: AsErrorKind;
}

/** Every field in one fixed order, so every record has the same shape (this runs on every request). */
function decisionRecord({ request, trace, context, outcome, reason, durationMs, sub, clientId, asErrorKind }: DecisionFacts): DecisionRecord {
  return {
    component: 'authorizer',
    outcome,
    reason,
    route: request ? `${request.method} ${request.path}` : undefined,
    cacheTier: trace.cacheTier,
    asLatencyMs: trace.asLatencyMs,
    singleFlight: trace.singleFlight,
    asErrorKind,
    tokenHashPrefix: trace.tokenHash ? tokenHashPrefix(trace.tokenHash) : undefined,
    sub,
    clientId,
    requestId: request?.requestId ?? context?.awsRequestId,
    durationMs,
    revokedBy: trace.revokedBy,
    revocationDelayMs: trace.revocationDelayMs,
    revocationPoll: trace.revocationPoll,
  };
}

function failureOutcome(error: unknown): DecisionOutcome {
  if (!isPhantomTokenError(error)) return 'error';
  if (error.status === 401) return 'unauthorized';
  if (error.status === 503) return 'unavailable';
  return 'error';
}

/** An error code, never a message: a JWT's claims or a token must not reach the log. */
function rejectionReason(error: unknown): string {
  if (error instanceof StoredEntryRejected || isPhantomTokenError(error)) return error.code;
  return 'ERR_INTERNAL';
}

function dynamoDbErrorKind(error: unknown): DynamoDbErrorKind {
  const name = (error as Error)?.name ?? '';
  if (/Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded/.test(name)) return 'throttle';
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  if (/AccessDenied|UnrecognizedClient|InvalidSignature/.test(name)) return 'access_denied';
  const { code, cause, message } = (error ?? {}) as { code?: string; cause?: { code?: string }; message?: string };
  if (/ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|EPIPE|NetworkingError/.test(`${name} ${code} ${cause?.code} ${message}`)) return 'network';
  return 'other';
}

function dynamoDbClient(config: AuthorizerConfig): DynamoDBClient {
  return new DynamoDBClient({
    maxAttempts: 1,
    ...(config.dynamoDbEndpoint ? { endpoint: config.dynamoDbEndpoint } : {}),
    // DynamoDB Local and dynalite accept any credentials; local mode has none in its environment.
    ...(config.localMode && config.dynamoDbEndpoint && !process.env.AWS_ACCESS_KEY_ID
      ? { region: process.env.AWS_REGION ?? 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
}

let defaultHandler: AuthorizerHandler | undefined;

/** The Lambda entry point: configuration is read from the environment on the first call. */
export const handler: AuthorizerHandler = async (event, context) => {
  if (!defaultHandler) {
    try {
      defaultHandler = createAuthorizerHandler(authorizerConfigFromEnv(process.env));
    } catch (error) {
      logConfigFailure(error, event, context);
      throw errorToThrow(error);
    }
  }
  return defaultHandler(event, context);
};
