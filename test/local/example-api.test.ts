// The example services local mode wires: the RFC 9701 reading of a signed introspection response is
// configuration (tokenType for the rfc9701 mode), never something the token's own typ switches on.
import { EXCHANGE_MODES } from '../../lambda/shared/config';
import { asServerFromEmbedded } from '../../local/as-server';
import { startEmbeddedAs, type EmbeddedAs } from '../../local/embedded-as';
import { exampleServices, serviceTokenType } from '../../local/example-api';
import { restEvent } from '../lambda/validator/token-factory';
import { introspect as introspectAs } from './embedded-as/as-requests';

let as: EmbeddedAs;
beforeAll(async () => {
  as = await startEmbeddedAs();
});
afterAll(() => as?.stop());

/** The gateway's view: the embedded AS's introspection answer for an invoices-client token. */
async function introspect(accept: string): Promise<string> {
  const response = await introspectAs(as, await as.getToken('invoices-client'), { accept });
  expect(response.status).toBe(200);
  return response.text();
}

const getInvoice = (jwt: string) => restEvent(jwt, { resource: '/invoices/{id}', path: '/invoices/inv-1001', pathParameters: { id: 'inv-1001' } }) as never;
const CONTEXT = { awsRequestId: 'example-api-test' } as never;

describe('exampleServices: the token type follows the exchange mode', () => {
  it('requires token-introspection+jwt in the rfc9701 mode only', () => {
    expect(serviceTokenType('rfc9701')).toBe('token-introspection+jwt');
    for (const mode of EXCHANGE_MODES.filter((mode) => mode !== 'rfc9701')) expect(serviceTokenType(mode)).toBeUndefined();
  });

  it('rfc9701: the services read the signed introspection response', async () => {
    const services = exampleServices(asServerFromEmbedded(as), 'rfc9701', undefined, () => undefined);
    const response = await services['GET /invoices/{id}'](getInvoice(await introspect('application/token-introspection+jwt')), CONTEXT);
    expect(response.statusCode).toBe(200);
  });

  it.each(EXCHANGE_MODES.filter((mode) => mode !== 'rfc9701'))('%s: the services refuse a signed introspection response (ERR_JWT_INVALID)', async (mode) => {
    const services = exampleServices(asServerFromEmbedded(as), mode, undefined, () => undefined);
    const response = await services['GET /invoices/{id}'](getInvoice(await introspect('application/token-introspection+jwt')), CONTEXT);
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body).code).toBe('ERR_JWT_INVALID');
    // The phantom JWT of these modes still passes.
    expect((await services['GET /invoices/{id}'](getInvoice(await introspect('application/jwt')), CONTEXT)).statusCode).toBe(200);
  });
});
