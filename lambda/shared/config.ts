// The runtime configuration and its settings tables: each setting's environment variable, type, default,
// limits and construct prop, written once (one row each, below). Everything else is derived from the
// rows (settings.ts): the constructs call `authorizerConfigToEnv` and `authorizerSettingProblems`; the
// handler calls `authorizerConfigFromEnv` once at cold start, which throws a ConfigError naming the
// variable at fault.
import { ConfigError } from './errors';
import { DEFAULT_RESULTS_CACHE_TTL_SECONDS } from './gateway-defaults';
import type { RouteRule } from './routes';
import { environmentBytes, LAMBDA_ENV_LIMIT_BYTES, missingSettingProblems, readSetting, readSettings, settingProblems, writeSettings, type Setting, type SettingContext, type SettingProblem, type SettingsTable } from './settings';

export { LAMBDA_ENV_LIMIT_BYTES, urlProblem } from './settings';
export type { SettingContext, SettingProblem } from './settings';

export const EXCHANGE_MODES = ['accept-jwt', 'jwt-in-json', 'rfc9701', 'token-exchange'] as const;
export type ExchangeMode = (typeof EXCHANGE_MODES)[number];

export const CLIENT_AUTH_METHODS = ['client_secret_basic', 'private_key_jwt'] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

/** Asymmetric algorithms only: an HMAC allow-list entry would let a public key act as a shared secret. */
export const SUPPORTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export type JwtAlgorithm = (typeof SUPPORTED_ALGORITHMS)[number];

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_ALGORITHMS: readonly JwtAlgorithm[] = ['RS256', 'ES256', 'PS256', 'EdDSA'];
export const DEFAULT_JWT_FIELD = 'jwt';
/** The `algs` a DPoP proof may use (and the `DPoP algs="..."` challenge lists). */
export const DEFAULT_DPOP_ALGORITHMS: readonly JwtAlgorithm[] = ['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA'];

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
  /**
   * How long API Gateway caches this authorizer's answers (the construct's `resultsCacheTtl`; 0: no
   * gateway cache). A popular token's burst of misses follows its gateway entry's end, so an ended tier-2
   * item takes a refill lease only that soon after it ended (refill-lease.ts).
   */
  readonly gatewayCacheTtlSeconds: number;
  readonly logLevel: LogLevel;
  /**
   * Sender-constrained tokens (`cnf.jkt`: DPoP, `cnf["x5t#S256"]`: mutual TLS) are accepted with their
   * proof. Off: every bound token is refused, since API Gateway's result cache would replay its answer.
   */
  readonly senderConstrained?: boolean;
  /** The algorithms a DPoP proof may be signed with (asymmetric only). @default DEFAULT_DPOP_ALGORITHMS */
  readonly dpopAlgorithms?: readonly JwtAlgorithm[];
  /** @default LIMITS.dpopProofWindowSeconds.default */
  readonly dpopProofWindowSeconds?: number;
  /**
   * The API's public base URL (custom domain, or execute-api host with the stage) that a proof's `htu` is
   * matched against, joined with the request path. Unset: `https://` + the event's domain name and path.
   */
  readonly publicBaseUrl?: string;
  /**
   * With a cache table: read the revocation epoch at most this often while serving requests, and refuse
   * cached entries a revocation names (docs/revocation.md). 0 turns it off.
   */
  readonly revocationPollIntervalMs: number;
  /** Allows an http:// issuer and a secret in the environment. Never set by the constructs. */
  readonly localMode: boolean;
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

const integer = (min: number, max: number, defaultValue: number, unit?: string) =>
  ({ type: { kind: 'integer', min, max, unit }, default: defaultValue }) as const;
const url = { kind: 'url' } as const;
const text = { kind: 'text' } as const;
const choice = (values: readonly string[]) => ({ kind: 'choice', values }) as const;
const list = (values: readonly string[], item: string, why?: string) => ({ kind: 'list', values, item, why }) as const;

