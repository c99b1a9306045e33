// Authorizer configs for tests: the example route table, local mode (http issuer, secret in env).
import { DEFAULT_ALGORITHMS, DEFAULT_JWT_FIELD, LIMITS, type AuthorizerConfig } from '../../../../lambda/shared/config';
import { EXAMPLE_ROUTES } from '../../../../lambda/shared/example-routes';

export function testConfig(overrides: Partial<AuthorizerConfig> & Pick<AuthorizerConfig, 'issuer'>): AuthorizerConfig {
  return {
    exchangeMode: 'accept-jwt',
    jwtField: DEFAULT_JWT_FIELD,
    clientId: 'gateway-client',
    clientAuthMethod: 'client_secret_basic',
    clientSecret: 'gateway-secret',
    cacheMaxTtlSeconds: LIMITS.cacheMaxTtlSeconds.default,
    honorNoStore: false,
    negativeCacheSeconds: LIMITS.negativeCacheSeconds.default,
    memoryCacheEntries: 100,
    asTimeoutMs: 1000,
    allowedAlgorithms: DEFAULT_ALGORITHMS,
    clockToleranceSeconds: 0,
    routes: EXAMPLE_ROUTES,
    cachesPerRoute: false,
    gatewayCacheTtlSeconds: LIMITS.gatewayCacheTtlSeconds.default,
    logLevel: 'debug',
    localMode: true,
    // Off unless a test turns it on: revocation polling adds DynamoDB reads the other tests do not count.
    revocationPollIntervalMs: 0,
    ...overrides,
  };
}

/** A REST API REQUEST authorizer event as API Gateway builds it. */
export function restRequestEvent(authorization: string | string[] | undefined, method = 'GET', resource = '/invoices', path = resource) {
  const values = authorization === undefined ? [] : Array.isArray(authorization) ? authorization : [authorization];
  return {
    type: 'REQUEST' as const,
    methodArn: `arn:aws:execute-api:us-east-1:123456789012:api1/prod/${method}${path}`,
    resource,
    path,
    httpMethod: method,
    headers: values.length ? { Authorization: values[values.length - 1] } : {},
    multiValueHeaders: values.length ? { Authorization: values } : {},
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: { requestId: 'req-1' } as never,
  };
}
