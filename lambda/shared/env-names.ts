// Environment variable names: the constructs write them, the handlers read them. One list, no typos.

export const AUTHORIZER_ENV = {
  issuer: 'PHANTOM_ISSUER',
  /** Optional endpoint overrides; without them the handler reads the AS's discovery document. */
  introspectionEndpoint: 'PHANTOM_INTROSPECTION_ENDPOINT',
  tokenEndpoint: 'PHANTOM_TOKEN_ENDPOINT',
  jwksUri: 'PHANTOM_JWKS_URI',
  exchangeMode: 'PHANTOM_EXCHANGE_MODE',
  jwtField: 'PHANTOM_JWT_FIELD',
  exchangeAudience: 'PHANTOM_EXCHANGE_AUDIENCE',
  exchangeScope: 'PHANTOM_EXCHANGE_SCOPE',
  jwtAudience: 'PHANTOM_JWT_AUDIENCE',
  clientId: 'PHANTOM_CLIENT_ID',
  clientAuthMethod: 'PHANTOM_CLIENT_AUTH_METHOD',
  clientSecretArn: 'PHANTOM_CLIENT_SECRET_ARN',
  /** Local mode only: the secret itself. Refused unless `localMode` is on. */
  clientSecret: 'PHANTOM_CLIENT_SECRET',
  cacheTable: 'PHANTOM_CACHE_TABLE',
  dynamoDbEndpoint: 'PHANTOM_DYNAMODB_ENDPOINT',
  cacheMaxTtlSeconds: 'PHANTOM_CACHE_MAX_TTL_SECONDS',
  /** `true`: an AS answer with `Cache-Control: no-store` or `no-cache` is not cached. */
  honorNoStore: 'PHANTOM_HONOR_NO_STORE',
  negativeCacheSeconds: 'PHANTOM_NEGATIVE_CACHE_SECONDS',
  memoryCacheEntries: 'PHANTOM_MEMORY_CACHE_ENTRIES',
  asTimeoutMs: 'PHANTOM_AS_TIMEOUT_MS',
  allowedAlgorithms: 'PHANTOM_ALLOWED_ALGORITHMS',
  clockToleranceSeconds: 'PHANTOM_CLOCK_TOLERANCE_SECONDS',
  routes: 'PHANTOM_ROUTES',
  /** `true`: API Gateway keys each cached REST REQUEST answer by route too, so an answer covers its route only. */
  cachesPerRoute: 'PHANTOM_CACHES_PER_ROUTE',
  logLevel: 'PHANTOM_LOG_LEVEL',
  localMode: 'PHANTOM_LOCAL_MODE',
  /** How often (at most) an instance serving requests reads the revocation epoch; 0 turns polling off. */
  revocationPollIntervalMs: 'PHANTOM_REVOCATION_POLL_INTERVAL_MS',
} as const;

export const VALIDATOR_ENV = {
  issuer: 'PHANTOM_ISSUER',
  audience: 'PHANTOM_AUDIENCE',
  jwksUri: 'PHANTOM_JWKS_URI',
  allowedAlgorithms: 'PHANTOM_ALLOWED_ALGORITHMS',
  tokenType: 'PHANTOM_TOKEN_TYPE',
  tokenSources: 'PHANTOM_TOKEN_SOURCES',
  clockToleranceSeconds: 'PHANTOM_CLOCK_TOLERANCE_SECONDS',
  logLevel: 'PHANTOM_LOG_LEVEL',
  localMode: 'PHANTOM_LOCAL_MODE',
} as const;

export const REVOCATION_RECEIVER_ENV = {
  /** The AS: the `iss` of its SETs, and the issuer of the subjects they name. */
  issuer: 'PHANTOM_ISSUER',
  /** The AS's JWKS, which signs its SETs. */
  jwksUri: 'PHANTOM_JWKS_URI',
  /** The `aud` SETs must carry: this gateway's name at the AS. */
  audience: 'PHANTOM_REVOCATION_AUDIENCE',
  cacheTable: 'PHANTOM_CACHE_TABLE',
  dynamoDbEndpoint: 'PHANTOM_DYNAMODB_ENDPOINT',
  /** The authorizers' cacheMaxTtlSeconds: revocations are kept at least this long. */
  cacheMaxTtlSeconds: 'PHANTOM_CACHE_MAX_TTL_SECONDS',
  allowedAlgorithms: 'PHANTOM_ALLOWED_ALGORITHMS',
  clockToleranceSeconds: 'PHANTOM_CLOCK_TOLERANCE_SECONDS',
  /** `rest` (FlushStageAuthorizersCache), `http` (ResetAuthorizersCache) or `none`. */
  flushApiKind: 'PHANTOM_REVOCATION_FLUSH_API_KIND',
  flushApiId: 'PHANTOM_REVOCATION_FLUSH_API_ID',
  flushStage: 'PHANTOM_REVOCATION_FLUSH_STAGE',
  /** The authorizers' poll interval (AUTHORIZER_ENV.revocationPollIntervalMs). */
  revocationPollIntervalMs: 'PHANTOM_REVOCATION_POLL_INTERVAL_MS',
  logLevel: 'PHANTOM_LOG_LEVEL',
  localMode: 'PHANTOM_LOCAL_MODE',
} as const;

/** Keys the authorizer puts in the API Gateway authorizer context (values: strings, numbers, booleans). */
export const AUTHORIZER_CONTEXT = {
  /** The phantom JWT. */
  jwt: 'jwt',
  /** `Bearer <jwt>`, ready to be mapped into an HTTP backend's `Authorization` header. */
  authorization: 'authorization',
  sub: 'sub',
  clientId: 'client_id',
  scope: 'scope',
  /** Hex SHA-256 of the opaque token (domain-separated), for audit; never the token. */
  tokenHash: 'token_hash',
} as const;
