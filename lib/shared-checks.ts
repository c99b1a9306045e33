// Synth-time checks built on the runtime's own validators (lambda/shared), so the constructs refuse
// exactly what the handlers would refuse at cold start, only earlier; and the runtime kind of every
// construct prop, so a JavaScript caller's wrong type is refused by name too.
import { Token } from 'aws-cdk-lib';
import { urlProblem } from '../lambda/shared/config';
import { RouteRule, routeTableProblems } from '../lambda/shared/routes';
import type { ScopeRule } from '../lambda/shared/scope-rules';
import type { GatewayWebAclOptions, GatewayWebAclProps } from './gateway-web-acl';
import type { PhantomTokenAlarmOptions, PhantomTokenDashboardOptions } from './observability';
import type { AuthorizationServerOptions, PhantomTokenAuthorizerProps } from './phantom-token-authorizer';
import type { GatewayAuthorizationOptions, GatewayServiceOptions, PhantomTokenGatewayProps } from './phantom-token-gateway';
import type { PropKind } from './prop-problems';
import type { ProtectedServiceBackendOptions, ProtectedServiceProps, ServiceValidatorOptions } from './protected-service';
import type { TokenCacheTableProps } from './token-cache-table';

/** Problems with an AS URL: https only (the constructs never run in local mode); tokens pass. */
export function endpointProblems(value: string | undefined, required: boolean): string[] {
  if (value === undefined || value === '') return required ? ['is required'] : [];
  if (Token.isUnresolved(value)) return [];
  const problem = urlProblem(value, false);
  return problem ? [problem] : [];
}

/** Problems with a route table: empty, a route without a scope rule, bad paths, duplicates. */
export function routeProblems(routes: readonly RouteRule[] | undefined): string[] {
  if (!routes || routes.length === 0) return ['must list at least one route (routes are denied by default)'];
  return routeTableProblems(routes);
}

/** A kind for every prop of `T`: the compiler refuses a table that misses one. */
type KindsOf<T> = { readonly [K in keyof Required<T>]: PropKind };

// The members each construct reads first, so a plain object given for one fails here, by name.
const TABLE: PropKind = { implements: 'ITableV2', members: ['tableName', 'grantReadWriteData'] };
const REST_API: PropKind = { implements: 'IRestApi', members: ['restApiId', 'root'] };

const SCOPE_RULE_KINDS: KindsOf<ScopeRule> = { anyOf: 'strings', allOf: 'strings' };
const ROUTE_KINDS: KindsOf<RouteRule> = { method: { required: 'string' }, path: { required: 'string' }, scopes: { fields: SCOPE_RULE_KINDS } };

/** The runtime kinds of each construct's props (see `PropProblems.typed`). */
export const AUTHORIZATION_SERVER_KINDS: KindsOf<AuthorizationServerOptions> = {
  issuer: 'string',
  introspectionEndpoint: 'string',
  tokenEndpoint: 'string',
  jwksUri: 'string',
  exchangeMode: 'string',
  jwtField: 'string',
  exchangeAudience: 'string',
  exchangeScope: 'string',
  jwtAudience: 'string',
  clientId: 'string',
  // Its own check names what it must be (an ISecret) and never echoes a string given instead.
  clientSecret: 'any',
  clientAuthMethod: 'string',
  cacheMaxTtl: 'duration',
  honorNoStore: 'boolean',
  negativeCacheTtl: 'duration',
  memoryCacheEntries: 'number',
  asTimeout: 'duration',
  allowedAlgorithms: 'strings',
  clockTolerance: 'duration',
  logLevel: 'string',
};

const GATEWAY_AUTHORIZATION_KINDS: KindsOf<GatewayAuthorizationOptions> = {
  ...AUTHORIZATION_SERVER_KINDS,
  restAuthorizerType: 'string',
  resultsCacheTtl: 'duration',
  memorySize: 'number',
  timeout: 'duration',
  runtime: { implements: 'lambda.Runtime', members: ['name'] },
  logRetention: 'number',
  tracing: 'boolean',
};

export const AUTHORIZER_KINDS: KindsOf<PhantomTokenAuthorizerProps> = {
  ...GATEWAY_AUTHORIZATION_KINDS,
  routes: { listOf: ROUTE_KINDS },
  cacheTable: TABLE,
};

const SERVICE_BACKEND_KINDS: KindsOf<ProtectedServiceBackendOptions> = {
  function: { implements: 'IFunction', members: ['functionArn', 'grantInvoke'] },
  code: { implements: 'lambda.Code', members: ['bind'] },
  handler: 'string',
  httpUrl: 'string',
  vpcLink: 'object',
  tracing: 'boolean',
};

const SERVICE_VALIDATOR_KINDS: KindsOf<ServiceValidatorOptions> = {
  issuer: 'string',
  audience: 'string',
  jwksUri: 'string',
  allowedAlgorithms: 'strings',
  tokenType: 'string',
};

export const PROTECTED_SERVICE_KINDS: KindsOf<ProtectedServiceProps> = {
  ...SERVICE_BACKEND_KINDS,
  restApi: REST_API,
  authorizer: 'object',
  routes: { listOf: ROUTE_KINDS },
  validator: { fields: SERVICE_VALIDATOR_KINDS },
};

export const TOKEN_CACHE_TABLE_KINDS: KindsOf<TokenCacheTableProps> = {
  removalPolicy: 'string',
  encryption: { implements: 'TableEncryptionV2', members: ['type'] },
  pointInTimeRecovery: 'boolean',
  tableName: 'string',
};

const WEB_ACL_OPTIONS_KINDS: KindsOf<GatewayWebAclOptions> = {
  rateLimitPer5Minutes: 'number',
  managedRuleGroups: 'strings',
  sampledRequestsEnabled: 'boolean',
};

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

export const GATEWAY_KINDS: KindsOf<PhantomTokenGatewayProps> = {
  authorization: { fields: GATEWAY_AUTHORIZATION_KINDS },
  services: { listOf: { ...SERVICE_BACKEND_KINDS, name: 'string', routes: { listOf: ROUTE_KINDS }, audience: 'string', tokenType: 'string' } satisfies KindsOf<GatewayServiceOptions> },
  existingRestApi: REST_API,
  restApiProps: 'object',
  existingCacheTable: TABLE,
  cacheTableProps: { fields: TOKEN_CACHE_TABLE_KINDS },
  accessLogging: 'boolean',
  throttling: { fields: { rateLimit: 'number', burstLimit: 'number' } },
  webAcl: { booleanOr: WEB_ACL_OPTIONS_KINDS },
  tracing: 'boolean',
  alarms: { booleanOr: ALARM_OPTIONS_KINDS },
  dashboard: { booleanOr: { dashboardName: 'string' } satisfies KindsOf<PhantomTokenDashboardOptions> },
};
