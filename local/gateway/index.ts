export { startLocalGateway, type LocalGatewayOptions } from './rest-api-gateway';
export { LOCAL_API_KINDS, startLocalHttpApi, type LocalApiKind, type LocalHttpApiOptions } from './http-api-gateway';
export { LOCAL_API_IDENTITY, methodArn, routeKey, serviceTable, type ApiIdentity, type LocalGateway, type ServiceTable } from './local-api';
export { evaluatePolicy, type PolicyVerdict } from './rest-api-authorizer';
export type { AccessLogSink, AccessRecord } from './answers';
export type { AuthorizerEvent, AuthorizerResult, ProxyEvent, ProxyHandler, ProxyResult, RequestAuthorizer } from './rest-api-events';
