// Names on the wire (RFC 8693's, and the jwt-in-json field), in a file of their own so the importer's
// process and the published type declarations use them without loading, or naming, oidc-provider.
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
export const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
/** The field of a JSON introspection answer that carries the phantom JWT (`jwt-in-json`). */
export const PHANTOM_JWT_FIELD = 'jwt';

/**
 * The embedded AS listens on plain loopback HTTP, so the client certificate a TLS terminator in front of
 * it would have verified arrives in this header (URL-encoded PEM), as such proxies forward it.
 */
export const CLIENT_CERTIFICATE_HEADER = 'x-embedded-as-client-certificate';

/** Request header through which `getToken(..., { ttlSeconds })` asks for a short-lived token. */
export const TOKEN_TTL_HEADER = 'x-embedded-as-token-ttl';
