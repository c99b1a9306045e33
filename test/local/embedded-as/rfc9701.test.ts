import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { startEmbeddedAs, type EmbeddedAs } from '../../../local/embedded-as';
import { introspect } from './as-requests';

const ACCEPT_SIGNED = 'application/token-introspection+jwt';

describe('embedded AS rfc9701 introspection (signed JWT response)', () => {
  let as: EmbeddedAs;
  beforeAll(async () => {
    as = await startEmbeddedAs();
  });
  afterAll(() => as.stop());

  async function signedAnswer(token: string): Promise<Record<string, unknown>> {
    const response = await introspect(as, token, { accept: ACCEPT_SIGNED });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/token-introspection\+jwt/);
    const jwt = await response.text();
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'RS256', typ: 'token-introspection+jwt', kid: as.publicJwks.keys[0].kid });
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(as.publicJwks as never), {
      issuer: as.issuer,
      audience: 'gateway-client',
      typ: 'token-introspection+jwt',
    });
    return payload as Record<string, unknown>;
  }

  it('signs the answer for an active token, addressed to the introspecting client', async () => {
    const token = await as.getToken('invoices-client');
    const payload = await signedAnswer(token);
    expect(payload.token_introspection).toEqual({
      active: true,
      scope: 'invoice_read invoice_write',
      client_id: 'invoices-client',
      sub: 'invoices-client',
      aud: as.audience,
      iss: as.issuer,
      iat: expect.any(Number),
      exp: expect.any(Number),
      token_type: 'Bearer',
      subscriber_id: 'sub-1001',
    });
  });

  it('signs {active:false} for unknown and revoked tokens', async () => {
    const revoked = await as.getToken('streaming-client');
    await as.revoke(revoked, 'streaming-client');
    for (const token of ['never-issued-token-value', revoked]) {
      expect((await signedAnswer(token)).token_introspection).toEqual({ active: false });
    }
  });

  it('is verified by openid-client for a client registered with introspection_signed_response_alg', async () => {
    const config = new oidc.Configuration(
      { issuer: as.issuer, introspection_endpoint: as.introspectionEndpoint, jwks_uri: as.jwksUri },
      'gateway-client',
      { introspection_signed_response_alg: 'RS256' },
      oidc.ClientSecretBasic('gateway-secret'),
    );
    oidc.allowInsecureRequests(config);
    const token = await as.getToken('streaming-client', { scope: 'video_stream' });
    const answer = await oidc.tokenIntrospection(config, token);
    expect(answer).toMatchObject({ active: true, client_id: 'streaming-client', scope: 'video_stream', aud: as.audience });
  });
});
