import * as oidc from 'openid-client';
import { DEMO_CLIENTS, startEmbeddedAs, type EmbeddedAs } from '../../../local/embedded-as';
import { EXAMPLE_AUDIENCE } from '../../../lambda/shared/example-routes';

describe('embedded AS discovery and JWKS', () => {
  let as: EmbeddedAs;
  beforeAll(async () => {
    as = await startEmbeddedAs();
  });
  afterAll(() => as.stop());

  it('listens on an ephemeral loopback port and names it in the issuer', () => {
    expect(as.port).toBeGreaterThan(0);
    expect(as.issuer).toBe(`http://127.0.0.1:${as.port}`);
    expect(as.audience).toBe(EXAMPLE_AUDIENCE);
  });

  it('publishes a discovery document whose endpoints are the ones it reports', async () => {
    const response = await fetch(`${as.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer: as.issuer,
      jwks_uri: as.jwksUri,
      token_endpoint: as.tokenEndpoint,
      introspection_endpoint: as.introspectionEndpoint,
      revocation_endpoint: as.revocationEndpoint,
    });
    expect(metadata.grant_types_supported).toEqual(
      expect.arrayContaining(['client_credentials', 'urn:ietf:params:oauth:grant-type:token-exchange']),
    );
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['client_secret_basic', 'private_key_jwt']));
    expect(metadata.introspection_signing_alg_values_supported).toEqual(expect.arrayContaining(['RS256']));
  });

  it('serves its public signing keys only (no private members) at jwks_uri', async () => {
    const jwks = (await (await fetch(as.jwksUri)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', kid: as.publicJwks.keys[0].kid, alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0].n).toBe(as.publicJwks.keys[0].n);
    for (const key of [...jwks.keys, ...as.publicJwks.keys]) expect(key).not.toHaveProperty('d');
  });

  it('is discoverable by openid-client', async () => {
    const client = DEMO_CLIENTS.find((demo) => demo.clientId === 'invoices-client')!;
    const config = await oidc.discovery(new URL(as.issuer), client.clientId, undefined, oidc.ClientSecretBasic(client.clientSecret), {
      execute: [oidc.allowInsecureRequests],
    });
    expect(config.serverMetadata().issuer).toBe(as.issuer);
    expect(config.serverMetadata().introspection_endpoint).toBe(as.introspectionEndpoint);
  });

  it('exposes the private key of the private_key_jwt gateway, and of no other client', () => {
    expect(as.gatewayPrivateJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(as.gatewayPrivateJwk).toHaveProperty('d');
    expect(as.privateJwkOf('gateway-pkjwt-client')).toEqual(as.gatewayPrivateJwk);
    expect(() => as.privateJwkOf('gateway-client')).toThrow(/private_key_jwt/);
  });
});
