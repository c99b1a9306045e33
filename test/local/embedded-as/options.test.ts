import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { basicAuthorization, startEmbeddedAs, type DemoClient, type EmbeddedAs, type SigningAlg } from '../../../local/embedded-as';
import { FORM, exchange, introspect } from './as-requests';

describe.each<[SigningAlg, string]>([
  ['ES256', 'EC'],
  ['EdDSA', 'OKP'],
])('embedded AS signing with %s', (signingAlg, kty) => {
  let as: EmbeddedAs;
  beforeAll(async () => {
    as = await startEmbeddedAs({ signingAlg });
  });
  afterAll(() => as.stop());

  it('publishes the key and signs phantom JWTs and signed introspection answers with it', async () => {
    expect(as.publicJwks.keys[0]).toMatchObject({ kty, alg: signingAlg });
    const token = await as.getToken('invoices-client');
    const keys = createRemoteJWKSet(new URL(as.jwksUri));
    const phantom = await (await introspect(as, token, { accept: 'application/jwt' })).text();
    expect((await jwtVerify(phantom, keys, { issuer: as.issuer, algorithms: [signingAlg] })).payload.client_id).toBe('invoices-client');
    const signed = await (await introspect(as, token, { accept: 'application/token-introspection+jwt' })).text();
    expect(decodeProtectedHeader(signed).alg).toBe(signingAlg);
    await jwtVerify(signed, keys, { issuer: as.issuer, audience: 'gateway-client', algorithms: [signingAlg] });
    const exchanged = (await (await exchange(as, { subjectToken: token })).json()) as { access_token: string };
    await jwtVerify(exchanged.access_token, keys, { issuer: as.issuer, algorithms: [signingAlg] });
  });
});

describe('embedded AS options', () => {
  const clients: DemoClient[] = [
    { clientId: 'reports-client', clientSecret: 'reports secret/with:odd+chars', scope: 'report_read', claims: { tenant: 't-7' } },
    { clientId: 'edge', clientSecret: 'edge-secret', scope: '', gateway: true },
  ];
  let as: EmbeddedAs;
  beforeAll(async () => {
    as = await startEmbeddedAs({ audience: 'https://reports.example.com', accessTokenTtlSeconds: 120, clients });
  });
  afterAll(() => as.stop());

  it('uses the given clients, audience and default lifetime', async () => {
    const token = await as.getToken('reports-client');
    const response = await introspect(as, token, { accept: 'application/jwt', authorization: basicAuthorization('edge', 'edge-secret') });
    const { payload } = await jwtVerify(await response.text(), createLocalJWKSet(as.publicJwks as never), {
      issuer: as.issuer,
      audience: 'https://reports.example.com',
    });
    expect(payload).toMatchObject({ client_id: 'reports-client', scope: 'report_read', tenant: 't-7' });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(120);
    expect(payload.exp! - payload.iat!).toBeGreaterThanOrEqual(118);
    await expect(as.getToken('invoices-client')).rejects.toThrow(/unknown client/);
  });

  it('does not let a client without token exchange exchange, nor a client without scopes get any', async () => {
    const token = await as.getToken('reports-client');
    const response = await fetch(as.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': FORM, authorization: basicAuthorization('edge', 'edge-secret') },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token: token, subject_token_type: 'urn:ietf:params:oauth:token-type:access_token' }),
    });
    expect(response.status).toBe(400);
    await expect(as.getToken('edge', { scope: 'report_read' })).rejects.toMatchObject({ error: 'invalid_scope' });
    const scopeless = await as.getToken('edge');
    expect(await (await introspect(as, scopeless, { authorization: basicAuthorization('edge', 'edge-secret') })).json()).not.toHaveProperty('scope');
  });

  it('reports that a private_key_jwt client is missing when none is configured', () => {
    expect(as.gatewayPrivateJwk).toEqual({});
  });
});
