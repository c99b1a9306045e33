// The authorizer's settings, in two groups: how it talks to the authorization server (AS), and its
// function and API Gateway authorizers. The authorizer takes both plus its routes and cache table; the
// gateway takes both and supplies those two itself.
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ClientCredentials } from '../client-credentials';
import { JwtAlgorithm, LogLevel } from '../jwt-algorithm';
import { JwtExchange } from '../jwt-exchange';
import type { SenderConstraintOptions } from '../sender-constraint-options';

/** Which kind of REST API authorizer `restAuthorizer` creates. */
export enum RestAuthorizerType {
  /** REQUEST authorizer keyed on the Authorization header; its policy covers every route (recommended). */
  REQUEST = 'REQUEST',
  /** TOKEN authorizer; API Gateway passes only the header value and the method ARN. */
  TOKEN = 'TOKEN',
}

/**
 * How the authorizer talks to the authorization server (AS), and which tokens it accepts: bearer
 * tokens always, sender-constrained ones with `senderConstrainedTokens`.
 */
export interface AuthorizationServerOptions extends SenderConstraintOptions {
  /** The AS issuer (`iss` of the phantom JWT), https only; discovery is read from it unless endpoints are given. */
  readonly issuer: string;
  /**
   * RFC 7662 introspection endpoint (every exchange but token exchange).
   * @default - from the issuer's discovery document
   */
  readonly introspectionEndpoint?: string;
  /**
   * Token endpoint (token exchange).
   * @default - from the issuer's discovery document
   */
  readonly tokenEndpoint?: string;
  /**
   * The AS's JWKS, used to verify the phantom JWT.
   * @default - from the issuer's discovery document
   */
  readonly jwksUri?: string;
  /**
   * How an opaque token becomes a JWT, with that way's own settings.
   * @default JwtExchange.acceptJwt()
   */
  readonly exchange?: JwtExchange;
  /**
   * When set, the phantom JWT's `aud` must contain it.
   * @default - `aud` is not checked by the authorizer (each API checks its own audience)
   */
  readonly jwtAudience?: string;
  /** The gateway's client id at the AS. */
  readonly clientId: string;
  /**
   * The gateway's credentials at the AS: `ClientCredentials.clientSecretBasic(secret)` or
   * `ClientCredentials.privateKeyJwt(secret)`. Read at cold start; never placed in the template.
   */
  readonly clientCredentials: ClientCredentials;
  /**
   * Cap on how long a token's JWT is cached (memory and DynamoDB); the JWT's `exp` and the AS's
   * `Cache-Control` can only shorten it. Whole seconds, 1 s to 3600 s.
   * @default Duration.seconds(300)
   */
  readonly cacheMaxTtl?: Duration;
  /**
   * Cache nothing from an AS answer that carries `Cache-Control: no-store` or `no-cache`: every request
   * with such an answer reaches the AS. Off by default, because ASes send `no-store` on every token answer
   * (RFC 6749 §5.1) to keep HTTP intermediaries from storing it, and the gateway's cache stays bounded by
   * `cacheMaxTtl` and the JWT's `exp`; `max-age` and `s-maxage` shorten the lifetime either way.
   * @default false
   */
  readonly honorNoStore?: boolean;
  /**
   * How long an inactive token is remembered as inactive. Whole seconds, 0 to 60 s.
   * @default Duration.seconds(5)
   */
  readonly negativeCacheTtl?: Duration;
  /**
   * How often, at most, each authorizer instance reads the revocation epoch in the cache table while it
   * serves requests (an idle instance reads nothing); a revocation recorded by a `RevocationReceiver`
   * refuses matching tokens at every cache tier within this interval. Needs a cache table. Whole
   * milliseconds, 0 (no polling) to 60 s.
   * @default Duration.seconds(2)
   */
  readonly revocationPollInterval?: Duration;
  /**
   * Entries in each instance's in-memory cache. 0 to 100000.
   * @default 10000
   */
  readonly memoryCacheEntries?: number;
  /**
   * Timeout of one call to the AS; a slower AS yields 503. 100 ms to 10 s.
   * @default Duration.millis(2500)
   */
  readonly asTimeout?: Duration;
  /**
   * JWT signature algorithms accepted (asymmetric only).
   * @default [RS256, ES256, PS256, EdDSA]
   */
  readonly allowedAlgorithms?: JwtAlgorithm[];
  /**
   * Clock skew tolerated on `exp`/`nbf`. Whole seconds, 0 to 300 s.
   * @default Duration.seconds(30)
   */
  readonly clockTolerance?: Duration;
  /**
   * Log level of the decision log.
   * @default LogLevel.INFO
   */
  readonly logLevel?: LogLevel;
}

/** The authorizer function and the API Gateway authorizers in front of it. */
export interface AuthorizerFunctionOptions {
  /**
   * Kind of REST API authorizer.
   * @default RestAuthorizerType.REQUEST
   */
  readonly restAuthorizerType?: RestAuthorizerType;
  /**
   * How long API Gateway caches the authorizer's answer for one Authorization header. Whole seconds,
   * 0 (off) to 3600 s. Revocation at the AS takes up to this long to reach callers.
   * @default Duration.seconds(60)
   */
  readonly resultsCacheTtl?: Duration;
  /**
   * Memory of the authorizer function (also buys CPU for signature checks and cache crypto).
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * Timeout of the authorizer function, in whole seconds; must exceed `asTimeout`, at most 10 s (API
   * Gateway waits no longer for a Lambda authorizer's response).
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * Runtime of the function: Node.js 22 or newer (the handler is bundled for Node.js 22).
   * @default lambda.Runtime.NODEJS_24_X
   */
  readonly runtime?: lambda.Runtime;
  /**
   * Retention of the function's log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * AWS X-Ray active tracing on the function (the AS and DynamoDB calls show as segments' time).
   * @default false
   */
  readonly tracing?: boolean;
}
