// oidc-provider ships no types; this is the part of its API the embedded AS uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface OidcToken {
    readonly kind: string;
    readonly jti: string;
    readonly clientId: string;
    readonly accountId?: string;
    readonly scope?: string;
    readonly exp: number;
    readonly iat: number;
    readonly aud?: string | string[];
    readonly extra?: Record<string, unknown>;
    /** DPoP binding: the proof key's RFC 7638 thumbprint. */
    readonly jkt?: string;
    /** Certificate binding: the client certificate's SHA-256 thumbprint. */
    readonly 'x5t#S256'?: string;
    readonly isValid: boolean;
    readonly isExpired: boolean;
  }

  export interface OidcClient {
    readonly clientId: string;
  }

  export interface OidcContext {
    readonly path: string;
    readonly method: string;
    status: number;
    body: unknown;
    type: string;
    get(header: string): string;
    set(header: string, value: string): void;
    readonly oidc: {
      readonly client?: OidcClient;
      readonly params?: Record<string, unknown>;
      readonly entities: Record<string, OidcToken | undefined>;
      readonly route?: string;
    };
  }

  export type Middleware = (ctx: OidcContext, next: () => Promise<void>) => Promise<void>;

  interface TokenModel {
    find(value: string, options?: { ignoreExpiration?: boolean }): Promise<OidcToken | undefined>;
    prototype: { save(): Promise<string>; scope?: string; clientId: string };
  }

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    readonly issuer: string;
    silent: boolean;
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(middleware: Middleware): this;
    registerGrantType(name: string, handler: (ctx: OidcContext) => Promise<void>, params?: string[]): void;
    on(event: string, listener: (...args: unknown[]) => void): this;
    readonly AccessToken: TokenModel;
    readonly ClientCredentials: TokenModel;
  }

  class OIDCProviderError extends Error {
    readonly status: number;
    readonly error: string;
    readonly error_description?: string;
  }

  export const errors: {
    OIDCProviderError: typeof OIDCProviderError;
    InvalidGrant: new (description?: string) => OIDCProviderError;
    InvalidScope: new (description: string, scope?: string) => OIDCProviderError;
    InvalidRequest: new (description: string) => OIDCProviderError;
    InvalidTarget: new (description?: string) => OIDCProviderError;
  };
}
