// The pattern: a REST API, the phantom token authorizer, its cache table, the gateway responses, access
// logs, throttling, an optional WAF, and the services behind it. Defaults are merged in one fixed order:
// library defaults, then the user's props, then what the pattern must force.
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { routeTableProblems, RouteRule } from '../lambda/shared/routes';
import { addOperationsViews, gatewayMetric, OperationsViewsOptions, operationsViewsProblems, PhantomTokenAlarms, PhantomTokenDashboard } from './observability';
import { accessLogFormatProblem, phantomTokenAccessLogFormat } from './access-log-format';
import { PhantomTokenGatewayResponses } from './gateway-responses';
import { GatewayWebAcl, GatewayWebAclOptions, gatewayWebAclProblems } from './gateway-web-acl';
import {
  authorizerEnvironmentProblem,
  PhantomTokenAuthorizer,
  PhantomTokenAuthorizerProps,
  phantomTokenAuthorizerProblems,
} from './phantom-token-authorizer';
import { PropProblems } from './prop-problems';
import { ProtectedService, ProtectedServiceBackendOptions, protectedServiceProblems } from './protected-service';
import { GATEWAY_KINDS, routeProblems } from './shared-checks';
import { TokenCacheTable, TokenCacheTableProps, tokenCacheTableProblems } from './token-cache-table';

/** Default stage throttling: steady requests per second and burst, for the whole stage. */
export const DEFAULT_THROTTLING = { rateLimit: 100, burstLimit: 200 } as const;

/** One service behind the gateway. */
export interface GatewayServiceOptions extends ProtectedServiceBackendOptions {
  /** Construct id of the service (unique within the gateway), e.g. `Invoices`. */
  readonly name: string;
  /** Its routes and their coarse scope rules. */
  readonly routes: RouteRule[];
  /** The audience its validator requires in the JWT's `aud`. */
  readonly audience: string;
  /**
   * Required JOSE `typ` of the JWT. With `authorization.exchangeMode: 'rfc9701'` the services receive
   * signed introspection responses, so it must be (and defaults to) `token-introspection+jwt`.
   * @default - 'token-introspection+jwt' in rfc9701 mode, otherwise not checked
   */
  readonly tokenType?: string;
}

/** The JOSE `typ` of an RFC 9701 signed introspection response, which the services receive in that mode. */
export const RFC9701_TOKEN_TYPE = 'token-introspection+jwt';

/** The authorizer's settings; its routes come from the services, its cache table from the gateway. */
export type GatewayAuthorizationOptions = Omit<PhantomTokenAuthorizerProps, 'routes' | 'cacheTable'>;

export interface PhantomTokenGatewayProps extends OperationsViewsOptions {
  /** The authorization server and how the authorizer talks to it. */
  readonly authorization: GatewayAuthorizationOptions;
  /** The APIs behind the gateway (at least one). */
  readonly services: GatewayServiceOptions[];
  /**
   * An existing REST API to add the routes, responses and authorizer to. Not with `restApiProps`,
   * `accessLogging`, `throttling`: its stage is yours.
   * @default - a new RestApi
   */
  readonly existingRestApi?: apigateway.IRestApi;
  /**
   * Props for the new RestApi, merged over the library defaults (regional endpoint, stage `prod`, JSON
   * access log, throttling, ERROR execution logging, metrics on). Data tracing
   * (`deployOptions.dataTraceEnabled` or any `deployOptions.methodOptions[path].dataTraceEnabled`) is
   * refused and forced off: it would log the Authorization header. A `deployOptions.accessLogFormat` that
   * logs the authorizer's `jwt` or `authorization` context values or a request header is refused too.
   * @default - the library defaults
   */
  readonly restApiProps?: apigateway.RestApiProps;
  /**
   * An existing cache table (partition key `pk` string, TTL attribute `ttl`). Not with `cacheTableProps`.
   * @default - a new TokenCacheTable
   */
  readonly existingCacheTable?: dynamodb.ITableV2;
  /**
   * Props for the new cache table.
   * @default - TokenCacheTable defaults
   */
  readonly cacheTableProps?: TokenCacheTableProps;
  /**
   * JSON access logs (without the Authorization header, the JWT or the opaque token) to a new log group.
   * @default true
   */
  readonly accessLogging?: boolean;
  /**
   * Stage-wide throttling.
   * @default { rateLimit: 100, burstLimit: 200 }
   */
  readonly throttling?: { readonly rateLimit?: number; readonly burstLimit?: number };
  /**
   * An AWS WAF web ACL on the stage (per-IP rate rule and AWS managed rule groups); `true` for defaults.
   * @default false
   */
  readonly webAcl?: boolean | GatewayWebAclOptions;
  /**
   * AWS X-Ray tracing on the stage (a RestApi the gateway creates), the authorizer function and the
   * functions the gateway builds for services (`code`); a service's own `tracing` overrides it. Not with
   * `existingRestApi` (the stage is yours: set `tracingEnabled` on it and `authorization.tracing`).
   * @default false
   */
  readonly tracing?: boolean;
}

