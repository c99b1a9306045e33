// The runtime configuration, its defaults and limits, and its round trip through environment variables.
// The constructs call `authorizerConfigToEnv`; the handler calls `authorizerConfigFromEnv` once at cold
// start, which throws a ConfigError naming the variable at fault.
import { AUTHORIZER_ENV, REVOCATION_RECEIVER_ENV, VALIDATOR_ENV } from './env-names';
import { ConfigError } from './errors';
import { parseRoutes, RouteRule, routeTableProblems, serializeRoutes } from './routes';

export const EXCHANGE_MODES = ['accept-jwt', 'jwt-in-json', 'rfc9701', 'token-exchange'] as const;
export type ExchangeMode = (typeof EXCHANGE_MODES)[number];

export const CLIENT_AUTH_METHODS = ['client_secret_basic', 'private_key_jwt'] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

/** Asymmetric algorithms only: an HMAC allow-list entry would let a public key act as a shared secret. */
export const SUPPORTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export type JwtAlgorithm = (typeof SUPPORTED_ALGORITHMS)[number];

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LIMITS = {
  cacheMaxTtlSeconds: { min: 1, max: 3600, default: 300 },
  negativeCacheSeconds: { min: 0, max: 60, default: 5 },
  memoryCacheEntries: { min: 0, max: 100_000, default: 10_000 },
  asTimeoutMs: { min: 100, max: 10_000, default: 2_500 },
  clockToleranceSeconds: { min: 0, max: 300, default: 30 },
  revocationPollIntervalMs: { min: 0, max: 60_000, default: 2_000 },
} as const;

export const DEFAULT_ALGORITHMS: readonly JwtAlgorithm[] = ['RS256', 'ES256', 'PS256', 'EdDSA'];
export const DEFAULT_JWT_FIELD = 'jwt';

export interface AuthorizerConfig {
  /** The AS issuer; also the `iss` the phantom JWT must carry. */
  readonly issuer: string;
  readonly introspectionEndpoint?: string;
  readonly tokenEndpoint?: string;
  readonly jwksUri?: string;
  readonly exchangeMode: ExchangeMode;
  /** jwt-in-json: the introspection response field that carries the JWT. */
  readonly jwtField: string;
  /** token-exchange: the `audience` parameter. */
  readonly exchangeAudience?: string;
  /** token-exchange: the `scope` parameter. */
  readonly exchangeScope?: string;
  /** When set, the phantom JWT's `aud` must contain it. */
  readonly jwtAudience?: string;
  readonly clientId: string;
  readonly clientAuthMethod: ClientAuthMethod;
  /** Secrets Manager secret: the client secret (client_secret_basic) or a private JWK/PEM (private_key_jwt). */
  readonly clientSecretArn?: string;
  /** Local mode only. */
  readonly clientSecret?: string;
  /** DynamoDB table for tier 2; tier 2 is off without it. */
  readonly cacheTable?: string;
  readonly dynamoDbEndpoint?: string;
  readonly cacheMaxTtlSeconds: number;
  /**
   * When the AS answers with `Cache-Control: no-store` or `no-cache`, cache nothing from that answer. Off
   * by default: ASes send `no-store` on every token answer for HTTP intermediaries, and the gateway's
   * cache stays bounded by the cap and the JWT's `exp` (`max-age`/`s-maxage` always lower the lifetime).
   */
  readonly honorNoStore: boolean;
  readonly negativeCacheSeconds: number;
  readonly memoryCacheEntries: number;
  readonly asTimeoutMs: number;
  readonly allowedAlgorithms: readonly JwtAlgorithm[];
  readonly clockToleranceSeconds: number;
  readonly routes: readonly RouteRule[];
  /**
   * The REST REQUEST authorizer's identity sources include `$context.httpMethod` and
   * `$context.resourcePath` (the construct's `cachesPerRoute`): a cached answer is reused on its own route
   * only, so it names that route's pattern instead of the whole table.
   */
  readonly cachesPerRoute: boolean;
  readonly logLevel: LogLevel;
  /** Allows an http:// issuer and a secret in the environment. Never set by the constructs. */
  readonly localMode: boolean;
  /**
   * With a cache table: read the revocation epoch at most this often while serving requests, and refuse
   * cached entries a revocation names (docs/revocation.md). 0 turns it off.
   */
  readonly revocationPollIntervalMs: number;
}

export const TOKEN_SOURCES = ['authorizer-context', 'authorization-header'] as const;
export type TokenSource = (typeof TOKEN_SOURCES)[number];

