// The pattern: a REST API, the phantom token authorizer, its cache table, the gateway responses, access
// logs, throttling, an optional WAF, and the services behind it. Its props and their checks live in
// lib/gateway/; this file builds the resources.
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { GATEWAY_KINDS } from './construct-prop-kinds';
import { PhantomTokenGatewayResponses } from './gateway-responses';
import { GatewayWebAcl } from './gateway-web-acl';
import type { PhantomTokenGatewayProps } from './gateway/gateway-options';
import { gatewayAuthorizer, gatewayService } from './gateway/gateway-parts';
import { validateGatewayProps } from './gateway/gateway-problems';
import { DEFAULT_THROTTLING, mergeRestApiProps } from './gateway/rest-api-defaults';
import { GatewayMetrics } from './observability/gateway-metrics';
import { addOperationsViews } from './observability/operations-views';
import { PhantomTokenAlarms } from './observability/phantom-token-alarms';
import { PhantomTokenDashboard } from './observability/phantom-token-dashboard';
import { MutualTlsDomain } from './mutual-tls-domain';
import { PhantomTokenAuthorizer } from './phantom-token-authorizer';
import { PropProblems } from './prop-problems';
import { ProtectedService } from './protected-service';
import { dpopChallengeAlgorithms } from './sender-constraint-options';

/** The phantom token gateway: the whole trust boundary in one construct. */
export class PhantomTokenGateway extends Construct {
  /** Default stage throttling: steady requests per second and burst, for the whole stage. */
  public static readonly DEFAULT_THROTTLING: apigateway.ThrottleSettings = { ...DEFAULT_THROTTLING };

  /** The REST API (new or the existing one). */
  public readonly restApi: apigateway.IRestApi;
  /** The authorizer. */
  public readonly authorizer: PhantomTokenAuthorizer;
  /** The cache table (new or the existing one). */
  public readonly cacheTable: dynamodb.ITableV2;
  /** The services, by name. */
  public readonly services: { [name: string]: ProtectedService };
  /** The gateway responses. */
  public readonly gatewayResponses: PhantomTokenGatewayResponses;
  /** API Gateway's own metrics of the stage. */
  public readonly gatewayMetrics: GatewayMetrics;
  /** The access log group, when the gateway made the RestApi with access logging. */
  public readonly accessLogGroup?: logs.LogGroup;
  /** The web ACL, when `webAcl` is set. */
  public readonly webAcl?: GatewayWebAcl;
  /** The alarms, when `alarms` is set. */
  public readonly alarms?: PhantomTokenAlarms;
  /** The dashboard, when `dashboard` is set. */
  public readonly dashboard?: PhantomTokenDashboard;
  /** The mutual TLS custom domain, when `mutualTls` is set. */
  public readonly mutualTlsDomain?: MutualTlsDomain;

  constructor(scope: Construct, id: string, props: PhantomTokenGatewayProps) {
    super(scope, id);
    const problems = new PropProblems(this);
    validateGatewayProps(problems, problems.typed(props, GATEWAY_KINDS));

    ({ cacheTable: this.cacheTable, authorizer: this.authorizer } = gatewayAuthorizer(this, props, props.tracing));

    if (props.existingRestApi) {
      this.restApi = props.existingRestApi;
    } else {
      const accessLogging = props.accessLogging ?? true;
      this.accessLogGroup = accessLogging ? new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH }) : undefined;
      this.restApi = new apigateway.RestApi(this, 'Resource', mergeRestApiProps(this.node.path, props, this.accessLogGroup));
    }
    this.gatewayMetrics = new GatewayMetrics(this.restApi);
    if (props.mutualTls) this.mutualTlsDomain = new MutualTlsDomain(this, 'MutualTlsDomain', { ...props.mutualTls, restApi: this.restApi });
    this.gatewayResponses = new PhantomTokenGatewayResponses(this, 'GatewayResponses', {
      restApi: this.restApi,
      dpopAlgorithms: dpopChallengeAlgorithms(props.authorization),
    });

    const services: Record<string, ProtectedService> = {};
    for (const service of props.services) {
      services[service.name] = new ProtectedService(this, service.name, {
        restApi: this.restApi,
        authorizer: this.authorizer,
        routes: service.routes,
        ...gatewayService(props, service, props.tracing),
      });
    }
    this.services = services;

    if (props.webAcl) this.webAcl = new GatewayWebAcl(this, 'WebAcl', { ...props.webAcl, stage: this.restApi.deploymentStage });
    ({ alarms: this.alarms, dashboard: this.dashboard } = addOperationsViews(this, this.authorizer.metrics, props, this.gatewayMetrics));
  }

  /** 5xx answers of the stage (API Gateway `5XXError`; Sum counts them, Average is the rate). */
  public metricServerErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.gatewayMetrics.metricServerErrors(props);
  }

  /** 4xx answers of the stage, the authorizer's 401s and 403s among them. */
  public metricClientErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.gatewayMetrics.metricClientErrors(props);
  }

  /** Requests to the stage. */
  public metricRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.gatewayMetrics.metricRequests(props);
  }

  /** Latency of the stage in milliseconds, authorizer and integration included. */
  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.gatewayMetrics.metricLatency(props);
  }

  /** The authorizer's decisions, all outcomes. */
  public metricDecisions(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.authorizer.metricDecisions(props);
  }

  /** The authorizer's failed AS calls. */
  public metricAsErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.authorizer.metricAsErrors(props);
  }

  /** The authorizer's AS call latency in milliseconds. */
  public metricAsLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.authorizer.metricAsLatency(props);
  }

  /** Percentage of the authorizer's token lookups answered from the cache. */
  public metricCacheHitRatio(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.authorizer.metricCacheHitRatio(props);
  }

  /**
   * The URL callers use.
   *
   * With `mutualTls` it is the domain's (`https://<domainName>[/<basePath>]/`), since the execute-api
   * endpoint is then disabled; otherwise the URL of the REST API's deployment stage.
   */
  public get url(): string {
    if (this.mutualTlsDomain) return `${this.mutualTlsDomain.publicBaseUrl}/`;
    return this.restApi.deploymentStage.urlForPath('/');
  }
}
