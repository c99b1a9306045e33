// The embedded AS's public shapes: the API that the authorizer tests, the validator tests, local mode,
// the benchmarks and the soak run are written against.

export type ClientAuthMethod = 'client_secret_basic' | 'private_key_jwt';

export interface DemoClient {
  readonly clientId: string;
  /** Required for `client_secret_basic`. */
  readonly clientSecret?: string;
  /** Space-delimited scopes the client may request; a request without `scope` gets all of them. */
  readonly scope: string;
  /** Extra claims copied into the client's tokens, introspection answers and phantom JWTs. */
  readonly claims?: Record<string, string>;
  /** @default 'client_secret_basic' */
  readonly tokenEndpointAuthMethod?: ClientAuthMethod;
  /**
   * A gateway: may introspect any client's token, and its introspection answers carry the phantom JWT
   * (`accept-jwt`, `jwt-in-json`) or are signed (`rfc9701`). Other clients may introspect only their own.
   * @default false
   */
  readonly gateway?: boolean;
  /** May use the RFC 8693 token-exchange grant. @default false */
  readonly tokenExchange?: boolean;
  /**
   * Its tokens are bound to the client certificate it presents at the token endpoint (RFC 8705
   * `tls_client_certificate_bound_access_tokens`; the certificate comes in CLIENT_CERTIFICATE_HEADER).
   * @default false
   */
  readonly certificateBound?: boolean;
}

export interface EmbeddedAsOptions {
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** The `aud` of access tokens and phantom JWTs. @default EXAMPLE_AUDIENCE */
  readonly audience?: string;
  /** @default 3600 */
  readonly accessTokenTtlSeconds?: number;
  /** @default 'RS256' */
  readonly signingAlg?: SigningAlg;
  /** @default DEMO_CLIENTS */
  readonly clients?: readonly DemoClient[];
  /** Push a signed `token-revoked` SET (RFC 8935) here on every revocation. @default - no push */
  readonly securityEvents?: SecurityEventStream;
}

/** An RFC 8935 push receiver the AS sends its SETs to. */
export interface SecurityEventStream {
  /** Where SETs are pushed. */
  readonly endpoint: string;
  /** The receiver's name: the SETs' `aud`. */
  readonly audience: string;
}

export type SigningAlg = 'RS256' | 'ES256' | 'EdDSA';

export type AsFault =
  | { kind: 'slow'; delayMs: number }
  | { kind: 'error-500' }
  | { kind: 'garbage-body' }
  | { kind: 'wrong-content-type' };

export interface TokenRequestOptions {
  /** Space-delimited; must be within the client's scopes. @default - all of the client's scopes */
  readonly scope?: string;
  /** Lifetime of this token (short ones make expired tokens). @default accessTokenTtlSeconds */
  readonly ttlSeconds?: number;
  /** PEM client certificate a `certificateBound` client presents (its token is then bound to it). */
  readonly clientCertificate?: string;
}

export interface EmbeddedAs {
  /** `http://<host>:<port>`, no trailing slash. */
  readonly issuer: string;
  readonly jwksUri: string;
  readonly tokenEndpoint: string;
  readonly introspectionEndpoint: string;
  readonly revocationEndpoint: string;
  /** The audience phantom JWTs carry unless an exchange asks for another. */
  readonly audience: string;
  readonly port: number;
  /** The AS's public signing keys (what `jwksUri` serves). */
  readonly publicJwks: { keys: Record<string, unknown>[] };
  /** Private key of `gateway-pkjwt-client` (or of the first `private_key_jwt` client given). */
  readonly gatewayPrivateJwk: Record<string, unknown>;
  /** Private key of any `private_key_jwt` client. */
  privateJwkOf(clientId: string): Record<string, unknown>;
  /** A real client_credentials request over HTTP; resolves with the opaque access token. */
  getToken(clientId: string, options?: TokenRequestOptions): Promise<string>;
  /** A real RFC 7009 revocation request, authenticated as `clientId`. */
  revoke(token: string, clientId: string): Promise<void>;
  /**
   * From now on, push a signed `token-revoked` SET (RFC 8935) to this stream on every revocation;
   * undefined stops. Resolves once the AS pushes there (a restarted AS keeps pushing).
   */
  pushSecurityEventsTo(stream: SecurityEventStream | undefined): Promise<void>;
  /** Resolves when every SET push begun so far has been answered. */
  securityEventsSettled(): Promise<void>;
  /** Applies to the introspection and token endpoints until cleared with undefined; resolves once it does. */
  setFault(fault: AsFault | undefined): Promise<void>;
  /** Requests received, for single-flight tests. */
  readonly calls: { introspection: number; tokenExchange: number };
  /**
   * Stops the AS (its process ends; connections are refused until `start()`). Call it when you are done:
   * a stopped AS leaves nothing running.
   */
  stop(): Promise<void>;
  /** Starts the AS again after `stop()`, on the same port, with the same keys and issued tokens. */
  start(): Promise<void>;
}
