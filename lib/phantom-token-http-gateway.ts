// The pattern on an HTTP API (aws-apigatewayv2): the phantom token authorizer with simple responses,
// its cache table, named routes only, JSON access logs, stage throttling, and the services behind it.
// Its props and their checks live in lib/gateway/http-gateway-*.ts; this file builds the resources.
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { HTTP_API_STAGE_NAME } from '../lambda/shared/gateway-defaults';
import { PhantomTokenAccessLog } from './access-log-format';
import { gatewayAuthorizer, gatewayService } from './gateway/gateway-parts';
import type { PhantomTokenHttpGatewayProps } from './gateway/http-gateway-options';
import { validateHttpGatewayProps } from './gateway/http-gateway-problems';
import { DEFAULT_THROTTLING } from './gateway/rest-api-defaults';
import { HttpGatewayMetrics } from './observability/http-gateway-metrics';
import { addOperationsViews } from './observability/operations-views';
import { PhantomTokenAlarms } from './observability/phantom-token-alarms';
import { PhantomTokenDashboard } from './observability/phantom-token-dashboard';
import { MutualTlsDomain, MutualTlsDomainOptions } from './mutual-tls-domain';
import { PhantomTokenAuthorizer } from './phantom-token-authorizer';
import { PropProblems } from './prop-problems';
import { HTTP_GATEWAY_KINDS } from './construct-prop-kinds';
import { ProtectedHttpService } from './protected-http-service';
import { HTTP_API_JWT_HEADER } from './service/http-api-integration';

/**
 * The phantom token gateway on an HTTP API: the whole trust boundary in one construct, at HTTP API
 * prices. Refusals are API Gateway's own answers (401 `{"message":"Unauthorized"}`, 403
 * `{"message":"Forbidden"}`, 500 when the authorizer fails): HTTP APIs have no gateway responses.
 */
export class PhantomTokenHttpGateway extends Construct {
  /** Default stage throttling: steady requests per second and burst, for the whole stage. */
  public static readonly DEFAULT_THROTTLING: apigwv2.ThrottleSettings = { ...DEFAULT_THROTTLING };
  /**
   * The header an HTTP or private backend receives the JWT in, as `Bearer <jwt>`. HTTP APIs may not map
   * `Authorization` (a reserved header), so the client's opaque token stays in that header: a backend
   * must read this one, and the gateway overwrites whatever a client sent in it.
   */
  public static readonly JWT_HEADER: string = HTTP_API_JWT_HEADER;

  /** The HTTP API (new or the existing one). */
  public readonly httpApi: apigwv2.IHttpApi;
  /** The `$default` stage the gateway made (new HttpApi only). */
  public readonly stage?: apigwv2.HttpStage;
  /** The authorizer. */
  public readonly authorizer: PhantomTokenAuthorizer;
  /** The cache table (new or the existing one). */
  public readonly cacheTable: dynamodb.ITableV2;
  /** The services, by name. */
  public readonly services: { [name: string]: ProtectedHttpService };
  /** API Gateway's own metrics of the stage (of the API, for an existing HttpApi without a default stage). */
  public readonly gatewayMetrics: HttpGatewayMetrics;
  /** The access log group, when the gateway made the HttpApi with access logging. */
  public readonly accessLogGroup?: logs.LogGroup;
  /** The alarms, when `alarms` is set. */
  public readonly alarms?: PhantomTokenAlarms;
  /** The mutual TLS custom domain, when `mutualTls` is set. */
  public readonly mutualTlsDomain?: apigwv2.IDomainName;
  /** The dashboard, when `dashboard` is set. */
  public readonly dashboard?: PhantomTokenDashboard;
  private readonly mutualTlsUrl?: string;

