// The authorizer Lambda and the API Gateway authorizers that front it. Its settings, their checks and
// the function's environment live in lib/authorizer/; this file builds the resources.
import { Annotations, Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2Authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import { DEFAULT_AUTHORIZER_TIMEOUT_SECONDS, IDENTITY_SOURCE_HEADER } from '../lambda/shared/gateway-defaults';
import { needsPerRouteCacheKeys } from '../lambda/shared/route-overlap';
import { authorizerEnvironment, gatewayResultsCacheTtl } from './authorizer/authorizer-environment';
import { RestAuthorizerType, type AuthorizationServerOptions, type AuthorizerFunctionOptions } from './authorizer/authorizer-options';
import { phantomTokenAuthorizerProblems } from './authorizer/authorizer-problems';
import {
  DEFAULT_NODEJS_RUNTIME, DEFAULT_RESULTS_CACHE_TTL, LAMBDA_ENV_LIMIT_BYTES, MAX_AUTHORIZER_TIMEOUT_SECONDS, MAX_RESULTS_CACHE_TTL_SECONDS,
} from './authorizer/limits';
import { AUTHORIZER_KINDS } from './construct-prop-kinds';
import { HandlerAsset, HandlerAssetName } from './handler-asset';
import { PhantomTokenMetrics } from './observability/authorizer-metrics';
import { PropProblems } from './prop-problems';
import type { RouteRule } from './route-rule';
import { TokenCacheTable } from './token-cache-table';

/** A phantom token authorizer as a service sees it: the REST authorizer to attach, and the routes it enforces. */
export interface IPhantomTokenAuthorizer extends IConstruct {
  /** The REST API authorizer the service's methods use. */
  readonly restAuthorizer: apigateway.IAuthorizer;
  /** The routes the authorizer enforces; a service's routes are checked against them at synth. */
  readonly routes: RouteRule[];
}

/** A phantom token authorizer as an HTTP API service sees it: the HTTP API authorizer, and the routes it enforces. */
export interface IPhantomTokenHttpAuthorizer extends IConstruct {
  /** The routes the authorizer enforces; a service's routes are checked against them at synth. */
  readonly routes: RouteRule[];
  /** The HTTP API Lambda authorizer (simple responses, cached per Authorization header and route key). */
  httpAuthorizer(): apigwv2Authorizers.HttpLambdaAuthorizer;
}

export interface PhantomTokenAuthorizerProps extends AuthorizationServerOptions, AuthorizerFunctionOptions {
  /** Every route behind the gateway with its coarse scope rule; a route not listed is denied. */
  readonly routes: RouteRule[];
  /**
   * Tier 2 of the cache. The function gets GetItem and PutItem on it, nothing more.
   * @default - no DynamoDB tier (memory only)
   */
  readonly cacheTable?: dynamodb.ITableV2;
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
export class PhantomTokenAuthorizer extends Construct implements IPhantomTokenAuthorizer, IPhantomTokenHttpAuthorizer {
  /** The newest Node.js runtime in aws-cdk-lib, the default; the bundles target Node.js 22. */
  public static readonly DEFAULT_NODEJS_RUNTIME: lambda.Runtime = DEFAULT_NODEJS_RUNTIME;
  /** Lambda's limit on the environment (names and values), in bytes. */
  public static readonly LAMBDA_ENV_LIMIT_BYTES: number = LAMBDA_ENV_LIMIT_BYTES;
  /** API Gateway waits at most 10 s for a Lambda authorizer's answer; a longer timeout buys nothing. */
  public static readonly MAX_AUTHORIZER_TIMEOUT_SECONDS: number = MAX_AUTHORIZER_TIMEOUT_SECONDS;
  /** API Gateway's authorizer result cache: at most an hour. */
  public static readonly MAX_RESULTS_CACHE_TTL_SECONDS: number = MAX_RESULTS_CACHE_TTL_SECONDS;
  /** The default `resultsCacheTtl`: how long a revoked token may keep working at API Gateway's cache. */
  public static readonly DEFAULT_RESULTS_CACHE_TTL: Duration = DEFAULT_RESULTS_CACHE_TTL;

  /** The authorizer function. */
  public readonly function: lambda.Function;
  /** Its execution role: logs, the cache table and the secret, nothing else. */
  public readonly role: iam.Role;
  /** Its log group. */
  public readonly logGroup: logs.LogGroup;
  /** The routes this authorizer enforces. */
  public readonly routes: RouteRule[];
  /**
   * True when the route table has overlapping templates with different scope rules whose cached policy
   * could over-deny on another route: the REST REQUEST authorizer's identity sources then add
   * `$context.httpMethod` and `$context.resourcePath`, so API Gateway caches one answer per token and route.
   */
  public readonly cachesPerRoute: boolean;
  /** The environment it was configured with (no secrets: the secret is passed by ARN). */
  public readonly environment: { [name: string]: string };
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
    this.routes = [...props.routes];
    this.cachesPerRoute = needsPerRouteCacheKeys(props.routes);
    this.restAuthorizerType = props.restAuthorizerType ?? RestAuthorizerType.REQUEST;
    this.environment = authorizerEnvironment(props, this.cachesPerRoute);

    // Off when bound tokens are accepted (sender-constraint-options.ts): every proof must reach the function.
    this.resultsCacheTtl = gatewayResultsCacheTtl(props);
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
      code: HandlerAsset.code(HandlerAssetName.AUTHORIZER),
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(DEFAULT_AUTHORIZER_TIMEOUT_SECONDS),
      role: this.role,
      logGroup: this.logGroup,
      environment: { ...this.environment },
      description: `phantom token authorizer for ${props.issuer}`,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : undefined,
    });
    this.metrics = new PhantomTokenMetrics(this.function.functionName);
    props.clientCredentials.secret.grantRead(this.role);
    if (props.cacheTable) TokenCacheTable.grantCacheAccess(props.cacheTable, this.role);
  }

  /** Decisions, all outcomes (Sum, 5 minutes). */
  public metricDecisions(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricDecisions(props);
  }

  /** Token lookups answered by the memory, DynamoDB or negative cache. */
  public metricCacheHits(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricCacheHits(props);
  }

  /** Token lookups that needed the AS. */
  public metricCacheMisses(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricCacheMisses(props);
  }

  /** Percentage of token lookups answered from the cache. */
  public metricCacheHitRatio(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.metrics.metricCacheHitRatio(props);
  }

  /** Calls to the AS. */
  public metricAsCalls(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricAsCalls(props);
  }

  /** Latency of the AS calls in milliseconds (Average; pass `statistic: 'p99'` for the tail). */
  public metricAsLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricAsLatency(props);
  }

  /** Failed AS calls, all kinds (each is a 503 to a caller). */
  public metricAsErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricAsErrors(props);
  }

  /** Percentage of AS calls that failed. */
  public metricAsErrorRate(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.metrics.metricAsErrorRate(props);
  }

  /** Failed or throttled DynamoDB calls of the cache (each degraded to an AS call). */
  public metricDynamoDbErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricDynamoDbErrors(props);
  }

  /** JWKS fetches for an unknown `kid`. */
  public metricJwksRefreshes(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricJwksRefreshes(props);
  }

  /**
   * The REST API authorizer (REQUEST by default, or TOKEN), created on first use. Attach it to methods
   * with `authorizer` and `authorizationType: CUSTOM`.
   */
  public get restAuthorizer(): apigateway.IAuthorizer {
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
          ? new apigateway.TokenAuthorizer(this, 'RestTokenAuthorizer', { ...common, identitySource: `method.request.header.${IDENTITY_SOURCE_HEADER}` })
          : new apigateway.RequestAuthorizer(this, 'RestRequestAuthorizer', {
              ...common,
              identitySources: [
                apigateway.IdentitySource.header(IDENTITY_SOURCE_HEADER),
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
  public httpAuthorizer(): apigwv2Authorizers.HttpLambdaAuthorizer {
    this.httpAuthorizerInstance ??= new apigwv2Authorizers.HttpLambdaAuthorizer(`${this.node.id}HttpAuthorizer`, this.function, {
      responseTypes: [apigwv2Authorizers.HttpLambdaResponseType.SIMPLE],
      identitySource: [`$request.header.${IDENTITY_SOURCE_HEADER}`, '$context.routeKey'],
      resultsCacheTtl: this.resultsCacheTtl,
    });
    return this.httpAuthorizerInstance;
  }
}
