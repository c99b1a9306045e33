// The authorizer Lambda and the API Gateway authorizers that front it. The function's configuration is
// the shared runtime contract (`authorizerConfigToEnv`), so the names the handler reads cannot drift.
import { Annotations, Duration, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2Authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  authorizerConfigToEnv,
  ClientAuthMethod,
  CLIENT_AUTH_METHODS,
  EXCHANGE_MODES,
  ExchangeMode,
  JwtAlgorithm,
  LIMITS,
  LogLevel,
  LOG_LEVELS,
  SUPPORTED_ALGORITHMS,
} from '../lambda/shared/config';
import { AUTHORIZER_ENV } from '../lambda/shared/env-names';
import { needsPerRouteCacheKeys } from '../lambda/shared/route-overlap';
import { RouteRule } from '../lambda/shared/routes';
import { handlerCode } from './handler-asset';
import { PhantomTokenMetrics } from './observability/authorizer-metrics';
import { isWholeSeconds, PropProblems } from './prop-problems';
import { AUTHORIZER_KINDS, endpointProblems, routeProblems } from './shared-checks';
import { TokenCacheTable } from './token-cache-table';

/** Which kind of REST API authorizer `restAuthorizer` creates. */
export enum RestAuthorizerType {
  /** REQUEST authorizer keyed on the Authorization header; its policy covers every route (recommended). */
  REQUEST = 'REQUEST',
  /** TOKEN authorizer; API Gateway passes only the header value and the method ARN. */
  TOKEN = 'TOKEN',
}

/** The newest Node.js runtime in aws-cdk-lib; the bundles target Node.js 22, which it runs unchanged. */
export const DEFAULT_NODEJS_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Problems with a runtime override: Node.js 22 or newer only. */
export function runtimeProblems(runtime: lambda.Runtime | undefined): string[] {
  if (runtime === undefined) return [];
  const major = /^nodejs(\d+)\.x$/.exec(runtime.name)?.[1];
  return major !== undefined && Number(major) >= 22 ? [] : [`must be a Node.js runtime, 22 or newer, got ${runtime.name}`];
}

/** Lambda allows 4 KB of environment variables in all (names and values). */
export const LAMBDA_ENV_LIMIT_BYTES = 4096;

/**
 * API Gateway waits at most 10 s for a Lambda authorizer's response ("Timeout for Lambda authorizer
 * response: 10000 ms, cannot be increased", HTTP API quotas,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html; a REST API gives up
 * on an authorizer at the same bound, AUTHORIZER_APIGW_TIMEOUT). A longer function timeout buys nothing.
 */
export const MAX_AUTHORIZER_TIMEOUT_SECONDS = 10;

/** API Gateway's own authorizer result cache: at most an hour. */
export const MAX_RESULTS_CACHE_TTL_SECONDS = 3600;

/**
 * 60 s: a revoked token keeps working for up to this long at API Gateway's cache, which never asks the
 * authorizer. Short enough for revocation to bite quickly, long enough to absorb bursts from one client.
 */
export const DEFAULT_RESULTS_CACHE_TTL = Duration.seconds(60);

