export { startEmbeddedAs } from './embedded-as';
export { DEMO_CLIENTS } from './demo-clients';
export { AsRequestError } from './client-requests';
export { basicAuthorization, clientAssertion, CLIENT_ASSERTION_TYPE, type AssertionKey } from './client-auth';
export { ACCESS_TOKEN_TYPE, JWT_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from './token-exchange';
export { PHANTOM_JWT_FIELD } from './introspection-jwt';
export { CLIENT_CERTIFICATE_HEADER } from './provider-config';
export type { AsFault, ClientAuthMethod, DemoClient, EmbeddedAs, EmbeddedAsOptions, SigningAlg, TokenRequestOptions } from './types';