export interface ValidatorConfig {
  readonly issuer: string;
  readonly audience: string;
  /** Remote JWKS; defaults to `<issuer>/jwks` only when given, otherwise a static JWKS must be supplied in code. */
  readonly jwksUri?: string;
  readonly allowedAlgorithms: readonly JwtAlgorithm[];
  /** Required JOSE `typ` header, e.g. `at+jwt` (RFC 9068) or `token-introspection+jwt` (RFC 9701). */
  readonly tokenType?: string;
  readonly tokenSources: readonly TokenSource[];
  readonly clockToleranceSeconds: number;
  readonly logLevel: LogLevel;
  readonly localMode: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

// ---- shared readers -------------------------------------------------------------------------------

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(name, 'is required');
  return value;
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function integer(env: Env, name: string, limits: { min: number; max: number; default: number }): number {
  const text = optional(env, name);
  if (text === undefined) return limits.default;
  if (!/^\d+$/.test(text)) throw new ConfigError(name, `must be a whole number, got "${text}"`);
  const value = Number(text);
  if (value < limits.min || value > limits.max) {
    throw new ConfigError(name, `must be between ${limits.min} and ${limits.max}, got ${value}`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = optional(env, name) ?? fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value as T;
}

function list<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: readonly T[]): T[] {
  const text = optional(env, name);
  if (text === undefined) return [...fallback];
  const values = text.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
  if (values.length === 0) throw new ConfigError(name, 'must list at least one value');
  for (const value of values) {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new ConfigError(name, `"${value}" is not one of ${allowed.join(', ')}`);
    }
  }
  return values as T[];
}

function flag(env: Env, name: string): boolean {
  const value = optional(env, name);
  if (value === undefined || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw new ConfigError(name, `must be true or false, got "${value}"`);
}

/** https only, except loopback http in local mode. */
export function urlProblem(value: string, localMode: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL`;
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && localMode) return undefined;
  return `"${value}" must use https${localMode ? ' or http' : ' (http is allowed in local mode only)'}`;
}

function url(env: Env, name: string, localMode: boolean, isRequired: boolean): string | undefined {
  const value = isRequired ? required(env, name) : optional(env, name);
  if (value === undefined) return undefined;
  const problem = urlProblem(value, localMode);
  if (problem) throw new ConfigError(name, problem);
  return value;
}

// ---- authorizer -----------------------------------------------------------------------------------

export function authorizerConfigFromEnv(env: Env): AuthorizerConfig {
  const E = AUTHORIZER_ENV;
  const localMode = flag(env, E.localMode);
  const clientSecret = optional(env, E.clientSecret);
  const clientSecretArn = optional(env, E.clientSecretArn);
  if (clientSecret !== undefined && !localMode) {
    throw new ConfigError(E.clientSecret, `is for local mode only; store the secret in Secrets Manager and set ${E.clientSecretArn}`);
  }
  if (clientSecret === undefined && clientSecretArn === undefined) {
    throw new ConfigError(E.clientSecretArn, 'is required (the client credentials for the authorization server)');
  }
  let routes: RouteRule[];
  try {
    routes = parseRoutes(required(env, E.routes));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(E.routes, (error as Error).message);
  }
  const routeProblems = routeTableProblems(routes);
  if (routeProblems.length > 0) throw new ConfigError(E.routes, routeProblems.join('; '));
  return {
    issuer: url(env, E.issuer, localMode, true)!,
    introspectionEndpoint: url(env, E.introspectionEndpoint, localMode, false),
    tokenEndpoint: url(env, E.tokenEndpoint, localMode, false),
    jwksUri: url(env, E.jwksUri, localMode, false),
    exchangeMode: oneOf(env, E.exchangeMode, EXCHANGE_MODES, 'accept-jwt'),
    jwtField: optional(env, E.jwtField) ?? DEFAULT_JWT_FIELD,
    exchangeAudience: optional(env, E.exchangeAudience),
    exchangeScope: optional(env, E.exchangeScope),
    jwtAudience: optional(env, E.jwtAudience),
    clientId: required(env, E.clientId),
    clientAuthMethod: oneOf(env, E.clientAuthMethod, CLIENT_AUTH_METHODS, 'client_secret_basic'),
    clientSecretArn,
    clientSecret,
    cacheTable: optional(env, E.cacheTable),
    dynamoDbEndpoint: url(env, E.dynamoDbEndpoint, true, false),
    cacheMaxTtlSeconds: integer(env, E.cacheMaxTtlSeconds, LIMITS.cacheMaxTtlSeconds),
    honorNoStore: flag(env, E.honorNoStore),
    negativeCacheSeconds: integer(env, E.negativeCacheSeconds, LIMITS.negativeCacheSeconds),
    memoryCacheEntries: integer(env, E.memoryCacheEntries, LIMITS.memoryCacheEntries),
    asTimeoutMs: integer(env, E.asTimeoutMs, LIMITS.asTimeoutMs),
    allowedAlgorithms: list(env, E.allowedAlgorithms, SUPPORTED_ALGORITHMS, DEFAULT_ALGORITHMS),
    clockToleranceSeconds: integer(env, E.clockToleranceSeconds, LIMITS.clockToleranceSeconds),
    routes,
    cachesPerRoute: flag(env, E.cachesPerRoute),
    logLevel: oneOf(env, E.logLevel, LOG_LEVELS, 'info'),
    localMode,
    revocationPollIntervalMs: integer(env, E.revocationPollIntervalMs, LIMITS.revocationPollIntervalMs),
  };
}

/** What the constructs (or local mode) set; omitted optionals are left out so defaults apply. */
export type AuthorizerSettings = Partial<AuthorizerConfig> &
  Pick<AuthorizerConfig, 'issuer' | 'clientId' | 'routes'>;

export function authorizerConfigToEnv(settings: AuthorizerSettings): Record<string, string> {
  const E = AUTHORIZER_ENV;
  const env: Record<string, string> = {};
  const put = (name: string, value: string | number | boolean | undefined) => {
    if (value !== undefined) env[name] = String(value);
  };
  put(E.issuer, settings.issuer);
  put(E.introspectionEndpoint, settings.introspectionEndpoint);
  put(E.tokenEndpoint, settings.tokenEndpoint);
  put(E.jwksUri, settings.jwksUri);
  put(E.exchangeMode, settings.exchangeMode);
  put(E.jwtField, settings.jwtField);
  put(E.exchangeAudience, settings.exchangeAudience);
  put(E.exchangeScope, settings.exchangeScope);
  put(E.jwtAudience, settings.jwtAudience);
  put(E.clientId, settings.clientId);
  put(E.clientAuthMethod, settings.clientAuthMethod);
  put(E.clientSecretArn, settings.clientSecretArn);
  put(E.clientSecret, settings.clientSecret);
  put(E.cacheTable, settings.cacheTable);
  put(E.dynamoDbEndpoint, settings.dynamoDbEndpoint);
  put(E.cacheMaxTtlSeconds, settings.cacheMaxTtlSeconds);
  put(E.honorNoStore, settings.honorNoStore);
  put(E.negativeCacheSeconds, settings.negativeCacheSeconds);
  put(E.memoryCacheEntries, settings.memoryCacheEntries);
  put(E.asTimeoutMs, settings.asTimeoutMs);
  put(E.allowedAlgorithms, settings.allowedAlgorithms?.join(','));
  put(E.clockToleranceSeconds, settings.clockToleranceSeconds);
  put(E.routes, serializeRoutes(settings.routes));
  if (settings.cachesPerRoute) put(E.cachesPerRoute, true);
  put(E.logLevel, settings.logLevel);
  if (settings.localMode) put(E.localMode, true);
  put(E.revocationPollIntervalMs, settings.revocationPollIntervalMs);
  return env;
}

// ---- validator ------------------------------------------------------------------------------------

export function validatorConfigFromEnv(env: Env): ValidatorConfig {
  const E = VALIDATOR_ENV;
  const localMode = flag(env, E.localMode);
  return {
    issuer: url(env, E.issuer, localMode, true)!,
    audience: required(env, E.audience),
    jwksUri: url(env, E.jwksUri, localMode, false),
    allowedAlgorithms: list(env, E.allowedAlgorithms, SUPPORTED_ALGORITHMS, DEFAULT_ALGORITHMS),
    tokenType: optional(env, E.tokenType),
    tokenSources: list(env, E.tokenSources, TOKEN_SOURCES, ['authorizer-context']),
    clockToleranceSeconds: integer(env, E.clockToleranceSeconds, LIMITS.clockToleranceSeconds),
    logLevel: oneOf(env, E.logLevel, LOG_LEVELS, 'info'),
    localMode,
  };
}

export type ValidatorSettings = Partial<ValidatorConfig> & Pick<ValidatorConfig, 'issuer' | 'audience'>;

export function validatorConfigToEnv(settings: ValidatorSettings): Record<string, string> {
  const E = VALIDATOR_ENV;
  const env: Record<string, string> = { [E.issuer]: settings.issuer, [E.audience]: settings.audience };
  if (settings.jwksUri) env[E.jwksUri] = settings.jwksUri;
  if (settings.allowedAlgorithms) env[E.allowedAlgorithms] = settings.allowedAlgorithms.join(',');
  if (settings.tokenType) env[E.tokenType] = settings.tokenType;
  if (settings.tokenSources) env[E.tokenSources] = settings.tokenSources.join(',');
  if (settings.clockToleranceSeconds !== undefined) env[E.clockToleranceSeconds] = String(settings.clockToleranceSeconds);
  if (settings.logLevel) env[E.logLevel] = settings.logLevel;
  if (settings.localMode) env[E.localMode] = 'true';
  return env;
}

// ---- revocation receiver --------------------------------------------------------------------------

export const FLUSH_API_KINDS = ['rest', 'http', 'none'] as const;
export type FlushApiKind = (typeof FLUSH_API_KINDS)[number];

export interface RevocationReceiverConfig {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly audience: string;
  readonly cacheTable: string;
  readonly dynamoDbEndpoint?: string;
  readonly cacheMaxTtlSeconds: number;
  readonly allowedAlgorithms: readonly JwtAlgorithm[];
  readonly clockToleranceSeconds: number;
  readonly flushApiKind: FlushApiKind;
  readonly flushApiId?: string;
  readonly flushStage?: string;
  /** The authorizers' revocationPollIntervalMs: the receiver flushes again once every instance has polled. */
  readonly revocationPollIntervalMs: number;
  readonly logLevel: LogLevel;
  readonly localMode: boolean;
}

export function revocationReceiverConfigFromEnv(env: Env): RevocationReceiverConfig {
  const E = REVOCATION_RECEIVER_ENV;
  const localMode = flag(env, E.localMode);
  const flushApiKind = oneOf(env, E.flushApiKind, FLUSH_API_KINDS, 'none');
  return {
    issuer: url(env, E.issuer, localMode, true)!,
    jwksUri: url(env, E.jwksUri, localMode, true)!,
    audience: required(env, E.audience),
    cacheTable: required(env, E.cacheTable),
    dynamoDbEndpoint: url(env, E.dynamoDbEndpoint, true, false),
    cacheMaxTtlSeconds: integer(env, E.cacheMaxTtlSeconds, LIMITS.cacheMaxTtlSeconds),
    allowedAlgorithms: list(env, E.allowedAlgorithms, SUPPORTED_ALGORITHMS, DEFAULT_ALGORITHMS),
    clockToleranceSeconds: integer(env, E.clockToleranceSeconds, LIMITS.clockToleranceSeconds),
    flushApiKind,
    flushApiId: flushApiKind === 'none' ? optional(env, E.flushApiId) : required(env, E.flushApiId),
    flushStage: flushApiKind === 'none' ? optional(env, E.flushStage) : required(env, E.flushStage),
    revocationPollIntervalMs: integer(env, E.revocationPollIntervalMs, LIMITS.revocationPollIntervalMs),
    logLevel: oneOf(env, E.logLevel, LOG_LEVELS, 'info'),
    localMode,
  };
}

export type RevocationReceiverSettings = Partial<RevocationReceiverConfig> &
  Pick<RevocationReceiverConfig, 'issuer' | 'jwksUri' | 'audience' | 'cacheTable'>;

export function revocationReceiverConfigToEnv(settings: RevocationReceiverSettings): Record<string, string> {
  const E = REVOCATION_RECEIVER_ENV;
  const env: Record<string, string> = {};
  const put = (name: string, value: string | number | boolean | undefined) => {
    if (value !== undefined) env[name] = String(value);
  };
  put(E.issuer, settings.issuer);
  put(E.jwksUri, settings.jwksUri);
  put(E.audience, settings.audience);
  put(E.cacheTable, settings.cacheTable);
  put(E.dynamoDbEndpoint, settings.dynamoDbEndpoint);
  put(E.cacheMaxTtlSeconds, settings.cacheMaxTtlSeconds);
  put(E.allowedAlgorithms, settings.allowedAlgorithms?.join(','));
  put(E.clockToleranceSeconds, settings.clockToleranceSeconds);
  put(E.flushApiKind, settings.flushApiKind);
  put(E.flushApiId, settings.flushApiId);
  put(E.flushStage, settings.flushStage);
  put(E.revocationPollIntervalMs, settings.revocationPollIntervalMs);
  put(E.logLevel, settings.logLevel);
  if (settings.localMode) put(E.localMode, true);
  return env;
}
