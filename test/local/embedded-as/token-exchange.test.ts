import { createLocalJWKSet, decodeJwt, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import * as oidc from 'openid-client';
import { ACCESS_TOKEN_TYPE, JWT_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT, startEmbeddedAs, type EmbeddedAs } from '../../../local/embedded-as';
import { exchange, sleep } from './as-requests';

interface ExchangeAnswer {
  access_token: string;
  issued_token_type: string;
  token_type: string;
  expires_in: number;
}

describe('embedded AS RFC 8693 token exchange', () => {
  let as: EmbeddedAs;
  beforeAll(async () => {
    as = await startEmbeddedAs();
  });
  afterAll(() => as.stop());

  const verify = (jwt: string, audience = as.audience) =>
    jwtVerify(jwt, createLocalJWKSet(as.publicJwks as never), { issuer: as.issuer, audience, typ: 'at+jwt', algorithms: ['RS256'] });

  it('exchanges an opaque access token for the phantom JWT', async () => {
    const token = await as.getToken('invoices-client');
    const response = await exchange(as, { subjectToken: token });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as ExchangeAnswer;
    expect(answer).toEqual({ access_token: expect.any(String), issued_token_type: JWT_TOKEN_TYPE, token_type: 'N_A', expires_in: expect.any(Number) });
    const { payload } = await verify(answer.access_token);
    expect(payload).toMatchObject({ sub: 'invoices-client', client_id: 'invoices-client', scope: 'invoice_read invoice_write', subscriber_id: 'sub-1001' });
    expect(answer.expires_in).toBeGreaterThan(3500);
  });

  it('narrows the scope and sets the requested audience', async () => {
    const token = await as.getToken('invoices-client');
    const answer = (await (await exchange(as, { subjectToken: token, scope: 'invoice_read', audience: 'https://billing.example.com' })).json()) as ExchangeAnswer;
    const { payload } = await verify(answer.access_token, 'https://billing.example.com');
    expect(payload.scope).toBe('invoice_read');
  });

  it('refuses a scope the subject token does not have (invalid_scope)', async () => {
    const token = await as.getToken('invoices-client', { scope: 'invoice_read' });
    const response = await exchange(as, { subjectToken: token, scope: 'invoice_read invoice_write' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_scope' });
  });

  it('never issues a JWT that outlives the subject token', async () => {
    const token = await as.getToken('streaming-client', { ttlSeconds: 20 });
    const answer = (await (await exchange(as, { subjectToken: token })).json()) as ExchangeAnswer;
    expect(answer.expires_in).toBeLessThanOrEqual(20);
    const claims = decodeJwt(answer.access_token);
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(20);
  });

  it('answers invalid_grant for unknown, revoked and expired subject tokens', async () => {
    const revoked = await as.getToken('invoices-client');
    await as.revoke(revoked, 'invoices-client');
    const expired = await as.getToken('invoices-client', { ttlSeconds: 1 });
    await sleep(2_100);
    for (const subjectToken of ['never-issued-token-value', revoked, expired]) {
      const response = await exchange(as, { subjectToken });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
    }
  });

  // oidc-provider answers a grant type the client is not registered for with invalid_request.
  it('lets only gateway and service clients exchange', async () => {
    const token = await as.getToken('invoices-client');
    const response = await exchange(as, { subjectToken: token, clientId: 'invoices-client' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/grant type is not allowed/) });
  });

  it('refuses an unsupported subject_token_type (invalid_request)', async () => {
    const token = await as.getToken('invoices-client');
    const response = await exchange(as, { subjectToken: token, subjectTokenType: 'urn:ietf:params:oauth:token-type:id_token' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  describe('downstream: a service exchanges the phantom JWT it received', () => {
    async function phantomJwt(scope?: string): Promise<string> {
      const token = await as.getToken('invoices-client', scope ? { scope } : undefined);
      return ((await (await exchange(as, { subjectToken: token })).json()) as ExchangeAnswer).access_token;
    }

    it('issues a JWT for the downstream audience, keeping subject, client and claims', async () => {
      const response = await exchange(as, {
        subjectToken: await phantomJwt(),
        subjectTokenType: JWT_TOKEN_TYPE,
        audience: 'https://payments.example.com',
        scope: 'invoice_read',
        clientId: 'service-client',
      });
      expect(response.status).toBe(200);
      const { payload } = await verify(((await response.json()) as ExchangeAnswer).access_token, 'https://payments.example.com');
      expect(payload).toMatchObject({ sub: 'invoices-client', client_id: 'invoices-client', scope: 'invoice_read', subscriber_id: 'sub-1001' });
    });

    it('refuses widening the scope of the JWT', async () => {
      const response = await exchange(as, { subjectToken: await phantomJwt('invoice_read'), subjectTokenType: JWT_TOKEN_TYPE, scope: 'invoice_write', clientId: 'service-client' });
      expect(await response.json()).toMatchObject({ error: 'invalid_scope' });
    });

    it('refuses a JWT it did not sign, or one that was tampered with (invalid_grant)', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const forged = await new SignJWT({ client_id: 'invoices-client', scope: 'invoice_read' })
        .setProtectedHeader({ alg: 'RS256', kid: as.publicJwks.keys[0].kid as string, typ: 'at+jwt' })
        .setIssuer(as.issuer)
        .setSubject('invoices-client')
        .setAudience(as.audience)
        .setExpirationTime('5m')
        .sign(privateKey);
      const [header, , signature] = (await phantomJwt()).split('.');
      const widened = Buffer.from(JSON.stringify({ ...decodeJwt(await phantomJwt()), scope: 'invoice_read invoice_write admin' })).toString('base64url');
      for (const subjectToken of [forged, `${header}.${widened}.${signature}`, 'not.a.jwt']) {
        const response = await exchange(as, { subjectToken, subjectTokenType: JWT_TOKEN_TYPE, clientId: 'service-client' });
        expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
      }
    });
  });

  it('serves openid-client genericGrantRequest', async () => {
    const config = new oidc.Configuration({ issuer: as.issuer, token_endpoint: as.tokenEndpoint }, 'gateway-client', undefined, oidc.ClientSecretBasic('gateway-secret'));
    oidc.allowInsecureRequests(config);
    const answer = await oidc.genericGrantRequest(config, TOKEN_EXCHANGE_GRANT, {
      subject_token: await as.getToken('streaming-client'),
      subject_token_type: ACCESS_TOKEN_TYPE,
      requested_token_type: JWT_TOKEN_TYPE,
      scope: 'video_stream',
    });
    expect(answer.issued_token_type).toBe(JWT_TOKEN_TYPE);
    expect((await verify(answer.access_token)).payload.scope).toBe('video_stream');
  });
});
