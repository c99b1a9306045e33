// The README's "Validating the JWT in your API" example, run as written: the block is read from the
// README, `cdk-phantom-token/validator` is mapped to this checkout's lambda/validator, and its `options`
// get a static JWKS and a fixed clock in place of the remote JWKS (nothing else changes).
import { transformSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProxyHandler, ValidatorOptions } from '../../../lambda/validator';
import { fixedClock, jwksOf, makeKey, mint, phantomClaims, restEvent, type TestKey } from './token-factory';

const REPO_ROOT = join(__dirname, '..', '..', '..');

function readmeValidatorExample(): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Validating the JWT in your API\n');
  expect(start).toBeGreaterThan(-1);
  return readme.slice(start).split('```ts\n')[1].split('```')[0];
}

/** The README's handler, with `override` merged into its `options` before the handler is built. */
function ordersHandler(override: Partial<ValidatorOptions>): ProxyHandler {
  const example = readmeValidatorExample();
  expect(example).toMatch(/^export const handler = /m);
  const source = example
    .replace(/from 'cdk-phantom-token\/validator'/g, `from ${JSON.stringify(join(REPO_ROOT, 'lambda', 'validator'))}`)
    .replace(/^export const handler = /m, 'Object.assign(options, __override);\nexport const handler = ');
  const { code } = transformSync(source, { loader: 'ts', format: 'cjs', target: 'node22' });
  const module = { exports: {} as { handler?: ProxyHandler } };
  new Function('require', 'module', 'exports', '__override', code)(require, module, module.exports, override);
  expect(typeof module.exports.handler).toBe('function');
  return module.exports.handler!;
}

let key: TestKey;
beforeAll(async () => {
  key = await makeKey('RS256');
});

function ordersEvent(jwt: string, subscriberId: string, limit?: string) {
  return restEvent(jwt, {
    resource: '/subscribers/{subscriberId}/orders',
    path: `/subscribers/${subscriberId}/orders`,
    pathParameters: { subscriberId },
    queryStringParameters: limit ? { limit } : null,
  });
}

describe('README example', () => {
  const options = (): Partial<ValidatorOptions> => ({ jwksUri: undefined, jwks: jwksOf(key), clock: fixedClock(), logLevel: 'error' });
  const claims = (overrides: Record<string, unknown> = {}) =>
    phantomClaims({ iss: 'https://login.example.com', scope: 'order_read', cost_center: 'cc-100', ...overrides });

  it('allows the subscriber\'s own orders and refuses the rest with the right codes', async () => {
    const handler = ordersHandler(options());
    const jwt = await mint(key, { claims: claims() });
    const own = await handler(ordersEvent(jwt, 'sub-1001'));
    expect(own.statusCode).toBe(200);
    expect(JSON.parse(own.body)).toEqual({ subscriber: 'sub-1001', orders: [], path: '/subscribers/sub-1001/orders' });
    expect(JSON.parse((await handler(ordersEvent(jwt, 'sub-2002'))).body).code).toBe('ERR_CLAIM_MISMATCH');
    expect(JSON.parse((await handler(ordersEvent(jwt, 'sub-1001', '1000'))).body).code).toBe('ERR_POLICY_DENIED');
    const otherCenter = await mint(key, { claims: claims({ cost_center: 'cc-999' }) });
    expect(JSON.parse((await handler(ordersEvent(otherCenter, 'sub-1001'))).body).code).toBe('ERR_CLAIM_MISMATCH');
    const batch = await mint(key, { claims: claims({ sub: 'batch-job' }) });
    expect((await handler(ordersEvent(batch, 'sub-1001', '1000'))).statusCode).toBe(200);
  });
});
