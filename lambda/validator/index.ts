// Public API of `cdk-phantom-token/validator`. Re-exports only.
export { withJwtValidation, validatorFromEnv } from './with-jwt-validation';
export type { ValidatedHandler, ValidatedInput, ProxyHandler } from './with-jwt-validation';
export { createJwtValidator } from './jwt-validator';
export type { JwtValidator } from './jwt-validator';
export { dispatchRoutes } from './route-table';
export type { RouteTable } from './route-table';
export { VerifiedJwt } from './claims';
export type { JwtClaims } from './claims';
export type { EndpointRules, ClaimRule, ClaimEqualsPathParameter, ClaimOneOf, ClaimValue, PolicyHook, PolicyInput } from './endpoint-rules';
export type { ApiGatewayProxyEvent, ApiGatewayProxyResult, ApiRequest } from './api-event';
// Policies (Cedar and Verified Permissions have their own entry points: validator/cedar, validator/verified-permissions).
export type { AuthorizationPolicy, PolicyDecision, PolicyRequest, PolicyRoute, PolicyEngine, ResourceLoader } from './policy/policy-decision';
export { authorizationModel } from './policy/entity-mapping';
export type { AuthorizationModel, EntityMappingOptions, EntityRef, ModelEntity, ModelRecord, ModelValue } from './policy/entity-mapping';
export { opaPolicy, OPA_DEFAULT_TIMEOUT_MS } from './policy/opa-policy';
export type { OpaPolicyOptions } from './policy/opa-policy';
export { sharedAuthorization } from './downstream-share';
export type { ShareOptions } from './downstream-share';
export { createTokenExchanger } from './downstream-exchange';
export type { TokenExchanger, TokenExchangeOptions, ExchangeRequest, ExchangedToken } from './downstream-exchange';
export { embeddedToken } from './downstream-embed';
export type { EmbedOptions } from './downstream-embed';
export { ACCESS_TOKEN_TYP, INTROSPECTION_TYP } from './options';
export type { ValidatorOptions } from './options';
export type { ScopeRule } from '../shared/scope-rules';
export type { TokenSource, JwtAlgorithm } from '../shared/config';
export {
  PhantomTokenError,
  TokenError,
  AccessDeniedError,
  UpstreamError,
  ConfigError,
  InternalError,
  PolicyEngineError,
  ResourceNotFoundError,
  isPhantomTokenError,
} from '../shared/errors';
export type { ErrorCode } from '../shared/errors';