/** Rows both functions read alike. */
const ISSUER = { env: 'PHANTOM_ISSUER', type: url, required: true } as const satisfies Setting;
const JWKS_URI = { env: 'PHANTOM_JWKS_URI', type: url } as const satisfies Setting;
const ALLOWED_ALGORITHMS = { env: 'PHANTOM_ALLOWED_ALGORITHMS', type: list(SUPPORTED_ALGORITHMS, 'algorithm', 'asymmetric only'), default: DEFAULT_ALGORITHMS } as const satisfies Setting;
const CLOCK_TOLERANCE = { env: 'PHANTOM_CLOCK_TOLERANCE_SECONDS', ...integer(0, 300, 30, 'seconds') } as const satisfies Setting;
const LOG_LEVEL = { env: 'PHANTOM_LOG_LEVEL', type: choice(LOG_LEVELS), default: 'info' } as const satisfies Setting;
const CACHE_TABLE = { env: 'PHANTOM_CACHE_TABLE', type: text } as const satisfies Setting;
const DYNAMODB_ENDPOINT = { env: 'PHANTOM_DYNAMODB_ENDPOINT', type: { kind: 'url', alwaysHttp: true } } as const satisfies Setting;
const CACHE_MAX_TTL = { env: 'PHANTOM_CACHE_MAX_TTL_SECONDS', ...integer(1, 3600, 300, 'seconds'), prop: 'cacheMaxTtl' } as const satisfies Setting;
const REVOCATION_POLL_INTERVAL = { env: 'PHANTOM_REVOCATION_POLL_INTERVAL_MS', ...integer(0, 60_000, 2_000, 'ms'), prop: 'revocationPollInterval' } as const satisfies Setting;
/** Allows an http:// issuer and a secret in the environment. Never set by the constructs. */
const LOCAL_MODE = { env: 'PHANTOM_LOCAL_MODE', type: { kind: 'flag', omitWhenFalse: true }, default: false } as const satisfies Setting;

/** The authorizer settings required but not given (issuer, clientId, routes), each naming its prop. */
export function missingAuthorizerSettingProblems(settings: Partial<AuthorizerConfig>): SettingProblem[] {
  return missingSettingProblems<AuthorizerConfig>(AUTHORIZER_SETTINGS, settings);
}

