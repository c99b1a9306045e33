// Public API of `cdk-phantom-token` (the jsii assembly): the constructs, their props, and the choices
// and closed sets they take. Everything else in lib/ is internal.
export * from './route-rule';
export * from './jwt-algorithm';
export * from './jwt-exchange';
export * from './client-credentials';
export { AuthorizationServerOptions, AuthorizerFunctionOptions, RestAuthorizerType } from './authorizer/authorizer-options';
export { SenderConstraintOptions } from './sender-constraint-options';
export { IPhantomTokenAuthorizer, PhantomTokenAuthorizer, PhantomTokenAuthorizerProps } from './phantom-token-authorizer';
export { TokenCacheTable, TokenCacheTableProps } from './token-cache-table';
export { CodeBackendOptions, HttpBackendOptions, ServiceBackend } from './service/service-backend';
export { ServiceValidatorOptions } from './service/service-validator-options';
export { ProtectedService, ProtectedServiceProps } from './protected-service';
export { GatewayAuthorizationOptions, GatewayServiceOptions, PhantomTokenGatewayProps } from './gateway/gateway-options';
export { PhantomTokenGateway } from './phantom-token-gateway';
export { AuthorizerCacheFlushTarget, RevocationPushAuth, RevocationReceiver, RevocationReceiverProps } from './revocation-receiver';
export { PhantomTokenGatewayResponses, PhantomTokenGatewayResponsesProps } from './gateway-responses';
export { MutualTlsDomain, MutualTlsDomainOptions, MutualTlsDomainProps } from './mutual-tls-domain';
export { GatewayWebAcl, GatewayWebAclOptions, GatewayWebAclProps } from './gateway-web-acl';
export { PhantomTokenAccessLog } from './access-log-format';
export { HandlerAsset, HandlerAssetName } from './handler-asset';
export { PhantomTokenMetrics } from './observability/authorizer-metrics';
export { GatewayMetrics } from './observability/gateway-metrics';
export { AsErrorKind, CacheTier, DecisionOutcome, DynamoDbErrorKind } from './observability/metric-dimensions';
export { OperationsViewsOptions } from './observability/operations-views';
export { PhantomTokenAlarmOptions, PhantomTokenAlarms, PhantomTokenAlarmsProps } from './observability/phantom-token-alarms';
export { PhantomTokenDashboard, PhantomTokenDashboardOptions, PhantomTokenDashboardProps } from './observability/phantom-token-dashboard';
export * from './verified-permissions-policy-store';
