// dispatchRoutes answers before withJwtValidation runs: a route the table lacks is a 404 with its decision
// line (ERR_ROUTE_UNKNOWN), and an event that is not an API Gateway proxy event a coded 500, not a crash.
import { createInvoicesHandler } from '../../../lambda/invoices/service';
import { AUDIENCE, fixedClock, ISSUER, jwksOf, makeKeys, restEvent } from './token-factory';

async function invoices(lines: string[]) {
  const keys = await makeKeys();
  return createInvoicesHandler({ issuer: ISSUER, audience: AUDIENCE, jwks: jwksOf(keys.ES256), clock: fixedClock(), logSink: (line) => lines.push(line) });
}

it('a request for a route the table lacks still writes one decision line', async () => {
  const lines: string[] = [];
  const handler = await invoices(lines);
  const response = await handler(restEvent(undefined, { resource: '/{proxy+}', path: '/admin', httpMethod: 'DELETE' }));
  expect(response.statusCode).toBe(404);
  const decisions = lines.map((line) => JSON.parse(line)).filter((line) => line.msg === 'decision');
  expect(decisions).toEqual([expect.objectContaining({ component: 'validator', outcome: 'deny', reason: 'ERR_ROUTE_UNKNOWN', route: 'DELETE /{proxy+}' })]);
});

it('an event that is not an API Gateway event is a coded 500 from a route table too, not a crash', async () => {
  const lines: string[] = [];
  const handler = await invoices(lines);
  const response = await handler(null as never).catch((error: unknown) => ({ statusCode: -1, body: String(error) }));
  expect(response.statusCode).toBe(500);
  expect(JSON.parse(response.body)).toMatchObject({ error: 'server_error', code: 'ERR_INTERNAL' });
  expect(lines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({ msg: 'decision', outcome: 'error', reason: 'ERR_INTERNAL' })]);
});
