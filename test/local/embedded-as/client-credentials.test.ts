import { importJWK, type CryptoKey } from 'jose';
import * as oidc from 'openid-client';
import { AsRequestError, DEMO_CLIENTS, startEmbeddedAs, type EmbeddedAs } from '../../../local/embedded-as';
import { certificateThumbprint } from '../../../lambda/authorizer/sender-constraint/certificate-binding';
import { createDemoPki } from '../../../local/mtls/demo-pki';
import { FORM, basicFor, introspect, isOpaque } from './as-requests';

describe('embedded AS client credentials', () => {
  let as: EmbeddedAs;
  beforeAll(async () => {
    as = await startEmbeddedAs();
  });
  afterAll(() => as.stop());

  // A certificate-bound client needs its certificate at the token endpoint (below).
  const scoped = DEMO_CLIENTS.filter((client) => client.scope !== '' && client.clientSecret && !client.certificateBound);
  it.each(scoped.map((client) => [client.clientId, client.scope]))('issues %s an opaque token with all its scopes (%s)', async (clientId, scope) => {
    const token = await as.getToken(clientId);
    expect(isOpaque(token)).toBe(true);
    const answer = (await (await introspect(as, token)).json()) as Record<string, unknown>;
    expect(answer).toMatchObject({ active: true, client_id: clientId, sub: clientId, scope, aud: as.audience, token_type: 'Bearer' });
  });

  it('binds invoices-mtls-client\'s token to the certificate it presents (cnf x5t#S256), and refuses it one without', async () => {
    const pki = await createDemoPki();
    const token = await as.getToken('invoices-mtls-client', { clientCertificate: pki.client.cert });
    const answer = (await (await introspect(as, token)).json()) as Record<string, unknown>;
    expect(answer).toMatchObject({ active: true, client_id: 'invoices-mtls-client', cnf: { 'x5t#S256': certificateThumbprint(pki.client.cert) } });
    await expect(as.getToken('invoices-mtls-client')).rejects.toMatchObject({ status: 400, error: 'invalid_grant' });
  }, 30_000);

  it('narrows to the requested scope and carries the client claim', async () => {
    const token = await as.getToken('invoices-client', { scope: 'invoice_read' });
    const answer = (await (await introspect(as, token)).json()) as Record<string, unknown>;
    expect(answer).toMatchObject({ active: true, scope: 'invoice_read', subscriber_id: 'sub-1001' });
  });

  it('refuses a scope the client is not registered for (invalid_scope)', async () => {
    await expect(as.getToken('streaming-client', { scope: 'invoice_read' })).rejects.toMatchObject({ status: 400, error: 'invalid_scope' });
  });

  it('gives each token the requested lifetime, and the configured one by default', async () => {
    const now = Math.floor(Date.now() / 1000);
    const long = (await (await introspect(as, await as.getToken('streaming-client'))).json()) as { exp: number };
    const short = (await (await introspect(as, await as.getToken('streaming-client', { ttlSeconds: 5 }))).json()) as { exp: number };
    expect(long.exp - now).toBeGreaterThanOrEqual(3599);
    expect(long.exp - now).toBeLessThanOrEqual(3601);
    expect(short.exp - now).toBeGreaterThanOrEqual(4);
    expect(short.exp - now).toBeLessThanOrEqual(6);
  });

  it('answers a wrong secret with 401 invalid_client', async () => {
    const response = await fetch(as.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': FORM, authorization: basicFor('invoices-client', 'not-the-secret') },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('reports a refused request as AsRequestError with the OAuth error code', async () => {
    const refused = await as.getToken('invoices-client', { scope: 'video_stream' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AsRequestError);
    expect(refused).toMatchObject({ endpoint: as.tokenEndpoint, status: 400, error: 'invalid_scope' });
    await expect(as.getToken('no-such-client')).rejects.toThrow(/unknown client/);
  });

  it('serves openid-client with client_secret_basic', async () => {
    const config = new oidc.Configuration(
      { issuer: as.issuer, token_endpoint: as.tokenEndpoint },
      'streaming-client',
      undefined,
      oidc.ClientSecretBasic('streaming-secret'),
    );
    oidc.allowInsecureRequests(config);
    const answer = await oidc.clientCredentialsGrant(config, { scope: 'video_stream' });
    expect(isOpaque(answer.access_token)).toBe(true);
    expect(answer.token_type).toBe('bearer');
    expect(answer.scope).toBe('video_stream');
    expect(answer.expires_in).toBeGreaterThan(3500);
  });

  it('authenticates the gateway-pkjwt-client with private_key_jwt (openid-client and getToken)', async () => {
    const key = await importJWK(as.gatewayPrivateJwk, 'ES256');
    const config = new oidc.Configuration(
      { issuer: as.issuer, token_endpoint: as.tokenEndpoint },
      'gateway-pkjwt-client',
      undefined,
      oidc.PrivateKeyJwt({ key: key as CryptoKey, kid: as.gatewayPrivateJwk.kid as string }),
    );
    oidc.allowInsecureRequests(config);
    const answer = await oidc.clientCredentialsGrant(config);
    expect(isOpaque(answer.access_token)).toBe(true);
    expect(isOpaque(await as.getToken('gateway-pkjwt-client'))).toBe(true);
  });

  it('revokes over RFC 7009: the token is inactive afterwards', async () => {
    const token = await as.getToken('invoices-client');
    await as.revoke(token, 'invoices-client');
    expect(await (await introspect(as, token)).json()).toEqual({ active: false });
  });

  it('lets a gateway revoke any token, but not a client revoke another client\'s', async () => {
    const token = await as.getToken('invoices-client');
    await expect(as.revoke(token, 'streaming-client')).rejects.toMatchObject({ status: 400, error: 'invalid_request' });
    expect(await (await introspect(as, token)).json()).toMatchObject({ active: true });
    await as.revoke(token, 'gateway-client');
    expect(await (await introspect(as, token)).json()).toEqual({ active: false });
  });
});
