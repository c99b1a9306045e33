// Local mode's public names: the whole stack, or its parts for your own integration tests.
// First, so a missing optional peer (oidc-provider, dynalite, ...) fails with its name and the install line.
import './required-peers';
export { startLocalStack, type LocalStack, type LocalStackOptions } from './local-stack';
export { startLocalGateway, serviceTable, routeKey, type LocalGateway, type LocalGatewayOptions, type ServiceTable } from './gateway';
export type { AuthorizerEvent, AuthorizerResult, ProxyEvent, ProxyResult, ProxyHandler, RequestAuthorizer, AccessRecord } from './gateway';
export { startEmbeddedAs, DEMO_CLIENTS, type EmbeddedAs, type EmbeddedAsOptions, type DemoClient } from './embedded-as';
export { startEmbeddedDynamoDb, ensureCacheTable, type EmbeddedDynamoDb } from './dynamodb';
export { PortInUseError } from './listen';
export { startLocalRevocationReceiver, LOCAL_REVOCATION_AUDIENCE, type LocalRevocationReceiver } from './revocation';
// The real authorizer and its configuration, for startLocalGateway in front of your own services.
export { createAuthorizerHandler } from '../lambda/authorizer';
export { authorizerConfigFromEnv, authorizerConfigToEnv } from '../lambda/shared/config';