/** The authorizer's settings, one row each, in the order the environment lists them. */
export const AUTHORIZER_SETTINGS = /* @__PURE__ */ (() => ({
  issuer: ISSUER,
  /** Optional endpoint overrides; without them the handler reads the AS's discovery document. */
  introspectionEndpoint: { env: 'PHANTOM_INTROSPECTION_ENDPOINT', type: url },
  tokenEndpoint: { env: 'PHANTOM_TOKEN_ENDPOINT', type: url },
  jwksUri: JWKS_URI,
  exchangeMode: { env: 'PHANTOM_EXCHANGE_MODE', type: choice(EXCHANGE_MODES), default: 'accept-jwt' },
  jwtField: { env: 'PHANTOM_JWT_FIELD', type: text, default: DEFAULT_JWT_FIELD, onlyWithExchangeMode: ['jwt-in-json'] },
  exchangeAudience: { env: 'PHANTOM_EXCHANGE_AUDIENCE', type: text, onlyWithExchangeMode: ['token-exchange'] },
  exchangeScope: { env: 'PHANTOM_EXCHANGE_SCOPE', type: text, onlyWithExchangeMode: ['token-exchange'] },
  jwtAudience: { env: 'PHANTOM_JWT_AUDIENCE', type: text },
  clientId: { env: 'PHANTOM_CLIENT_ID', type: text, required: true },
  clientAuthMethod: { env: 'PHANTOM_CLIENT_AUTH_METHOD', type: choice(CLIENT_AUTH_METHODS), default: 'client_secret_basic' },
  clientSecretArn: { env: 'PHANTOM_CLIENT_SECRET_ARN', type: text, prop: 'clientSecret' },
  /** Local mode only: the secret itself. Refused unless `localMode` is on. */
  clientSecret: { env: 'PHANTOM_CLIENT_SECRET', type: text },
  cacheTable: CACHE_TABLE,
  dynamoDbEndpoint: DYNAMODB_ENDPOINT,
  cacheMaxTtlSeconds: CACHE_MAX_TTL,
  /** `true`: an AS answer with `Cache-Control: no-store` or `no-cache` is not cached. */
  honorNoStore: { env: 'PHANTOM_HONOR_NO_STORE', type: { kind: 'flag' }, default: false },
  negativeCacheSeconds: { env: 'PHANTOM_NEGATIVE_CACHE_SECONDS', ...integer(0, 60, 5, 'seconds'), prop: 'negativeCacheTtl' },
  memoryCacheEntries: { env: 'PHANTOM_MEMORY_CACHE_ENTRIES', ...integer(0, 100_000, 10_000) },
  asTimeoutMs: { env: 'PHANTOM_AS_TIMEOUT_MS', ...integer(100, 10_000, 2_500, 'ms'), prop: 'asTimeout' },
  allowedAlgorithms: ALLOWED_ALGORITHMS,
  clockToleranceSeconds: { ...CLOCK_TOLERANCE, prop: 'clockTolerance' },
  routes: { env: 'PHANTOM_ROUTES', type: { kind: 'routes' }, required: true },
  /** `true`: API Gateway keys each cached REST REQUEST answer by route too, so an answer covers its route only. */
  cachesPerRoute: { env: 'PHANTOM_CACHES_PER_ROUTE', type: { kind: 'flag', omitWhenFalse: true }, default: false },
  /** API Gateway's result cache TTL for this authorizer; unset: the constructs' default. */
  gatewayCacheTtlSeconds: { env: 'PHANTOM_GATEWAY_CACHE_TTL_SECONDS', ...integer(0, 3600, DEFAULT_RESULTS_CACHE_TTL_SECONDS, 'seconds'), prop: 'resultsCacheTtl' },
  logLevel: LOG_LEVEL,
  /** `true`: DPoP- and certificate-bound tokens are accepted with their proof (else refused). */
  senderConstrained: { env: 'PHANTOM_SENDER_CONSTRAINED', type: { kind: 'flag', omitWhenFalse: true }, default: false, prop: 'senderConstrainedTokens' },
  dpopAlgorithms: { env: 'PHANTOM_DPOP_ALGORITHMS', type: list(SUPPORTED_ALGORITHMS, 'algorithm', 'asymmetric only'), default: DEFAULT_DPOP_ALGORITHMS },
  /** How far a DPoP proof's `iat` may lie from now, either way; also how long its `jti` is remembered. */
  dpopProofWindowSeconds: { env: 'PHANTOM_DPOP_PROOF_WINDOW_SECONDS', ...integer(5, 600, 60, 'seconds'), prop: 'dpopProofWindow' },
  /** The public base URL a DPoP proof's `htu` is matched against. */
  publicBaseUrl: { env: 'PHANTOM_PUBLIC_BASE_URL', type: url },
  /** How often (at most) an instance serving requests reads the revocation epoch; 0 turns polling off. */
  revocationPollIntervalMs: REVOCATION_POLL_INTERVAL,
  localMode: LOCAL_MODE,
} as const satisfies SettingsTable<AuthorizerConfig>))();

/** The validator's settings (a service function built by the constructs). */
export const VALIDATOR_SETTINGS = {
  issuer: ISSUER,
  audience: { env: 'PHANTOM_AUDIENCE', type: text, required: true },
  jwksUri: JWKS_URI,
  allowedAlgorithms: ALLOWED_ALGORITHMS,
  tokenType: { env: 'PHANTOM_TOKEN_TYPE', type: text },
  tokenSources: { env: 'PHANTOM_TOKEN_SOURCES', type: list(TOKEN_SOURCES, 'source'), default: ['authorizer-context'] },
  clockToleranceSeconds: CLOCK_TOLERANCE,
  logLevel: LOG_LEVEL,
  localMode: LOCAL_MODE,
} as const satisfies SettingsTable<ValidatorConfig>;

type Limits<T> = { [F in keyof T as T[F] extends { type: { kind: 'integer' } } ? F : never]: { readonly min: number; readonly max: number; readonly default: number } };

