import { createInvoicesHandler } from '../../../lambda/invoices/service';
import { AUDIENCE, fixedClock, httpApiEvent, ISSUER, jwksOf, makeKey, mint, phantomClaims, restEvent, type TestKey } from '../validator/token-factory';
import type { ValidatorOptions } from '../../../lambda/validator';

let key: TestKey;
let options: ValidatorOptions;
beforeAll(async () => {
  key = await makeKey('ES256');
  options = { issuer: ISSUER, audience: AUDIENCE, jwks: jwksOf(key), clock: fixedClock(), tokenType: 'at+jwt', logLevel: 'error' };
});

const token = (overrides: Record<string, unknown> = {}) => mint(key, { claims: phantomClaims(overrides) });

function getInvoice(jwt: string | undefined, id: string) {
  return restEvent(jwt, { resource: '/invoices/{id}', path: `/invoices/${id}`, httpMethod: 'GET', pathParameters: { id } });
}

function postInvoice(jwt: string, body: string | null) {
  return restEvent(jwt, { resource: '/invoices', path: '/invoices', httpMethod: 'POST', pathParameters: null, body });
}

describe('invoices service', () => {
  it('GET /invoices/{id}: the owner reads the invoice', async () => {
    const response = await createInvoicesHandler(options)(getInvoice(await token(), 'inv-1001'));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ id: 'inv-1001', subscriberId: 'sub-1001' });
  });

  it('GET /invoices/{id}: inv-2002 is refused to a sub-1001 token', async () => {
    const response = await createInvoicesHandler(options)(getInvoice(await token(), 'inv-2002'));
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'ERR_CLAIM_MISMATCH' });
    const owner = await createInvoicesHandler(options)(getInvoice(await token({ subscriber_id: 'sub-2002' }), 'inv-2002'));
    expect(owner.statusCode).toBe(200);
  });

  it('GET /invoices/{id}: needs invoice_read even though the gateway allowed any invoice_* scope', async () => {
    const response = await createInvoicesHandler(options)(getInvoice(await token({ scope: 'invoice_write' }), 'inv-1001'));
    expect(response.statusCode).toBe(403);
    expect(response.headers?.['WWW-Authenticate']).toBe('Bearer error="insufficient_scope", scope="invoice_read"');
  });

  it('GET /invoices/{id}: unknown id is 404, no token is 401', async () => {
    expect((await createInvoicesHandler(options)(getInvoice(await token(), 'inv-9999'))).statusCode).toBe(404);
    expect((await createInvoicesHandler(options)(getInvoice(undefined, 'inv-1001'))).statusCode).toBe(401);
  });

  it('POST /invoices: creates an invoice for the token\'s subscriber, then GET /invoices lists it', async () => {
    const handler = createInvoicesHandler(options);
    const jwt = await token();
    const created = await handler(postInvoice(jwt, JSON.stringify({ amount: 12.5, subscriberId: 'sub-2002', note: 'ignored' })));
    expect(created.statusCode).toBe(201);
    const invoice = JSON.parse(created.body);
    expect(invoice).toMatchObject({ subscriberId: 'sub-1001', amount: 12.5, currency: 'EUR' });
    expect(invoice.id).toMatch(/^inv-\d+$/);
    expect(invoice).not.toHaveProperty('note');

    const list = await handler(restEvent(jwt, { resource: '/invoices', path: '/invoices', httpMethod: 'GET', pathParameters: null }));
    expect(list.statusCode).toBe(200);
    expect(JSON.parse(list.body).invoices.map((item: { id: string }) => item.id)).toEqual(['inv-1001', invoice.id]);
    expect((await handler(getInvoice(jwt, invoice.id))).statusCode).toBe(200);
  });

  it('POST /invoices: needs invoice_write', async () => {
    const response = await createInvoicesHandler(options)(postInvoice(await token({ scope: 'invoice_read' }), '{"amount":1}'));
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body).code).toBe('ERR_SCOPE_INSUFFICIENT');
  });

  it.each([
    ['no body', null],
    ['not JSON', '{amount:'],
    ['amount missing', '{"total": 3}'],
    ['amount a string', '{"amount": "3"}'],
    ['a JSON array', '[1]'],
    ['JSON null', 'null'],
  ])('POST /invoices: a bad body (%s) is 400 with a JSON error', async (_name, body) => {
    const response = await createInvoicesHandler(options)(postInvoice(await token(), body));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'invalid_request' });
  });

  it('POST /invoices: a token without subscriber_id is refused', async () => {
    const response = await createInvoicesHandler(options)(postInvoice(await token({ subscriber_id: undefined }), '{"amount":1}'));
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body).code).toBe('ERR_CLAIM_MISMATCH');
  });

  it('serves HTTP API 2.0 events and base64 bodies', async () => {
    const handler = createInvoicesHandler(options);
    const jwt = await token();
    expect((await handler(httpApiEvent(jwt))).statusCode).toBe(200);
    const post = httpApiEvent(jwt, {
      routeKey: 'POST /invoices',
      rawPath: '/invoices',
      pathParameters: undefined,
      body: Buffer.from('{"amount": 7}').toString('base64'),
      isBase64Encoded: true,
    });
    const response = await handler(post);
    expect(response.statusCode).toBe(201);
    expect(JSON.parse(response.body).amount).toBe(7);
  });

  it('an unknown route is 404', async () => {
    const response = await createInvoicesHandler(options)(restEvent(await token(), { resource: '/invoices/{id}', httpMethod: 'DELETE' }));
    expect(response.statusCode).toBe(404);
  });
});
