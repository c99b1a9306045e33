import { createLocalJWKSet, jwtVerify } from 'jose';
import { PHANTOM_JWT_FIELD, startEmbeddedAs, type EmbeddedAs } from '../../../local/embedded-as';
import { introspect, sleep } from './as-requests';

describe('embedded AS jwt-in-json introspection (RFC 7662 JSON with the JWT in a field)', () => {
  let as: EmbeddedAs;
  beforeAll(async () => {
    as = await startEmbeddedAs();
  });
  afterAll(() => as.stop());

  it('adds the phantom JWT to the JSON answer for an active token introspected by a gateway', async () => {
    const token = await as.getToken('invoices-client', { scope: 'invoice_read' });
    const response = await introspect(as, token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const answer = (await response.json()) as Record<string, unknown>;
    expect(PHANTOM_JWT_FIELD).toBe('jwt');
    expect(answer).toMatchObject({ active: true, client_id: 'invoices-client', scope: 'invoice_read', jwt: expect.any(String) });

    const { payload } = await jwtVerify(answer.jwt as string, createLocalJWKSet(as.publicJwks as never), {
      issuer: as.issuer,
      audience: as.audience,
      typ: 'at+jwt',
    });
    expect(payload).toMatchObject({ sub: 'invoices-client', client_id: 'invoices-client', scope: 'invoice_read', subscriber_id: 'sub-1001', exp: answer.exp });
  });

  it('serves the private_key_jwt gateway the same way', async () => {
    const token = await as.getToken('streaming-client');
    const answer = (await (await introspect(as, token, { privateKeyJwt: true })).json()) as Record<string, unknown>;
    expect(answer).toMatchObject({ active: true, client_id: 'streaming-client', jwt: expect.any(String) });
  });

  it('answers {active:false} without a JWT for unknown, revoked and expired tokens', async () => {
    const revoked = await as.getToken('invoices-client');
    await as.revoke(revoked, 'invoices-client');
    const expired = await as.getToken('invoices-client', { ttlSeconds: 1 });
    await sleep(2_100);
    for (const token of ['never-issued-token-value', revoked, expired]) {
      const response = await introspect(as, token);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ active: false });
    }
  });

  it('does not hand a phantom JWT to a client that is not a gateway', async () => {
    const token = await as.getToken('invoices-client');
    const own = (await (await introspect(as, token, { clientId: 'invoices-client' })).json()) as Record<string, unknown>;
    expect(own).toMatchObject({ active: true });
    expect(own).not.toHaveProperty('jwt');
  });
});