/** The whole-number settings' limits and defaults, as the rows give them. */
export const LIMITS = /* @__PURE__ */ (() => Object.fromEntries(
  Object.entries(AUTHORIZER_SETTINGS as Record<string, Setting>)
    .filter(([, setting]) => setting.type.kind === 'integer')
    .map(([field, setting]) => {
      const type = setting.type as Extract<Setting['type'], { kind: 'integer' }>;
      return [field, { min: type.min, max: type.max, default: setting.default as number }];
    }),
) as Limits<typeof AUTHORIZER_SETTINGS>)();

// ---- authorizer -----------------------------------------------------------------------------------

export function authorizerConfigFromEnv(env: Env): AuthorizerConfig {
  const S = AUTHORIZER_SETTINGS;
  const localMode = readSetting(S.localMode, env, false) as boolean;
  const clientSecret = readSetting(S.clientSecret, env, localMode);
  // Rules between settings, checked before the rows: a secret in the environment outside local mode is
  // named as such, not as the http issuer that usually comes with it.
  if (clientSecret !== undefined && !localMode) {
    throw new ConfigError(S.clientSecret.env, `is for local mode only; store the secret in Secrets Manager and set ${S.clientSecretArn.env}`);
  }
  if (clientSecret === undefined && readSetting(S.clientSecretArn, env, localMode) === undefined) {
    throw new ConfigError(S.clientSecretArn.env, 'is required (the client credentials for the authorization server)');
  }
  return readSettings<AuthorizerConfig>(S, env, localMode);
}

/** What the constructs (or local mode) set; omitted optionals are left out so defaults apply. */
export type AuthorizerSettings = Partial<AuthorizerConfig> &
  Pick<AuthorizerConfig, 'issuer' | 'clientId' | 'routes'>;

export function authorizerConfigToEnv(settings: AuthorizerSettings): Record<string, string> {
  return writeSettings<AuthorizerConfig>(AUTHORIZER_SETTINGS, settings);
}

/**
 * Synth-time problems with the authorizer settings given, each naming its construct prop. Only what is
 * given is judged (the constructs say which props they require), so the calls compose.
 */
export function authorizerSettingProblems(settings: Partial<AuthorizerConfig>, context?: SettingContext): SettingProblem[] {
  return settingProblems<AuthorizerConfig>(AUTHORIZER_SETTINGS, settings, context);
}

/**
 * Lambda's 4 KB environment limit on the authorizer's variables; undefined when they fit. `bytesOf`
 * counts one name or value (the constructs count a deploy-time token as the length it will likely have).
 */
export function authorizerEnvironmentSizeProblem(env: Readonly<Record<string, string>>, bytesOf?: (text: string) => number): string | undefined {
  const bytes = environmentBytes(env, bytesOf);
  if (bytes <= LAMBDA_ENV_LIMIT_BYTES) return undefined;
  const routesBytes = (bytesOf ?? Buffer.byteLength)(env[AUTHORIZER_SETTINGS.routes.env] ?? '');
  return `the authorizer's environment would be ${bytes} bytes (the routes take ${routesBytes}); Lambda allows ${LAMBDA_ENV_LIMIT_BYTES}. Use fewer, broader routes (e.g. {proxy+})`;
}

// ---- validator ------------------------------------------------------------------------------------

export function validatorConfigFromEnv(env: Env): ValidatorConfig {
  return readSettings<ValidatorConfig>(VALIDATOR_SETTINGS, env, readSetting(VALIDATOR_SETTINGS.localMode, env, false) as boolean);
}

export type ValidatorSettings = Partial<ValidatorConfig> & Pick<ValidatorConfig, 'issuer' | 'audience'>;

export function validatorConfigToEnv(settings: ValidatorSettings): Record<string, string> {
  return writeSettings<ValidatorConfig>(VALIDATOR_SETTINGS, settings);
}

/** Synth-time problems with the validator settings given, each naming its prop (see authorizerSettingProblems). */
export function validatorSettingProblems(settings: Partial<ValidatorConfig>, context?: SettingContext): SettingProblem[] {
  return settingProblems<ValidatorConfig>(VALIDATOR_SETTINGS, settings, context);
}