/** How the authorizer talks to the authorization server (AS). Shared by the authorizer and the gateway. */
export interface AuthorizationServerOptions {
  /** The AS issuer (`iss` of the phantom JWT), https only; discovery is read from it unless endpoints are given. */
  readonly issuer: string;
  /**
   * RFC 7662 introspection endpoint (modes accept-jwt, jwt-in-json, rfc9701).
   * @default - from the issuer's discovery document
   */
  readonly introspectionEndpoint?: string;
  /**
   * Token endpoint (mode token-exchange).
   * @default - from the issuer's discovery document
   */
  readonly tokenEndpoint?: string;
  /**
   * The AS's JWKS, used to verify the phantom JWT.
   * @default - from the issuer's discovery document
   */
  readonly jwksUri?: string;
  /**
   * How an opaque token becomes a JWT: `accept-jwt` (introspection answering `application/jwt`),
   * `jwt-in-json` (JSON introspection carrying the JWT in `jwtField`), `rfc9701` (signed introspection
   * response), `token-exchange` (RFC 8693).
   * @default 'accept-jwt'
   */
  readonly exchangeMode?: ExchangeMode;
  /**
   * jwt-in-json only: the introspection response field holding the JWT.
   * @default 'jwt'
   */
  readonly jwtField?: string;
  /**
   * token-exchange only: the `audience` parameter.
   * @default - none sent
   */
  readonly exchangeAudience?: string;
  /**
   * token-exchange only: the `scope` parameter.
   * @default - none sent
   */
  readonly exchangeScope?: string;
  /**
   * When set, the phantom JWT's `aud` must contain it.
   * @default - `aud` is not checked by the authorizer (each API checks its own audience)
   */
  readonly jwtAudience?: string;
  /** The gateway's client id at the AS. */
  readonly clientId: string;
  /**
   * The gateway's credentials at the AS: the client secret (client_secret_basic) or a private JWK/PEM
   * (private_key_jwt). Read at cold start; never placed in the template.
   */
  readonly clientSecret: secretsmanager.ISecret;
  /**
   * How the gateway authenticates to the AS.
   * @default 'client_secret_basic'
   */
  readonly clientAuthMethod?: ClientAuthMethod;
  /**
   * Cap on how long a token's JWT is cached (memory and DynamoDB); the JWT's `exp` and the AS's
   * `Cache-Control` can only shorten it. Whole seconds, 1 s to 3600 s.
   * @default Duration.seconds(300)
   */
  readonly cacheMaxTtl?: Duration;
  /**
   * Cache nothing from an AS answer that carries `Cache-Control: no-store` or `no-cache`: every request
   * with such an answer reaches the AS. Off by default, because ASes send `no-store` on every token answer
   * (RFC 6749 §5.1) to keep HTTP intermediaries from storing it, and the gateway's cache stays bounded by
   * `cacheMaxTtl` and the JWT's `exp`; `max-age` and `s-maxage` shorten the lifetime either way.
   * @default false
   */
  readonly honorNoStore?: boolean;
  /**
   * How long an inactive token is remembered as inactive. Whole seconds, 0 to 60 s.
   * @default Duration.seconds(5)
   */
  readonly negativeCacheTtl?: Duration;
  /**
   * Entries in each instance's in-memory cache. 0 to 100000.
   * @default 10000
   */
  readonly memoryCacheEntries?: number;
  /**
   * Timeout of one call to the AS; a slower AS yields 503. 100 ms to 10 s.
   * @default Duration.millis(2500)
   */
  readonly asTimeout?: Duration;
  /**
   * JWT signature algorithms accepted (asymmetric only).
   * @default ['RS256', 'ES256', 'PS256', 'EdDSA']
   */
  readonly allowedAlgorithms?: JwtAlgorithm[];
  /**
   * Clock skew tolerated on `exp`/`nbf`. Whole seconds, 0 to 300 s.
   * @default Duration.seconds(30)
   */
  readonly clockTolerance?: Duration;
  /**
   * Log level of the decision log.
   * @default 'info'
   */
  readonly logLevel?: LogLevel;
}

export interface PhantomTokenAuthorizerProps extends AuthorizationServerOptions {
  /** Every route behind the gateway with its coarse scope rule; a route not listed is denied. */
  readonly routes: RouteRule[];
  /**
   * Tier 2 of the cache. The function gets GetItem and PutItem on it, nothing more.
   * @default - no DynamoDB tier (memory only)
   */
  readonly cacheTable?: dynamodb.ITableV2;
  /**
   * Kind of REST API authorizer.
   * @default RestAuthorizerType.REQUEST
   */
  readonly restAuthorizerType?: RestAuthorizerType;
  /**
   * How long API Gateway caches the authorizer's answer for one Authorization header. Whole seconds,
   * 0 (off) to 3600 s. Revocation at the AS takes up to this long to reach callers.
   * @default Duration.seconds(60)
   */
  readonly resultsCacheTtl?: Duration;
  /**
   * Memory of the authorizer function (also buys CPU for signature checks and cache crypto).
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * Timeout of the authorizer function, in whole seconds; must exceed `asTimeout`, at most 10 s (API
   * Gateway waits no longer for a Lambda authorizer's response).
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * Runtime of the function: Node.js 22 or newer (the handler is bundled for Node.js 22).
   * @default lambda.Runtime.NODEJS_24_X
   */
  readonly runtime?: lambda.Runtime;
  /**
   * Retention of the function's log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * AWS X-Ray active tracing on the function (the AS and DynamoDB calls show as segments' time).
   * @default false
   */
  readonly tracing?: boolean;
}

