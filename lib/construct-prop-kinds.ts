// The runtime kind of every construct prop (see `PropProblems.typed`), so a JavaScript caller's wrong
// type is refused by name. Each table is a `KindsOf` its props interface: a new prop without a kind does
// not compile. Internal: not exported from lib/index.ts, so not part of the jsii API.
//
// Enums are checked against their values, except where a value check already names the entry with its
// reason: a route's `method` (the runtime's route table rule, lambda/shared/routes) and the algorithm
// lists (which explain "asymmetric only"); there the kind is the plain type, and membership is checked once.
import { RemovalPolicy } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import { RestAuthorizerType, type AuthorizationServerOptions, type AuthorizerFunctionOptions } from './authorizer/authorizer-options';
import { ClientCredentials } from './client-credentials';
import type { GatewayWebAclOptions, GatewayWebAclProps } from './gateway-web-acl';
import type { PhantomTokenGatewayResponsesProps } from './gateway-responses';
import type { GatewayServiceOptions, PhantomTokenGatewayProps } from './gateway/gateway-options';
import type { PhantomTokenHttpGatewayProps } from './gateway/http-gateway-options';
import type { ProtectedHttpServiceProps } from './protected-http-service';
import { LogLevel } from './jwt-algorithm';
import { JwtExchange } from './jwt-exchange';
import type { MutualTlsDomainOptions, MutualTlsDomainProps } from './mutual-tls-domain';
import { PhantomTokenMetrics } from './observability/authorizer-metrics';
import type { PhantomTokenAlarmOptions, PhantomTokenAlarmsProps } from './observability/phantom-token-alarms';
import type { PhantomTokenDashboardOptions, PhantomTokenDashboardProps } from './observability/phantom-token-dashboard';
import type { PhantomTokenAuthorizerProps } from './phantom-token-authorizer';
import { enumKind, type KindsOf, type PropKind } from './prop-kind';
import type { ProtectedServiceProps } from './protected-service';
import { AuthorizerCacheFlushTarget } from './authorizer-cache-flush-target';
import { RevocationPushAuth } from './revocation-push-auth';
import type { RevocationReceiverProps } from './revocation-receiver';
import type { RouteRule, ScopeRule } from './route-rule';
import { ServiceBackend } from './service/service-backend';
import type { ServiceValidatorOptions } from './service/service-validator-options';
import type { TokenCacheTableProps } from './token-cache-table';

// The members each construct reads first, so a plain object given for one fails here, by name.
const TABLE: PropKind = { implements: 'ITableV2', members: ['tableName', 'grant()'] };
const GATEWAY_METRICS: PropKind = { implements: 'IGatewayMetrics', members: ['metricRequests()', 'metricServerErrors()'] };
const REST_API: PropKind = { implements: 'IRestApi', members: ['restApiId', 'root', 'arnForExecuteApi()'] };

const SCOPE_RULE_KINDS: KindsOf<ScopeRule> = { anyOf: 'strings', allOf: 'strings' };
const ROUTE_KINDS: KindsOf<RouteRule> = { method: { required: 'string' }, path: { required: 'string' }, scopes: { fields: SCOPE_RULE_KINDS } };
const ROUTES: PropKind = { listOf: { fields: ROUTE_KINDS } };

const EXCHANGE: PropKind = {
  instanceOf: JwtExchange,
  expected: 'a JwtExchange (e.g. JwtExchange.acceptJwt())',
  fields: { jwtField: 'string', audience: 'string', scope: 'string' } satisfies KindsOf<Pick<JwtExchange, 'jwtField' | 'audience' | 'scope'>>,
};

// The secret inside is judged by the authorizer's own check, which names what it must be.
const CLIENT_CREDENTIALS: PropKind = {
  instanceOf: ClientCredentials,
  expected: 'made with ClientCredentials.clientSecretBasic(secret) or ClientCredentials.privateKeyJwt(secret)',
  note: "never pass the secret's value",
};

const BACKEND: PropKind = {
  instanceOf: ServiceBackend,
  expected: 'made with ServiceBackend.fromFunction, fromCode, fromHttpUrl, fromApplicationListener or fromNetworkListener',
  fields: {
    function: { implements: 'IFunction', members: ['functionArn', 'addPermission()'] },
    code: { implements: 'lambda.Code', members: ['bind()'] },
    handler: 'string',
    tracing: 'boolean',
    httpUrl: 'string',
    vpcLink: { implements: 'IVpcLink', members: ['vpcLinkId'] },
    applicationListener: { implements: 'IApplicationListener', members: ['listenerArn'] },
    networkListener: { implements: 'INetworkListener', members: ['listenerArn'] },
    privateVpcLink: { implements: 'apigwv2.IVpcLink', members: ['vpcLinkId'] },
  } satisfies KindsOf<Pick<ServiceBackend, 'function' | 'code' | 'handler' | 'tracing' | 'httpUrl' | 'vpcLink' | 'applicationListener' | 'networkListener' | 'privateVpcLink'>>,
};