  constructor(scope: Construct, id: string, props: PhantomTokenHttpGatewayProps) {
    super(scope, id);
    const problems = new PropProblems(this);
    validateHttpGatewayProps(problems, problems.typed(props, HTTP_GATEWAY_KINDS));
    ({ cacheTable: this.cacheTable, authorizer: this.authorizer } = gatewayAuthorizer(this, props, props.tracing));

    if (props.existingHttpApi) {
      this.httpApi = props.existingHttpApi;
    } else {
      const api = new apigwv2.HttpApi(this, 'Resource', {
        apiName: this.node.path.replace(/\//g, '-'),
        description: 'phantom token gateway: opaque tokens in, JWTs to the services',
        ...props.httpApiProps,
        createDefaultStage: false,
        disableExecuteApiEndpoint: props.mutualTls ? true : props.httpApiProps?.disableExecuteApiEndpoint,
      });
      this.httpApi = api;
      this.accessLogGroup = props.accessLogging ?? true ? new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH }) : undefined;
      this.stage = api.addStage('Stage', {
        stageName: HTTP_API_STAGE_NAME,
        autoDeploy: true,
        throttle: { ...DEFAULT_THROTTLING, ...props.throttling },
        accessLogSettings: this.accessLogGroup
          ? { destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup), format: PhantomTokenAccessLog.httpApiFormat() }
          : undefined,
      });
    }
    if (props.mutualTls) {
      this.mutualTlsDomain = this.addMutualTlsDomain(props.mutualTls);
      this.mutualTlsUrl = `${MutualTlsDomain.publicBaseUrlOf(props.mutualTls)}/`;
    }
    this.gatewayMetrics = new HttpGatewayMetrics(this.httpApi, this.stage ?? this.httpApi.defaultStage);
    this.node.addValidation({ validate: () => this.defaultRouteProblems() });

    const services: Record<string, ProtectedHttpService> = {};
    for (const service of props.services) {
      services[service.name] = new ProtectedHttpService(this, service.name, {
        httpApi: this.httpApi,
        authorizer: this.authorizer,
        routes: service.routes,
        ...gatewayService(props, service, props.tracing),
      });
    }
    this.services = services;
    ({ alarms: this.alarms, dashboard: this.dashboard } = addOperationsViews(this, this.authorizer.metrics, props, this.gatewayMetrics));
  }

  /**
   * The URL callers use.
   *
   * With `mutualTls` it is the domain's (`https://<domainName>[/<basePath>]/`), since the execute-api
   * endpoint is then disabled; otherwise the URL of the `$default` stage the gateway made (none with an
   * `existingHttpApi`).
   */
  public get url(): string | undefined {
    return this.mutualTlsUrl ?? this.stage?.url;
  }

  /**
   * The REGIONAL mutual TLS domain (TLS 1.2) mapped to the API's stage, with the execute-api endpoint
   * disabled (or callers could bypass the truststore there).
   */
  private addMutualTlsDomain(options: MutualTlsDomainOptions): apigwv2.DomainName {
    (this.httpApi.node.defaultChild as apigwv2.CfnApi).disableExecuteApiEndpoint = true;
    const domain = new apigwv2.DomainName(this, 'MutualTlsDomain', {
      domainName: options.domainName,
      certificate: options.certificate,
      endpointType: apigwv2.EndpointType.REGIONAL,
      securityPolicy: apigwv2.SecurityPolicy.TLS_1_2,
      mtls: { bucket: options.truststoreBucket, key: options.truststoreKey, version: options.truststoreVersion },
    });
    new apigwv2.ApiMapping(this, 'MutualTlsApiMapping', {
      api: this.httpApi,
      domainName: domain,
      stage: this.stage ?? this.httpApi.defaultStage,
      apiMappingKey: options.basePath,
    });
    return domain;
  }

  /** A `$default` route on the API (added by anyone, at any time before synth) would bypass the route table. */
  private defaultRouteProblems(): string[] {
    const defaults = this.node.root.node.findAll().filter((node): node is apigwv2.CfnRoute =>
      node instanceof apigwv2.CfnRoute && node.routeKey === apigwv2.HttpRouteKey.DEFAULT.key && node.apiId === this.httpApi.apiId);
    return defaults.map((route) => `${route.node.path}: a $default route on the gateway's HTTP API answers every path no route names, outside the phantom token route table; name each route instead`);
  }
}