/**
 * The phantom token authorizer: a Lambda function (`Resource`) plus, on demand, a REST API authorizer
 * (`restAuthorizer`) and an HTTP API authorizer (`httpAuthorizer()`).
 *
 * REST REQUEST authorizers are keyed on `method.request.header.Authorization`, and the function answers
 * with a policy naming every route of the API: Allow for the routes the token's scopes permit, an
 * explicit Deny for the rest (or Allow only, where that is exact). A cached answer is therefore right for
 * any route the same token calls. When overlapping templates with different scope rules make that
 * impossible for some scope set, the identity sources add the method and resource path (`cachesPerRoute`).
 */
export class PhantomTokenAuthorizer extends Construct {
  /** The authorizer function. */
  public readonly function: lambda.Function;
  /** Its execution role: logs, the cache table and the secret, nothing else. */
  public readonly role: iam.Role;
  /** Its log group. */
  public readonly logGroup: logs.LogGroup;
  /** The routes this authorizer enforces. */
  public readonly routes: readonly RouteRule[];
  /**
   * True when the route table has overlapping templates with different scope rules whose cached policy
   * could over-deny on another route: the REST REQUEST authorizer's identity sources then add
   * `$context.httpMethod` and `$context.resourcePath`, so API Gateway caches one answer per token and route.
   */
  public readonly cachesPerRoute: boolean;
  /** The environment it was configured with (no secrets: the secret is passed by ARN). */
  public readonly environment: Readonly<Record<string, string>>;
  /** Every metric the function emits, per dimension too (see README, Operations). */
  public readonly metrics: PhantomTokenMetrics;

  private readonly restAuthorizerType: RestAuthorizerType;
  private readonly resultsCacheTtl: Duration;
  private restAuthorizerInstance?: apigateway.IAuthorizer;
  private httpAuthorizerInstance?: apigwv2Authorizers.HttpLambdaAuthorizer;

