export { defaultCachesPerRoute, startLocalGateway, type LocalGateway, type LocalGatewayOptions } from './local-gateway';
export { routeKey, serviceTable, type ServiceTable } from './service-table';
export { LOCAL_API_KINDS, startLocalHttpApi, type LocalApiKind, type LocalHttpApiOptions } from './http-api-gateway';
export { methodArn, LOCAL_API_IDENTITY, type ApiIdentity } from './method-arn';
export { evaluatePolicy, type PolicyVerdict } from './policy-evaluation';
export type { AccessRecord, AccessLogSink } from './access-log';
export type { AuthorizerEvent, AuthorizerResult, ProxyEvent, ProxyResult, ProxyHandler, RequestAuthorizer } from './lambda-shapes';