const METRICS: PropKind = { required: { instanceOf: PhantomTokenMetrics, expected: 'a PhantomTokenMetrics (e.g. authorizer.metrics)' } };

export const AUTHORIZATION_SERVER_KINDS: KindsOf<AuthorizationServerOptions> = {
  issuer: 'string',
  introspectionEndpoint: 'string',
  tokenEndpoint: 'string',
  jwksUri: 'string',
  exchange: EXCHANGE,
  jwtAudience: 'string',
  clientId: 'string',
  clientCredentials: CLIENT_CREDENTIALS,
  cacheMaxTtl: 'duration',
  honorNoStore: 'boolean',
  negativeCacheTtl: 'duration',
  revocationPollInterval: 'duration',
  memoryCacheEntries: 'number',
  asTimeout: 'duration',
  allowedAlgorithms: 'strings',
  clockTolerance: 'duration',
  logLevel: enumKind(LogLevel),
  senderConstrainedTokens: 'boolean',
  dpopAlgorithms: 'strings',
  dpopProofWindow: 'duration',
  publicBaseUrl: 'string',
};

const AUTHORIZER_FUNCTION_KINDS: KindsOf<AuthorizerFunctionOptions> = {
  restAuthorizerType: enumKind(RestAuthorizerType),
  resultsCacheTtl: 'duration',
  memorySize: 'number',
  timeout: 'duration',
  runtime: { implements: 'lambda.Runtime', members: ['name'] },
  logRetention: enumKind(logs.RetentionDays),
  tracing: 'boolean',
};

export const AUTHORIZER_KINDS: KindsOf<PhantomTokenAuthorizerProps> = {
  ...AUTHORIZATION_SERVER_KINDS,
  ...AUTHORIZER_FUNCTION_KINDS,
  routes: ROUTES,
  cacheTable: TABLE,
};

const SERVICE_VALIDATOR_KINDS: KindsOf<ServiceValidatorOptions> = {
  issuer: 'string',
  audience: 'string',
  jwksUri: 'string',
  allowedAlgorithms: 'strings',
  tokenType: 'string',
};

export const PROTECTED_SERVICE_KINDS: KindsOf<ProtectedServiceProps> = {
  restApi: { required: REST_API },
  // Its own check says what it must be (the PhantomTokenAuthorizer itself, not its restAuthorizer).
  authorizer: 'object',
  routes: ROUTES,
  backend: BACKEND,
  validator: { fields: SERVICE_VALIDATOR_KINDS },
};

const HTTP_API: PropKind = { implements: 'IHttpApi', members: ['apiId', 'addRoutes()'] };

export const PROTECTED_HTTP_SERVICE_KINDS: KindsOf<ProtectedHttpServiceProps> = {
  httpApi: { required: HTTP_API },
  // Its own check says what it must be (the PhantomTokenAuthorizer itself).
  authorizer: 'object',
  routes: ROUTES,
  backend: BACKEND,
  validator: { fields: SERVICE_VALIDATOR_KINDS },
};

export const TOKEN_CACHE_TABLE_KINDS: KindsOf<TokenCacheTableProps> = {
  removalPolicy: enumKind(RemovalPolicy),
  encryption: { implements: 'TableEncryptionV2', members: ['type'] },
  pointInTimeRecovery: 'boolean',
  tableName: 'string',
};

const WEB_ACL_OPTIONS_KINDS: KindsOf<GatewayWebAclOptions> = {
  rateLimitPer5Minutes: 'number',
  managedRuleGroups: 'strings',
  sampledRequestsEnabled: 'boolean',
};

// `stage` has its own "is required" message (an imported RestApi has none).
export const WEB_ACL_KINDS: KindsOf<GatewayWebAclProps> = { ...WEB_ACL_OPTIONS_KINDS, stage: { implements: 'IStage', members: ['stageName', 'restApi'] } };

const ALARM_OPTIONS_KINDS: KindsOf<PhantomTokenAlarmOptions> = {
  topic: { implements: 'ITopic', members: ['topicArn'] },
  asErrorRatePercent: 'number',
  asLatencyP99: 'duration',
  authorizerErrors: 'number',
  gateway5xxPercent: 'number',
  cacheHitRatioPercent: 'number',
  cacheHitRatioMinLookups: 'number',
};