  constructor(scope: Construct, id: string, props: PhantomTokenAuthorizerProps) {
    super(scope, id);
    const problems = new PropProblems(this);
    phantomTokenAuthorizerProblems(problems, problems.typed(props, AUTHORIZER_KINDS));
    problems.throwIfAny();
    this.routes = props.routes;
    this.cachesPerRoute = needsPerRouteCacheKeys(props.routes);
    this.restAuthorizerType = props.restAuthorizerType ?? RestAuthorizerType.REQUEST;
    this.environment = authorizerEnvironment(props, this.cachesPerRoute);

    this.resultsCacheTtl = props.resultsCacheTtl ?? DEFAULT_RESULTS_CACHE_TTL;
    this.logGroup = new logs.LogGroup(this, 'LogGroup', { retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH });
    // An own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to any log group.
    this.role = new iam.Role(this, 'ServiceRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'phantom token authorizer: its log group, its cache table, its AS credentials',
    });
    this.logGroup.grantWrite(this.role);
    this.function = new lambda.Function(this, 'Resource', {
      runtime: props.runtime ?? DEFAULT_NODEJS_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: handlerCode('authorizer'),
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      environment: { ...this.environment },
      description: `phantom token authorizer for ${props.issuer}`,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : undefined,
    });
    this.metrics = new PhantomTokenMetrics(this.function.functionName);
    props.clientSecret.grantRead(this.role);
    if (props.cacheTable) TokenCacheTable.grantReadWriteCache(props.cacheTable, this.role);
  }

  /** Decisions, all outcomes (Sum, 5 minutes). */
  metricDecisions(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricDecisions(props);
  }

  /** Token lookups answered by the memory, DynamoDB or negative cache. */
  metricCacheHits(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricCacheHits(props);
  }

  /** Token lookups that needed the AS. */
  metricCacheMisses(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricCacheMisses(props);
  }

  /** Percentage of token lookups answered from the cache. */
  metricCacheHitRatio(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.metrics.metricCacheHitRatio(props);
  }

  /** Calls to the AS. */
  metricAsCalls(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricAsCalls(props);
  }

  /** Latency of the AS calls in milliseconds (Average; pass `statistic: 'p99'` for the tail). */
  metricAsLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricAsLatency(props);
  }

  /** Failed AS calls, all kinds (each is a 503 to a caller). */
  metricAsErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricAsErrors(props);
  }

  /** Percentage of AS calls that failed. */
  metricAsErrorRate(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.metrics.metricAsErrorRate(props);
  }

  /** Failed or throttled DynamoDB calls of the cache (each degraded to an AS call). */
  metricDynamoDbErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricDynamoDbErrors(props);
  }

  /** JWKS fetches for an unknown `kid`. */
  metricJwksRefreshes(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricJwksRefreshes(props);
  }

  /**
   * The REST API authorizer (REQUEST by default, or TOKEN), created on first use. Attach it to methods
   * with `authorizer` and `authorizationType: CUSTOM`.
   */
  get restAuthorizer(): apigateway.IAuthorizer {
    if (!this.restAuthorizerInstance) {
      const common = { handler: this.function, resultsCacheTtl: this.resultsCacheTtl };
      if (this.cachesPerRoute && this.restAuthorizerType === RestAuthorizerType.TOKEN) {
        Annotations.of(this).addWarningV2(
          'cdk-phantom-token:tokenAuthorizerCache',
          'routes has overlapping templates with different scope rules: a TOKEN authorizer caches per token only, so a cached answer may deny the token on another route (never allow). Use REQUEST, which then caches per route',
        );
      }
      this.restAuthorizerInstance =
        this.restAuthorizerType === RestAuthorizerType.TOKEN
          ? new apigateway.TokenAuthorizer(this, 'RestTokenAuthorizer', { ...common, identitySource: 'method.request.header.Authorization' })
          : new apigateway.RequestAuthorizer(this, 'RestRequestAuthorizer', {
              ...common,
              identitySources: [
                apigateway.IdentitySource.header('Authorization'),
                // A policy over the whole table cannot be exact here (route-overlap.ts): key the cache per route.
                ...(this.cachesPerRoute ? [apigateway.IdentitySource.context('httpMethod'), apigateway.IdentitySource.context('resourcePath')] : []),
              ],
            });
    }
    return this.restAuthorizerInstance;
  }

  /**
   * An HTTP API (`aws-apigatewayv2`) Lambda authorizer with simple responses. A simple answer is allow or
   * deny for one route, so its cache key holds the route as well as the Authorization header.
   */
  httpAuthorizer(): apigwv2Authorizers.HttpLambdaAuthorizer {
    this.httpAuthorizerInstance ??= new apigwv2Authorizers.HttpLambdaAuthorizer(`${this.node.id}HttpAuthorizer`, this.function, {
      responseTypes: [apigwv2Authorizers.HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization', '$context.routeKey'],
      resultsCacheTtl: this.resultsCacheTtl,
    });
    return this.httpAuthorizerInstance;
  }
}

/**
 * Reports every problem with the authorizer's props. The gateway calls it ahead of time with
 * `checkRoutes: false` and checks its services' routes itself.
 */
