// Against the embedded AS (oidc-provider on loopback): phantom JWTs it issues pass the validator and
// the example services, RFC 9701 introspection responses are read, and the downstream exchange works
// with its RFC 8693 token endpoint.
import { decodeProtectedHeader } from 'jose';
import { startEmbeddedAs, type EmbeddedAs } from '../../../local/embedded-as';
import { createJwtValidator } from '../../../lambda/validator/jwt-validator';
import { createTokenExchanger } from '../../../lambda/validator/downstream-exchange';
import { createInvoicesHandler } from '../../../lambda/invoices/service';
import { EXAMPLE_AUDIENCE } from '../../../lambda/shared/example-routes';
import { restEvent } from './token-factory';
import { introspect as introspectAs } from '../../local/embedded-as/as-requests';

const BILLING = 'https://billing.example.com';
let as: EmbeddedAs;

beforeAll(async () => {
  as = await startEmbeddedAs();
});
afterAll(() => as?.stop());

async function introspect(opaque: string, accept: string): Promise<string> {
  const response = await introspectAs(as, opaque, { accept });
  expect(response.status).toBe(200);
  return response.text();
}

const phantomJwtFor = async (clientId: string, scope?: string) => introspect(await as.getToken(clientId, scope ? { scope } : {}), 'application/jwt');

const validator = (audience = EXAMPLE_AUDIENCE, tokenType?: string) =>
  createJwtValidator({ issuer: as.issuer, audience, jwksUri: as.jwksUri, localMode: true, tokenType, logLevel: 'error' });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(() => 'RESOLVED', (error) => error.code);
}

describe('validator with the embedded AS (oidc-provider)', () => {
  it('verifies the phantom JWT it issues, keys from its JWKS URI', async () => {
    const token = await phantomJwtFor('invoices-client');
    const jwt = await validator(EXAMPLE_AUDIENCE, 'at+jwt').verify(token);
    expect(jwt.claims).toMatchObject({ iss: as.issuer, client_id: 'invoices-client', subscriber_id: 'sub-1001' });
    expect(jwt.scopes).toEqual(expect.arrayContaining(['invoice_read', 'invoice_write']));
    expect(jwt.header.alg).toBe('RS256');
  });

  it('serves the invoices API in-process, as local mode does', async () => {
    const handler = createInvoicesHandler({ issuer: as.issuer, audience: EXAMPLE_AUDIENCE, jwksUri: as.jwksUri, localMode: true, logLevel: 'error' });
    const token = await phantomJwtFor('invoices-client');
    expect((await handler(restEvent(token))).statusCode).toBe(200);
    const other = await handler(restEvent(token, { path: '/invoices/inv-2002', pathParameters: { id: 'inv-2002' } }));
    expect(other.statusCode).toBe(403);
    expect(JSON.parse(other.body).code).toBe('ERR_CLAIM_MISMATCH');
  });

  it('reads an RFC 9701 introspection response (token-introspection+jwt)', async () => {
    const signed = await introspect(await as.getToken('invoices-client'), 'application/token-introspection+jwt');
    expect(decodeProtectedHeader(signed).typ).toBe('token-introspection+jwt');
    const jwt = await validator(EXAMPLE_AUDIENCE, 'token-introspection+jwt').verify(signed);
    expect(jwt.claims).toMatchObject({ active: true, client_id: 'invoices-client' });
    expect(jwt.scopes).toEqual(expect.arrayContaining(['invoice_read']));
  });
});

describe('downstream exchange with the embedded AS (RFC 8693)', () => {
  const exchanger = (clientSecret = 'service-secret') =>
    createTokenExchanger({ tokenEndpoint: as.tokenEndpoint, clientId: 'service-client', clientSecret, localMode: true });

  it('gets a reduced at+jwt for another audience, verifies it there, and caches it', async () => {
    const jwt = await validator().verify(await phantomJwtFor('invoices-client'));
    const exchange = exchanger();
    const before = as.calls.tokenExchange;
    const exchanged = await exchange.exchange(jwt, { audience: BILLING, scope: 'invoice_read' });
    expect(decodeProtectedHeader(exchanged.accessToken).typ).toBe('at+jwt');
    const downstream = await validator(BILLING, 'at+jwt').verify(exchanged.accessToken);
    expect(downstream.scopes).toEqual(['invoice_read']);
    expect(downstream.claims.aud).toEqual(expect.anything());
    expect(exchanged.expiresAt).toBeGreaterThan(Date.now() / 1000);

    expect(await exchange.exchange(jwt, { audience: BILLING, scope: 'invoice_read' })).toBe(exchanged);
    expect(as.calls.tokenExchange).toBe(before + 1);
    // The reduced token is not good for the original API.
    expect(await codeOf(validator(EXAMPLE_AUDIENCE).verify(exchanged.accessToken))).toBe('ERR_JWT_CLAIM');
  });

  it('a scope beyond the caller\'s is ERR_SCOPE_INSUFFICIENT', async () => {
    const jwt = await validator().verify(await phantomJwtFor('invoices-client', 'invoice_read'));
    expect(await codeOf(exchanger().exchange(jwt, { audience: BILLING, scope: 'invoice_write' }))).toBe('ERR_SCOPE_INSUFFICIENT');
  });

  it('wrong service credentials are ERR_AS_CLIENT_AUTH', async () => {
    const jwt = await validator().verify(await phantomJwtFor('invoices-client'));
    expect(await codeOf(exchanger('wrong').exchange(jwt, { audience: BILLING, scope: 'invoice_read' }))).toBe('ERR_AS_CLIENT_AUTH');
  });

  it('an AS that is down is ERR_AS_UNAVAILABLE', async () => {
    const jwt = await validator().verify(await phantomJwtFor('invoices-client'));
    await as.stop();
    try {
      expect(await codeOf(exchanger().exchange(jwt, { audience: BILLING, scope: 'invoice_read' }))).toBe('ERR_AS_UNAVAILABLE');
    } finally {
      await as.start();
    }
  });
});
