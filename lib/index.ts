// Public API of `cdk-phantom-token`: the constructs, their props, and the shared route/scope types.
export { TokenCacheTable, TOKEN_CACHE_SCHEMA, TOKEN_CACHE_ACTIONS } from './token-cache-table';
export type { TokenCacheTableProps } from './token-cache-table';
export {
  PhantomTokenAuthorizer,
  RestAuthorizerType,
  DEFAULT_RESULTS_CACHE_TTL,
  MAX_RESULTS_CACHE_TTL_SECONDS,
  LAMBDA_ENV_LIMIT_BYTES,
  DEFAULT_NODEJS_RUNTIME,
  MAX_AUTHORIZER_TIMEOUT_SECONDS,
} from './phantom-token-authorizer';
export type { AuthorizationServerOptions, PhantomTokenAuthorizerProps } from './phantom-token-authorizer';
export { ProtectedService } from './protected-service';
export type { ProtectedServiceProps, ProtectedServiceBackendOptions, ServiceValidatorOptions } from './protected-service';
export { PhantomTokenGateway, DEFAULT_THROTTLING, RFC9701_TOKEN_TYPE } from './phantom-token-gateway';
export type { PhantomTokenGatewayProps, GatewayServiceOptions, GatewayAuthorizationOptions } from './phantom-token-gateway';
export { PhantomTokenGatewayResponses } from './gateway-responses';
export type { PhantomTokenGatewayResponsesProps } from './gateway-responses';
export { GatewayWebAcl, DEFAULT_MANAGED_RULE_GROUPS } from './gateway-web-acl';
export type { GatewayWebAclProps, GatewayWebAclOptions } from './gateway-web-acl';
export { phantomTokenAccessLogFormat, ACCESS_LOG_FIELDS } from './access-log-format';
export { handlerCode, handlerAssetDir, ASSETS_DIR_ENV } from './handler-asset';
export type { HandlerAssetName } from './handler-asset';
export { PhantomTokenMetrics, PhantomTokenAlarms, PhantomTokenDashboard, gatewayMetric } from './observability';
export type {
  PhantomTokenAlarmOptions,
  PhantomTokenAlarmsProps,
  PhantomTokenDashboardOptions,
  PhantomTokenDashboardProps,
  OperationsViewsOptions,
  GatewayMetricName,
} from './observability';
export { METRICS_NAMESPACE } from '../lambda/shared/metric-names';
export { PhantomTokenPropsError } from './prop-problems';
export { RevocationReceiver, RevocationPushAuth, AuthorizerCacheFlushTarget, type RevocationReceiverProps } from './revocation-receiver';
export type { RouteRule, HttpMethod } from '../lambda/shared/routes';
export type { ScopeRule } from '../lambda/shared/scope-rules';
export type { ExchangeMode, ClientAuthMethod, JwtAlgorithm, LogLevel } from '../lambda/shared/config';
export { EXAMPLE_SERVICES, EXAMPLE_ROUTES, EXAMPLE_AUDIENCE } from '../lambda/shared/example-routes';
export { GATEWAY_RESPONSES } from '../lambda/shared/gateway-responses';
