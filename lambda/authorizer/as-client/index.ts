export { postForm, type AsRequest, type AsResponse } from './http';
export { basicAuthorization, clientAuthentication, formUrlEncode, type ClientCredentials } from './client-auth';
export { CredentialsSource, parseCredentials } from './credentials';
export { EndpointResolver, type AsEndpoints } from './endpoints';
export { secretsManagerReader } from './secrets-manager';
