// Local mode's public names: the whole stack, or its parts for your own integration tests.
// First, so a missing optional peer (oidc-provider, dynalite, ...) fails with its name and the install line.
import './required-peers';
export { startLocalStack, type LocalService, type LocalServiceContext, type LocalStack, type LocalStackOptions } from './local-stack';
export { recordLines, type RecordedLines } from './record-lines';
export { startLocalGateway, serviceTable, routeKey, type LocalGateway, type LocalGatewayOptions, type ServiceTable } from './gateway';
export { startLocalHttpApi, type LocalApiKind, type LocalHttpApiOptions } from './gateway';
export type { AuthorizerEvent, AuthorizerResult, ProxyEvent, ProxyResult, ProxyHandler, RequestAuthorizer, AccessRecord } from './gateway';
export { startEmbeddedAs, DEMO_CLIENTS, AsRequestError, type AsFault, type EmbeddedAs, type EmbeddedAsOptions, type DemoClient, type SecurityEventStream, type TokenRequestOptions } from './embedded-as';
export { startEmbeddedDynamoDb, ensureCacheTable, type EmbeddedDynamoDb } from './dynamodb';
export { PortInUseError } from './listen';
// The revocation receiver the embedded AS pushes its SETs to (RFC 8935), flushing the local gateway's cache.
export { startLocalRevocationReceiver, LOCAL_REVOCATION_AUDIENCE, type LocalRevocationReceiver } from './revocation';
// Mutual TLS in local mode: a demo CA with server and client certificates (needs node-forge).
export { createDemoPki, issueClientCertificate, writeDemoPki, type CertificateAndKey, type DemoPki } from './mtls/demo-pki';
// The real authorizer for startLocalGateway in front of your own services: in one call, or in parts.
export { localAuthorizer } from './local-authorizer';
export { createAuthorizerHandler } from '../lambda/authorizer';
export { authorizerConfigFromEnv, authorizerConfigToEnv } from '../lambda/shared/config';