/** The phantom token gateway: the whole trust boundary in one construct. */
export class PhantomTokenGateway extends Construct {
  /** The REST API (new or the existing one). */
  public readonly restApi: apigateway.IRestApi;
  /** The authorizer. */
  public readonly authorizer: PhantomTokenAuthorizer;
  /** The cache table (new or the existing one). */
  public readonly cacheTable: dynamodb.ITableV2;
  /** The services, by name. */
  public readonly services: Readonly<Record<string, ProtectedService>>;
  /** The gateway responses. */
  public readonly gatewayResponses: PhantomTokenGatewayResponses;
  /** The access log group, when the gateway made the RestApi with access logging. */
  public readonly accessLogGroup?: logs.LogGroup;
  /** The web ACL, when enabled. */
  public readonly webAcl?: GatewayWebAcl;
  /** The alarms, when `alarms` is set. */
  public readonly alarms?: PhantomTokenAlarms;
  /** The dashboard, when `dashboard` is set. */
  public readonly dashboard?: PhantomTokenDashboard;

  constructor(scope: Construct, id: string, props: PhantomTokenGatewayProps) {
    super(scope, id);
    const problems = new PropProblems(this);
    validateGatewayProps(problems, problems.typed(props, GATEWAY_KINDS));

    this.cacheTable = props.existingCacheTable ?? new TokenCacheTable(this, 'CacheTable', props.cacheTableProps).table;
    const routes = props.services.flatMap((service) => service.routes);
    this.authorizer = new PhantomTokenAuthorizer(this, 'Authorizer', {
      ...props.authorization,
      routes,
      cacheTable: this.cacheTable,
      tracing: props.tracing || props.authorization.tracing,
    });

    if (props.existingRestApi) {
      this.restApi = props.existingRestApi;
    } else {
      const accessLogging = props.accessLogging ?? true;
      this.accessLogGroup = accessLogging ? new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH }) : undefined;
      this.restApi = new apigateway.RestApi(this, 'Resource', mergeRestApiProps(this.node.path, props, this.accessLogGroup));
    }
    this.gatewayResponses = new PhantomTokenGatewayResponses(this, 'GatewayResponses', { restApi: this.restApi });

    const services: Record<string, ProtectedService> = {};
    for (const service of props.services) {
      services[service.name] = new ProtectedService(this, service.name, {
        restApi: this.restApi,
        authorizer: this.authorizer,
        routes: service.routes,
        function: service.function,
        code: service.code,
        handler: service.handler,
        httpUrl: service.httpUrl,
        vpcLink: service.vpcLink,
        tracing: service.tracing ?? (service.code !== undefined && props.tracing ? true : undefined),
        validator: {
          issuer: props.authorization.issuer,
          audience: service.audience,
          jwksUri: props.authorization.jwksUri,
          allowedAlgorithms: props.authorization.allowedAlgorithms,
          tokenType: service.tokenType ?? (props.authorization.exchangeMode === 'rfc9701' ? RFC9701_TOKEN_TYPE : undefined),
        },
      });
    }
    this.services = services;

    if (props.webAcl) {
      const options = props.webAcl === true ? {} : props.webAcl;
      this.webAcl = new GatewayWebAcl(this, 'WebAcl', { ...options, stage: this.restApi.deploymentStage });
    }
    ({ alarms: this.alarms, dashboard: this.dashboard } = addOperationsViews(this, this.authorizer.metrics, props, this.restApi));
  }

  /** 5xx answers of the stage (API Gateway `5XXError`; Sum counts them, Average is the rate). */
  metricServerErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return gatewayMetric(this.restApi, '5XXError', props);
  }

  /** 4xx answers of the stage, the authorizer's 401s and 403s among them. */
  metricClientErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return gatewayMetric(this.restApi, '4XXError', props);
  }

  /** Requests to the stage. */
  metricRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return gatewayMetric(this.restApi, 'Count', props);
  }

  /** Latency of the stage in milliseconds, authorizer and integration included. */
  metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return gatewayMetric(this.restApi, 'Latency', props);
  }

  /** The authorizer's decisions, all outcomes. */
  metricDecisions(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.authorizer.metricDecisions(props);
  }

  /** The authorizer's failed AS calls. */
  metricAsErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.authorizer.metricAsErrors(props);
  }

  /** The authorizer's AS call latency in milliseconds. */
  metricAsLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.authorizer.metricAsLatency(props);
  }

  /** Percentage of the authorizer's token lookups answered from the cache. */
  metricCacheHitRatio(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.authorizer.metricCacheHitRatio(props);
  }

  /** The URL of the deployed stage (new RestApi only). */
  get url(): string {
    return this.restApi.deploymentStage.urlForPath('/');
  }
}

