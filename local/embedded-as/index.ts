// The embedded AS's public names. Nothing here loads oidc-provider: the AS runs in its own process.
export { startEmbeddedAs } from './as-child';
export { DEMO_CLIENTS } from './demo-clients';
export { AsRequestError } from './as-request-error';
export { basicAuthorization, clientAssertion, CLIENT_ASSERTION_TYPE, type AssertionKey } from './client-auth';
export { ACCESS_TOKEN_TYPE, CLIENT_CERTIFICATE_HEADER, JWT_TOKEN_TYPE, PHANTOM_JWT_FIELD, TOKEN_EXCHANGE_GRANT } from './wire-names';
export type { AsFault, ClientAuthMethod, DemoClient, EmbeddedAs, EmbeddedAsOptions, SecurityEventStream, SigningAlg, TokenRequestOptions } from './types';