export function phantomTokenAuthorizerProblems(problems: PropProblems, props: PhantomTokenAuthorizerProps, checkRoutes = true): void {
  authorizationServerProblems(problems, props);
  problems.wholeSecondsWithin('resultsCacheTtl', props.resultsCacheTtl, 0, MAX_RESULTS_CACHE_TTL_SECONDS);
  problems.integerWithin('memorySize', props.memorySize, 128, 10240);
  problems.wholeSecondsWithin('timeout', props.timeout, 1, MAX_AUTHORIZER_TIMEOUT_SECONDS);
  const asTimeoutMs = props.asTimeout?.toMilliseconds() ?? LIMITS.asTimeoutMs.default;
  const timeoutMs = props.timeout?.toMilliseconds() ?? 10_000;
  if (!props.asTimeout?.isUnresolved() && !props.timeout?.isUnresolved() && timeoutMs <= asTimeoutMs) {
    problems.add('timeout', `must exceed asTimeout (${asTimeoutMs} ms) so a slow AS yields 503, not a killed function`);
  }
  problems.addAll('runtime', runtimeProblems(props.runtime));
  if (!checkRoutes) return;
  const routeTable = routeProblems(props.routes);
  problems.addAll('routes', routeTable);
  if (routeTable.length > 0) return; // bad routes cannot be serialised to measure the environment
  const tooLarge = authorizerEnvironmentProblem(props);
  if (tooLarge) problems.add('routes', tooLarge);
}

/** Lambda's 4 KB environment limit, measured on the variables these props produce. */
export function authorizerEnvironmentProblem(props: PhantomTokenAuthorizerProps): string | undefined {
  // A fractional-second Duration is reported under its own name; the environment cannot be built from it.
  if (![props.cacheMaxTtl, props.negativeCacheTtl, props.clockTolerance].every(isWholeSeconds)) return undefined;
  const env = authorizerEnvironment(props);
  const envBytes = environmentBytes(env);
  if (envBytes <= LAMBDA_ENV_LIMIT_BYTES) return undefined;
  const routesBytes = Buffer.byteLength(env[AUTHORIZER_ENV.routes] ?? '');
  return `the authorizer's environment would be ${envBytes} bytes (the routes take ${routesBytes}); Lambda allows ${LAMBDA_ENV_LIMIT_BYTES}. Use fewer, broader routes (e.g. {proxy+})`;
}

/** Problems with the AS options: shared by the authorizer and the gateway (which reports under its path). */
export function authorizationServerProblems(problems: PropProblems, props: AuthorizationServerOptions): void {
  for (const [prop, value] of Object.entries({
    issuer: props.issuer,
    introspectionEndpoint: props.introspectionEndpoint,
    tokenEndpoint: props.tokenEndpoint,
    jwksUri: props.jwksUri,
  })) {
    problems.addAll(prop, endpointProblems(value, prop === 'issuer'));
  }
  const mode = props.exchangeMode ?? 'accept-jwt';
  if (!(EXCHANGE_MODES as readonly string[]).includes(mode)) problems.add('exchangeMode', `must be one of ${EXCHANGE_MODES.join(', ')}, got "${mode}"`);
  if (props.jwtField !== undefined && mode !== 'jwt-in-json') problems.add('jwtField', `applies to exchangeMode jwt-in-json only, not ${mode}`);
  if (props.jwtField !== undefined && props.jwtField.trim() === '') problems.add('jwtField', 'must not be empty');
  for (const [prop, value] of Object.entries({ exchangeAudience: props.exchangeAudience, exchangeScope: props.exchangeScope })) {
    if (value !== undefined && mode !== 'token-exchange') problems.add(prop, `applies to exchangeMode token-exchange only, not ${mode}`);
  }
  if (!Token.isUnresolved(props.clientId) && !props.clientId?.trim()) problems.add('clientId', 'is required');
  if (props.clientAuthMethod !== undefined && !(CLIENT_AUTH_METHODS as readonly string[]).includes(props.clientAuthMethod)) {
    problems.add('clientAuthMethod', `must be one of ${CLIENT_AUTH_METHODS.join(', ')}, got "${props.clientAuthMethod}"`);
  }
  if (!props.clientSecret) problems.add('clientSecret', 'is required (an ISecret holding the AS credentials; never a plain string)');
  else if (typeof props.clientSecret.grantRead !== 'function' || typeof props.clientSecret.secretArn !== 'string') {
    problems.add('clientSecret', `must be an ISecret (e.g. secretsmanager.Secret.fromSecretNameV2), got ${typeof props.clientSecret === 'string' ? 'a string' : typeof props.clientSecret}; never pass the secret's value`);
  }
  const L = LIMITS;
  problems.wholeSecondsWithin('cacheMaxTtl', props.cacheMaxTtl, L.cacheMaxTtlSeconds.min, L.cacheMaxTtlSeconds.max);
  problems.wholeSecondsWithin('negativeCacheTtl', props.negativeCacheTtl, L.negativeCacheSeconds.min, L.negativeCacheSeconds.max);
  problems.integerWithin('memoryCacheEntries', props.memoryCacheEntries, L.memoryCacheEntries.min, L.memoryCacheEntries.max);
  if (props.asTimeout && !props.asTimeout.isUnresolved()) {
    const ms = props.asTimeout.toMilliseconds();
    if (ms < L.asTimeoutMs.min || ms > L.asTimeoutMs.max) problems.add('asTimeout', `must be between ${L.asTimeoutMs.min} and ${L.asTimeoutMs.max} ms, got ${ms}`);
  }
  problems.wholeSecondsWithin('clockTolerance', props.clockTolerance, L.clockToleranceSeconds.min, L.clockToleranceSeconds.max);
  if (props.allowedAlgorithms !== undefined) {
    if (props.allowedAlgorithms.length === 0) problems.add('allowedAlgorithms', 'must list at least one algorithm');
    for (const alg of props.allowedAlgorithms) {
      if (!(SUPPORTED_ALGORITHMS as readonly string[]).includes(alg)) {
        problems.add('allowedAlgorithms', `"${alg}" is not one of ${SUPPORTED_ALGORITHMS.join(', ')} (asymmetric only)`);
      }
    }
  }
  if (props.logLevel !== undefined && !(LOG_LEVELS as readonly string[]).includes(props.logLevel)) {
    problems.add('logLevel', `must be one of ${LOG_LEVELS.join(', ')}, got "${props.logLevel}"`);
  }
}

