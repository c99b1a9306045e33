// oidc-provider configuration for the embedded AS: client credentials issuing opaque tokens for one API
// audience, introspection (plain and RFC 9701 signed), revocation, and nothing interactive.
import { randomBytes } from 'node:crypto';
import { errors, type OidcContext, type OidcToken } from 'oidc-provider';
import type { MemoryStoreClass } from './memory-store';
import type { SigningKey } from './signing-keys';
import { TOKEN_EXCHANGE_GRANT } from './token-exchange';
import type { DemoClient } from './types';
import { CLIENT_CERTIFICATE_HEADER, TOKEN_TTL_HEADER } from './wire-names';


export interface ProviderConfigInput {
  readonly audience: string;
  readonly accessTokenTtlSeconds: number;
  readonly signingKey: SigningKey;
  readonly clients: readonly DemoClient[];
  /** The adapter, seeded with `clientRecords` (and, after a restart, the tokens issued before). */
  readonly store: MemoryStoreClass;
}

export interface ClientRecordsInput {
  readonly signingKey: SigningKey;
  readonly clients: readonly DemoClient[];
  readonly clientKeys: ReadonlyMap<string, SigningKey>;
}

/**
 * Clients live in the store rather than in `clients`: oidc-provider structuredClones static client
 * metadata, and under Jest's VM realm a cloned inline JWK then fails its plain-object check.
 */
export function clientRecords(input: ClientRecordsInput): Record<string, Record<string, unknown>[]> {
  return { Client: input.clients.map((client) => clientMetadata(client, input)) };
}

export function providerConfiguration(input: ProviderConfigInput): Record<string, unknown> {
  const byId = new Map(input.clients.map((client) => [client.clientId, client]));
  const allScopes = [...new Set(input.clients.flatMap((client) => scopesOf(client)))];
  return {
    adapter: input.store,
    jwks: { keys: [input.signingKey.privateJwk] },
    // The one key signs everything; oidc-provider's client defaults say RS256, which an EC or OKP key cannot.
    clientDefaults: {
      id_token_signed_response_alg: input.signingKey.alg,
      introspection_signed_response_alg: input.signingKey.alg,
    },
    scopes: allScopes,
    // Session cookies are never used here (no interactive flows), but the provider wants keys.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: {
        enabled: true,
        // Gateways introspect everyone's tokens; any other client only its own.
        allowedPolicy: (_ctx: OidcContext, client: { clientId: string }, token: OidcToken) =>
          byId.get(client.clientId)?.gateway === true || token.clientId === client.clientId,
      },
      jwtIntrospection: { enabled: true },
      // Certificate-bound tokens (RFC 8705 §3) for clients registered for them; `cnf["x5t#S256"]` then
      // appears in introspection answers and phantom JWTs. Client authentication stays by secret.
      mTLS: {
        enabled: true,
        certificateBoundAccessTokens: true,
        getCertificate: (ctx: OidcContext) => {
          const forwarded = ctx.get(CLIENT_CERTIFICATE_HEADER);
          return forwarded ? decodeURIComponent(forwarded) : undefined;
        },
      },
      revocation: {
        enabled: true,
        // A client revokes its own tokens; a gateway may revoke anyone's (as it may introspect them).
        allowedPolicy: (_ctx: OidcContext, client: { clientId: string }, token: OidcToken) => {
          if (byId.get(client.clientId)?.gateway === true || token.clientId === client.clientId) return true;
          throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
        },
      },
      // Every token is for the one API audience, so the token's `aud` (and the introspection answer's)
      // is the API's, while the format stays opaque: this AS is the phantom token pattern's AS.
      resourceIndicators: {
        enabled: true,
        defaultResource: () => input.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => {
          if (resource !== input.audience) throw new errors.InvalidTarget();
          return {
            scope: allScopes.join(' '),
            audience: input.audience,
            accessTokenFormat: 'opaque',
            accessTokenTTL: input.accessTokenTtlSeconds,
          };
        },
      },
    },
    ttl: {
      ClientCredentials: (ctx: OidcContext | undefined) => requestedTtl(ctx) ?? input.accessTokenTtlSeconds,
      AccessToken: input.accessTokenTtlSeconds,
    },
    // `sub` is the client itself for client credentials; its extra claims travel with every token.
    extraTokenClaims: (_ctx: unknown, token: OidcToken) => ({
      ...byId.get(token.clientId)?.claims,
      sub: token.accountId ?? token.clientId,
    }),
  };
}

export function scopesOf(client: DemoClient): string[] {
  return client.scope.split(' ').filter(Boolean);
}

function clientMetadata(client: DemoClient, input: ClientRecordsInput): Record<string, unknown> {
  const scopes = scopesOf(client);
  const key = input.clientKeys.get(client.clientId);
  return {
    client_id: client.clientId,
    ...(client.clientSecret !== undefined ? { client_secret: client.clientSecret } : {}),
    token_endpoint_auth_method: client.tokenEndpointAuthMethod ?? 'client_secret_basic',
    ...(key ? { jwks: { keys: [{ ...key.publicJwk }] }, token_endpoint_auth_signing_alg: key.alg } : {}),
    grant_types: client.tokenExchange ? ['client_credentials', TOKEN_EXCHANGE_GRANT] : ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    // A client without scopes must not fall back to "any scope": give it one it can never use.
    scope: scopes.length ? scopes.join(' ') : 'openid',
    ...(client.gateway ? { introspection_signed_response_alg: input.signingKey.alg } : {}),
    ...(client.certificateBound ? { tls_client_certificate_bound_access_tokens: true } : {}),
  };
}

function requestedTtl(ctx: OidcContext | undefined): number | undefined {
  const value = ctx?.get(TOKEN_TTL_HEADER);
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isInteger(seconds) && seconds > 0 ? seconds : undefined;
}
