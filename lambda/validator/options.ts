// What a validator is built from: everything `ValidatorConfig` carries (so a config read from the
// environment can be passed straight in) plus what only code can give (a static JWKS, a clock, a log
// sink). Options are checked once, when the validator is created; a bad one is a ConfigError naming it.
import type { JSONWebKeySet } from 'jose';
import { DEFAULT_ALGORITHMS, missingValidatorSettingProblems, VALIDATOR_SETTINGS, validatorSettingProblems, type JwtAlgorithm, type LogLevel, type TokenSource } from '../shared/config';
import { urlProblem } from '../shared/settings';
import type { LogSink } from '../shared/decision-log';
import { MAX_TOKEN_LENGTH } from '../shared/bearer';
import { ConfigError } from '../shared/errors';

export { ACCESS_TOKEN_TYP, INTROSPECTION_TYP } from '../shared/jwt/typ';

/** Tokens longer than this are refused before any parsing (API Gateway caps headers at 10 KiB). */
export const DEFAULT_MAX_TOKEN_LENGTH = MAX_TOKEN_LENGTH;
export const DEFAULT_VERIFIED_TOKEN_CACHE_ENTRIES = 1000;
export const JWKS_TIMEOUT_MS = 2_500;

export interface ValidatorOptions {
  /** The AS issuer; the JWT's `iss` must equal it. */
  readonly issuer: string;
  /**
   * The API's audience; the JWT's `aud` must contain it. In the rfc9701 mode (`tokenType`
   * `token-introspection+jwt`) it is checked against `token_introspection.aud`, the audience of the
   * access token, because the outer `aud` names the gateway that introspected, not the API.
   */
  readonly audience: string;
  /** Remote JWKS. Exactly one of `jwksUri` and `jwks` is required. */
  readonly jwksUri?: string;
  /** A static JWKS (public keys only), for tests and air-gapped deployments. */
  readonly jwks?: JSONWebKeySet;
  /** Asymmetric algorithms only. @default ['RS256', 'ES256', 'PS256', 'EdDSA'] */
  readonly allowedAlgorithms?: readonly JwtAlgorithm[];
  /**
   * Required JOSE `typ` header: `at+jwt` or `token-introspection+jwt`. Only `token-introspection+jwt`
   * turns on the RFC 9701 reading (claims under `token_introspection`, see `audience`).
   * @default - any `typ` except `token-introspection+jwt`, which is refused (ERR_JWT_INVALID)
   */
  readonly tokenType?: string;
  /** rfc9701 (`tokenType` `token-introspection+jwt`) only: when set, the outer `aud` (the introspecting gateway client) must contain it. @default - not checked */
  readonly introspectionAudience?: string;
  /** Where the JWT may come from; the first one present is used. @default ['authorizer-context'] */
  readonly tokenSources?: readonly TokenSource[];
  /** Seconds of clock skew allowed on `exp`, `nbf` and `iat`. @default 30 */
  readonly clockToleranceSeconds?: number;
  /** @default 'info' */
  readonly logLevel?: LogLevel;
  /** Allows an http:// issuer and JWKS URI (loopback development only). @default false */
  readonly localMode?: boolean;
  /** Verified tokens remembered so repeat requests skip the signature check; 0 turns it off. @default 1000 */
  readonly verifiedTokenCacheEntries?: number;
  /** @default 8192 */
  readonly maxTokenLength?: number;
  /** JWKS fetch timeout. @default 2500 */
  readonly jwksTimeoutMs?: number;
  /** Milliseconds since the epoch. @default Date.now */
  readonly clock?: () => number;
  /** Where decision lines go. @default - stdout */
  readonly logSink?: LogSink;
}

export interface ResolvedValidatorOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUri?: string;
  readonly jwks?: JSONWebKeySet;
  readonly allowedAlgorithms: readonly JwtAlgorithm[];
  readonly tokenType?: string;
  readonly introspectionAudience?: string;
  readonly tokenSources: readonly TokenSource[];
  readonly clockToleranceSeconds: number;
  readonly logLevel: LogLevel;
  readonly localMode: boolean;
  readonly verifiedTokenCacheEntries: number;
  readonly maxTokenLength: number;
  readonly jwksTimeoutMs: number;
  readonly clock: () => number;
  readonly logSink?: LogSink;
}

function wholeNumber(name: string, value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number between ${min} and ${max}, got ${value}`);
  }
  return value;
}

/**
 * `urlProblem`, naming the validator's switch when an http URL is refused: a test against a loopback AS
 * (`cdk-phantom-token/local`) passes `localMode: true`; a deployed validator never does.
 */
export function validatorUrlProblem(value: string, localMode: boolean): string | undefined {
  return withLocalModeHint(urlProblem(value, localMode), value, localMode);
}

function withLocalModeHint(problem: string | undefined, value: unknown, localMode: boolean): string | undefined {
  if (!problem || localMode || typeof value !== 'string' || !value.startsWith('http:')) return problem;
  return `${problem}; pass localMode: true to the validator's options to allow it (for tests against a loopback AS)`;
}

export function resolveValidatorOptions(options: ValidatorOptions): ResolvedValidatorOptions {
  const localMode = options.localMode ?? false;
  // The settings a service's environment also carries are judged by their rows (lambda/shared/config.ts).
  const [problem] = [...missingValidatorSettingProblems(options), ...validatorSettingProblems(options, { localMode })];
  if (problem) {
    const value = (options as unknown as Record<string, unknown>)[problem.prop];
    throw new ConfigError(problem.prop, withLocalModeHint(problem.message, value, localMode)!);
  }
  if (options.jwksUri === undefined && options.jwks === undefined) {
    throw new ConfigError('jwksUri', 'is required unless a static jwks is given');
  }
  if (options.jwksUri !== undefined && options.jwks !== undefined) {
    throw new ConfigError('jwks', 'give either jwksUri or jwks, not both');
  }
  if (options.jwks !== undefined && !Array.isArray(options.jwks.keys)) {
    throw new ConfigError('jwks', 'must be a JWKS object with a "keys" array');
  }
  return {
    issuer: options.issuer,
    audience: options.audience,
    jwksUri: options.jwksUri,
    jwks: options.jwks,
    allowedAlgorithms: options.allowedAlgorithms ?? DEFAULT_ALGORITHMS,
    tokenType: options.tokenType,
    introspectionAudience: options.introspectionAudience,
    tokenSources: options.tokenSources ?? VALIDATOR_SETTINGS.tokenSources.default,
    clockToleranceSeconds: options.clockToleranceSeconds ?? VALIDATOR_SETTINGS.clockToleranceSeconds.default,
    logLevel: options.logLevel ?? VALIDATOR_SETTINGS.logLevel.default,
    localMode,
    verifiedTokenCacheEntries: wholeNumber('verifiedTokenCacheEntries', options.verifiedTokenCacheEntries, 0, 100_000, DEFAULT_VERIFIED_TOKEN_CACHE_ENTRIES),
    maxTokenLength: wholeNumber('maxTokenLength', options.maxTokenLength, 256, 65_536, DEFAULT_MAX_TOKEN_LENGTH),
    jwksTimeoutMs: wholeNumber('jwksTimeoutMs', options.jwksTimeoutMs, 100, 10_000, JWKS_TIMEOUT_MS),
    clock: options.clock ?? Date.now,
    logSink: options.logSink,
  };
}