/** `routesNeedPerRouteKeys`: the table's cachesPerRoute, when the caller has it already. */
function authorizerEnvironment(props: PhantomTokenAuthorizerProps, routesNeedPerRouteKeys = needsPerRouteCacheKeys(props.routes ?? [])): Record<string, string> {
  return authorizerConfigToEnv({
    issuer: props.issuer,
    introspectionEndpoint: props.introspectionEndpoint,
    tokenEndpoint: props.tokenEndpoint,
    jwksUri: props.jwksUri,
    exchangeMode: props.exchangeMode ?? 'accept-jwt',
    jwtField: props.jwtField,
    exchangeAudience: props.exchangeAudience,
    exchangeScope: props.exchangeScope,
    jwtAudience: props.jwtAudience,
    clientId: props.clientId,
    clientAuthMethod: props.clientAuthMethod,
    clientSecretArn: typeof props.clientSecret?.secretArn === 'string' ? props.clientSecret.secretArn : undefined,
    cacheTable: props.cacheTable?.tableName,
    cacheMaxTtlSeconds: props.cacheMaxTtl?.toSeconds(),
    honorNoStore: props.honorNoStore,
    negativeCacheSeconds: props.negativeCacheTtl?.toSeconds(),
    memoryCacheEntries: props.memoryCacheEntries,
    asTimeoutMs: props.asTimeout?.toMilliseconds(),
    allowedAlgorithms: props.allowedAlgorithms,
    clockToleranceSeconds: props.clockTolerance?.toSeconds(),
    routes: props.routes ?? [],
    // The REST REQUEST authorizer's cache keys then name the route (see restAuthorizer), so the function
    // answers for that route alone. A TOKEN authorizer's cannot: it keeps the whole-table answer.
    cachesPerRoute: (props.restAuthorizerType ?? RestAuthorizerType.REQUEST) === RestAuthorizerType.REQUEST && routesNeedPerRouteKeys,
    logLevel: props.logLevel,
  });
}

/** Bytes Lambda counts for the variables; an unresolved token (an ARN, a table name) counted as 128. */
function environmentBytes(env: Readonly<Record<string, string>>): number {
  const bytes = (text: string) => (Token.isUnresolved(text) ? 128 : Buffer.byteLength(text));
  return Object.entries(env).reduce((sum, [name, value]) => sum + bytes(name) + bytes(value), 0);
}