/** Every problem with the gateway's props, services and authorizer, thrown at once under the gateway's path. */
function validateGatewayProps(problems: PropProblems, props: PhantomTokenGatewayProps): void {
  problems.exclusive({ existingRestApi: props.existingRestApi, restApiProps: props.restApiProps });
  if (props.existingRestApi) {
    for (const [prop, value] of Object.entries({ accessLogging: props.accessLogging, throttling: props.throttling })) {
      if (value !== undefined) problems.add(`existingRestApi, ${prop}`, `conflict: ${prop} applies to a RestApi the gateway creates; set it on your stage`);
    }
    if (props.tracing !== undefined) {
      problems.add('existingRestApi, tracing', 'conflict: tracing also switches the stage, which is yours: set tracingEnabled on your stage, and authorization.tracing / services[].tracing for the functions');
    }
    if (props.webAcl && !props.existingRestApi.deploymentStage) {
      problems.add('existingRestApi, webAcl', 'conflict: the web ACL is associated with the API\'s deployment stage, and this RestApi has none (imported); associate your own web ACL with your stage');
    }
  }
  problems.exclusive({ existingCacheTable: props.existingCacheTable, cacheTableProps: props.cacheTableProps });
  if (props.cacheTableProps) tokenCacheTableProblems(problems.prefixed('cacheTableProps.'), props.cacheTableProps);
  stageLoggingProblems(problems.prefixed('restApiProps.deployOptions.'), props.restApiProps?.deployOptions);
  problems.integerWithin('throttling.rateLimit', props.throttling?.rateLimit, 1, 1_000_000);
  problems.integerWithin('throttling.burstLimit', props.throttling?.burstLimit, 1, 1_000_000);
  if (typeof props.webAcl === 'object') gatewayWebAclProblems(problems.prefixed('webAcl.'), props.webAcl);
  operationsViewsProblems(problems, props);
  if (!props.authorization) problems.add('authorization', 'is required (issuer, clientId, clientSecret)');
  else phantomTokenAuthorizerProblems(problems.prefixed('authorization.'), { ...props.authorization, routes: [] }, false);

  const services = props.services ?? [];
  if (services.length === 0) problems.add('services', 'must list at least one service');
  if (props.authorization && !props.authorization.jwksUri && services.some((service) => service.code !== undefined)) {
    problems.add('authorization.jwksUri', 'is required when a service runs on code the gateway builds: its validator reads its keys from it (no discovery)');
  }
  const names = new Set<string>();
  let routesUsable = true;
  services.forEach((service, index) => {
    const view = problems.prefixed(`services[${index}].`);
    if (!service.name?.trim()) view.add('name', 'is required');
    else if (names.has(service.name)) view.add('name', `"${service.name}" is used twice`);
    names.add(service.name);
    if (!service.audience?.trim()) view.add('audience', 'is required');
    routesUsable &&= routeProblems(service.routes).length === 0;
    const sharing = service.function === undefined ? -1 : services.findIndex((other) => other.function === service.function);
    if (sharing !== -1 && sharing < index) view.add('function', `is also the function of services[${sharing}]: give each service its own function`);
    if (props.authorization?.exchangeMode === 'rfc9701' && service.tokenType !== undefined && service.tokenType !== RFC9701_TOKEN_TYPE) {
      view.add('tokenType', `must be "${RFC9701_TOKEN_TYPE}" (or unset) with authorization.exchangeMode rfc9701: the services receive signed introspection responses, got "${service.tokenType}"`);
    }
    protectedServiceProblems(view, {
      ...service,
      // The issuer and audience are judged once, above; placeholders keep them from being reported twice.
      validator: { issuer: 'https://issuer.checked-above', audience: 'checked-above', jwksUri: 'https://issuer.checked-above/jwks' },
    });
  });
  if (routesUsable && services.length > 0 && props.authorization) {
    const union = services.flatMap((service) => service.routes);
    problems.addAll('services', routeTableProblems(union)); // the same route claimed by two services
    const tooLarge = authorizerEnvironmentProblem({ ...props.authorization, routes: union });
    if (tooLarge) problems.add('services', tooLarge);
  }
  problems.throwIfAny();
}