/** The validator settings required but not given (issuer, audience). */
export function missingValidatorSettingProblems(settings: Partial<ValidatorConfig>): SettingProblem[] {
  return missingSettingProblems<ValidatorConfig>(VALIDATOR_SETTINGS, settings);
}

// ---- revocation receiver --------------------------------------------------------------------------

export const FLUSH_API_KINDS = ['rest', 'http', 'none'] as const;
export type FlushApiKind = (typeof FLUSH_API_KINDS)[number];

export interface RevocationReceiverConfig {
  /** The AS: the `iss` of its SETs, and the issuer of the subjects they name. */
  readonly issuer: string;
  /** The AS's JWKS, which signs its SETs. */
  readonly jwksUri: string;
  /** The `aud` SETs must carry: this gateway's name at the AS. */
  readonly audience: string;
  readonly cacheTable: string;
  readonly dynamoDbEndpoint?: string;
  /** The authorizers' cacheMaxTtlSeconds: revocations are kept at least this long. */
  readonly cacheMaxTtlSeconds: number;
  readonly allowedAlgorithms: readonly JwtAlgorithm[];
  readonly clockToleranceSeconds: number;
  /** `rest` (FlushStageAuthorizersCache), `http` (ResetAuthorizersCache) or `none`. */
  readonly flushApiKind: FlushApiKind;
  readonly flushApiId?: string;
  readonly flushStage?: string;
  /** The authorizers' revocationPollIntervalMs: the receiver flushes again once every instance has polled. */
  readonly revocationPollIntervalMs: number;
  readonly logLevel: LogLevel;
  readonly localMode: boolean;
}

/** The revocation receiver's settings (its function is built by the RevocationReceiver construct). */
export const REVOCATION_RECEIVER_SETTINGS = /* @__PURE__ */ (() => ({
  issuer: ISSUER,
  jwksUri: { ...JWKS_URI, required: true },
  audience: { env: 'PHANTOM_REVOCATION_AUDIENCE', type: text, required: true },
  cacheTable: { ...CACHE_TABLE, required: true },
  dynamoDbEndpoint: DYNAMODB_ENDPOINT,
  cacheMaxTtlSeconds: CACHE_MAX_TTL,
  allowedAlgorithms: ALLOWED_ALGORITHMS,
  clockToleranceSeconds: CLOCK_TOLERANCE,
  flushApiKind: { env: 'PHANTOM_REVOCATION_FLUSH_API_KIND', type: choice(FLUSH_API_KINDS), default: 'none' },
  /** Required with a flush target (rest or http). */
  flushApiId: { env: 'PHANTOM_REVOCATION_FLUSH_API_ID', type: text },
  flushStage: { env: 'PHANTOM_REVOCATION_FLUSH_STAGE', type: text },
  revocationPollIntervalMs: REVOCATION_POLL_INTERVAL,
  logLevel: LOG_LEVEL,
  localMode: LOCAL_MODE,
} as const satisfies SettingsTable<RevocationReceiverConfig>))();

export function revocationReceiverConfigFromEnv(env: Env): RevocationReceiverConfig {
  const S = REVOCATION_RECEIVER_SETTINGS;
  const config = readSettings<RevocationReceiverConfig>(S, env, readSetting(S.localMode, env, false) as boolean);
  // A rule between settings: a flush target names its API and stage.
  if (config.flushApiKind !== 'none') {
    for (const field of ['flushApiId', 'flushStage'] as const) {
      if (config[field] === undefined) throw new ConfigError(S[field].env, `is required with ${S.flushApiKind.env}=${config.flushApiKind}`);
    }
  }
  return config;
}

export type RevocationReceiverSettings = Partial<RevocationReceiverConfig> &
  Pick<RevocationReceiverConfig, 'issuer' | 'jwksUri' | 'audience' | 'cacheTable'>;

export function revocationReceiverConfigToEnv(settings: RevocationReceiverSettings): Record<string, string> {
  return writeSettings<RevocationReceiverConfig>(REVOCATION_RECEIVER_SETTINGS, settings);
}
