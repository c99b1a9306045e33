import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, importJWK, jwtVerify, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { CLIENT_ASSERTION_TYPE, startEmbeddedAs, type EmbeddedAs } from '../../../local/embedded-as';
import { FORM, basicFor, introspect, sleep } from './as-requests';

const ACCEPT_JWT = 'application/jwt';

describe('embedded AS accept-jwt introspection (Accept: application/jwt)', () => {
  let as: EmbeddedAs;
  beforeAll(async () => {
    as = await startEmbeddedAs();
  });
  afterAll(() => as.stop());

  it('answers an active token with the phantom JWT, signed with the published key', async () => {
    const token = await as.getToken('invoices-client');
    const json = (await (await introspect(as, token)).json()) as { exp: number };
    const response = await introspect(as, token, { accept: ACCEPT_JWT });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/jwt');
    const jwt = await response.text();

    const { payload, protectedHeader } = await jwtVerify(jwt, createRemoteJWKSet(new URL(as.jwksUri)), {
      issuer: as.issuer,
      audience: as.audience,
      typ: 'at+jwt',
      algorithms: ['RS256'],
    });
    expect(protectedHeader).toEqual({ alg: 'RS256', kid: as.publicJwks.keys[0].kid, typ: 'at+jwt' });
    expect(payload).toEqual({
      iss: as.issuer,
      sub: 'invoices-client',
      aud: as.audience,
      client_id: 'invoices-client',
      scope: 'invoice_read invoice_write',
      subscriber_id: 'sub-1001',
      iat: expect.any(Number),
      exp: json.exp,
      jti: expect.any(String),
    });
  });

  it('never lets the JWT outlive the opaque token', async () => {
    const token = await as.getToken('streaming-client', { ttlSeconds: 30 });
    const jwt = await (await introspect(as, token, { accept: ACCEPT_JWT })).text();
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(as.publicJwks as never), { issuer: as.issuer });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(30);
    expect(payload).not.toHaveProperty('subscriber_id');
  });

  it('answers 204 with no body for an unknown token', async () => {
    const response = await introspect(as, 'not-a-token-this-as-issued', { accept: ACCEPT_JWT });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });

  it('answers 204 for a revoked token', async () => {
    const token = await as.getToken('invoices-client');
    expect((await introspect(as, token, { accept: ACCEPT_JWT })).status).toBe(200);
    await as.revoke(token, 'invoices-client');
    expect((await introspect(as, token, { accept: ACCEPT_JWT })).status).toBe(204);
  });

  it('answers 204 for an expired token', async () => {
    const token = await as.getToken('invoices-client', { ttlSeconds: 1 });
    expect((await introspect(as, token, { accept: ACCEPT_JWT })).status).toBe(200);
    await sleep(2_100);
    expect((await introspect(as, token, { accept: ACCEPT_JWT })).status).toBe(204);
  });

  // oidc-provider refuses to introspect structured tokens: a JWT presented as the opaque token is a 400
  // on the token itself (which a gateway treats as an invalid token), not a 204.
  it('answers a JWT presented for introspection with 400 unsupported_token_type', async () => {
    const jwt = await (await introspect(as, await as.getToken('invoices-client'), { accept: ACCEPT_JWT })).text();
    const response = await introspect(as, jwt, { accept: ACCEPT_JWT });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'unsupported_token_type' });
  });

  it('answers bad client credentials with 401 invalid_client, token or not', async () => {
    const token = await as.getToken('invoices-client');
    const response = await introspect(as, token, { accept: ACCEPT_JWT, authorization: basicFor('gateway-client', 'wrong') });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('gives a client that is not a gateway only its own tokens', async () => {
    const invoices = await as.getToken('invoices-client');
    const other = await introspect(as, invoices, { accept: ACCEPT_JWT, clientId: 'streaming-client' });
    expect(other.status).toBe(204);
    const own = await introspect(as, invoices, { accept: ACCEPT_JWT, clientId: 'invoices-client' });
    expect(own.status).toBe(200);
  });

  it('keeps the RFC 7662 JSON answer when JSON is preferred', async () => {
    const token = await as.getToken('invoices-client');
    const response = await introspect(as, token, { accept: 'application/json, application/jwt' });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('authenticates a gateway by private_key_jwt', async () => {
    const token = await as.getToken('invoices-client');
    const key = await importJWK(as.gatewayPrivateJwk, 'ES256');
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: as.gatewayPrivateJwk.kid as string })
      .setIssuer('gateway-pkjwt-client')
      .setSubject('gateway-pkjwt-client')
      .setAudience(as.issuer)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(key);
    const response = await fetch(as.introspectionEndpoint, {
      method: 'POST',
      headers: { 'content-type': FORM, accept: ACCEPT_JWT },
      body: new URLSearchParams({ token, client_id: 'gateway-pkjwt-client', client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion }),
    });
    expect(response.status).toBe(200);
    expect(decodeProtectedHeader(await response.text())).toMatchObject({ typ: 'at+jwt' });

    const replayed = await fetch(as.introspectionEndpoint, {
      method: 'POST',
      headers: { 'content-type': FORM, accept: ACCEPT_JWT },
      body: new URLSearchParams({ token, client_id: 'gateway-pkjwt-client', client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion }),
    });
    expect(replayed.status).toBe(401);
  });
});