/** Stage options that would write the opaque token or the JWT to CloudWatch Logs. */
function stageLoggingProblems(problems: PropProblems, deployOptions: apigateway.StageOptions | undefined): void {
  const tracing = 'must stay false: data tracing logs request headers, the opaque token among them';
  if (deployOptions?.dataTraceEnabled) problems.add('dataTraceEnabled', tracing);
  for (const [path, options] of Object.entries(deployOptions?.methodOptions ?? {})) {
    if (options?.dataTraceEnabled) problems.add(`methodOptions[${JSON.stringify(path)}].dataTraceEnabled`, tracing);
  }
  const format = deployOptions?.accessLogFormat;
  const logsToken = format === undefined ? undefined : accessLogFormatProblem(format.toString());
  if (logsToken) problems.add('accessLogFormat', logsToken);
}

/** Library defaults, then the user's props, then what the pattern forces. */
function mergeRestApiProps(path: string, props: PhantomTokenGatewayProps, accessLogGroup: logs.LogGroup | undefined): apigateway.RestApiProps {
  const user = props.restApiProps ?? {};
  const throttling = { ...DEFAULT_THROTTLING, ...props.throttling };
  const defaults: apigateway.RestApiProps = {
    restApiName: path.replace(/\//g, '-'),
    description: 'phantom token gateway: opaque tokens in, JWTs to the services',
    endpointTypes: [apigateway.EndpointType.REGIONAL],
    // Access logs need the account's API Gateway CloudWatch role; set cloudWatchRole false if it exists.
    cloudWatchRole: true,
  };
  const defaultDeployOptions: apigateway.StageOptions = {
    stageName: 'prod',
    throttlingRateLimit: throttling.rateLimit,
    throttlingBurstLimit: throttling.burstLimit,
    loggingLevel: apigateway.MethodLoggingLevel.ERROR,
    metricsEnabled: true,
    ...(props.tracing ? { tracingEnabled: true } : {}),
    ...(accessLogGroup
      ? { accessLogDestination: new apigateway.LogGroupLogDestination(accessLogGroup), accessLogFormat: phantomTokenAccessLogFormat() }
      : {}),
  };
  return {
    ...defaults,
    ...user,
    deployOptions: { ...defaultDeployOptions, ...user.deployOptions, dataTraceEnabled: false },
  };
}