export const ALARMS_KINDS: KindsOf<PhantomTokenAlarmsProps> = { ...ALARM_OPTIONS_KINDS, metrics: METRICS, restApi: REST_API, gatewayMetrics: GATEWAY_METRICS };

const DASHBOARD_OPTIONS_KINDS: KindsOf<PhantomTokenDashboardOptions> = { dashboardName: 'string' };

export const DASHBOARD_KINDS: KindsOf<PhantomTokenDashboardProps> = {
  ...DASHBOARD_OPTIONS_KINDS,
  metrics: METRICS,
  restApi: REST_API,
  gatewayMetrics: GATEWAY_METRICS,
  alarms: { listOf: { implements: 'IAlarm', members: ['alarmArn'] } },
};

export const GATEWAY_RESPONSES_KINDS: KindsOf<PhantomTokenGatewayResponsesProps> = { restApi: { required: REST_API }, dpopAlgorithms: 'strings' };

const MUTUAL_TLS_DOMAIN_OPTIONS_KINDS: KindsOf<MutualTlsDomainOptions> = {
  domainName: 'string',
  certificate: { required: { implements: 'ICertificate', members: ['certificateArn'] } },
  truststoreBucket: { required: { implements: 'IBucket', members: ['bucketName'] } },
  truststoreKey: 'string',
  truststoreVersion: 'string',
  basePath: 'string',
};

export const MUTUAL_TLS_DOMAIN_KINDS: KindsOf<MutualTlsDomainProps> = { ...MUTUAL_TLS_DOMAIN_OPTIONS_KINDS, restApi: { required: REST_API } };

const GATEWAY_SERVICE_KINDS: KindsOf<GatewayServiceOptions> = { name: 'string', routes: ROUTES, audience: 'string', backend: BACKEND, tokenType: 'string' };

export const GATEWAY_KINDS: KindsOf<PhantomTokenGatewayProps> = {
  authorization: { fields: { ...AUTHORIZATION_SERVER_KINDS, ...AUTHORIZER_FUNCTION_KINDS } },
  services: { listOf: { fields: GATEWAY_SERVICE_KINDS } },
  existingRestApi: REST_API,
  restApiProps: 'object',
  existingCacheTable: TABLE,
  cacheTableProps: { fields: TOKEN_CACHE_TABLE_KINDS },
  accessLogging: 'boolean',
  throttling: { fields: { rateLimit: 'number', burstLimit: 'number' } satisfies KindsOf<apigateway.ThrottleSettings> },
  webAcl: { fields: WEB_ACL_OPTIONS_KINDS },
  tracing: 'boolean',
  alarms: { fields: ALARM_OPTIONS_KINDS },
  dashboard: { fields: DASHBOARD_OPTIONS_KINDS },
  mutualTls: { fields: MUTUAL_TLS_DOMAIN_OPTIONS_KINDS },
};

export const HTTP_GATEWAY_KINDS: KindsOf<PhantomTokenHttpGatewayProps> = {
  authorization: GATEWAY_KINDS.authorization,
  services: GATEWAY_KINDS.services,
  existingHttpApi: HTTP_API,
  httpApiProps: 'object',
  existingCacheTable: TABLE,
  cacheTableProps: { fields: TOKEN_CACHE_TABLE_KINDS },
  accessLogging: 'boolean',
  throttling: GATEWAY_KINDS.throttling,
  // Refused whatever it holds, by its own check, which names the alternative (CloudFront with AWS WAF).
  webAcl: 'object',
  tracing: 'boolean',
  alarms: { fields: ALARM_OPTIONS_KINDS },
  dashboard: { fields: DASHBOARD_OPTIONS_KINDS },
  mutualTls: { fields: MUTUAL_TLS_DOMAIN_OPTIONS_KINDS },
};

export const REVOCATION_RECEIVER_KINDS: KindsOf<RevocationReceiverProps> = {
  issuer: 'string',
  jwksUri: 'string',
  audience: 'string',
  cacheTable: { required: { implements: 'ITableV2', members: ['tableName', 'tableArn'] } },
  flushTarget: {
    instanceOf: AuthorizerCacheFlushTarget,
    expected: 'made with AuthorizerCacheFlushTarget.restApiStage(stage) or AuthorizerCacheFlushTarget.httpApiStage(stage)',
  },
  cacheMaxTtl: 'duration',
  revocationPollInterval: 'duration',
  allowedAlgorithms: 'strings',
  pushAuth: enumKind(RevocationPushAuth),
  runtime: { implements: 'lambda.Runtime', members: ['name'] },
  logRetention: enumKind(logs.RetentionDays),
};
