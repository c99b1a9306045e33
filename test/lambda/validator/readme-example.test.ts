// The README's "Validating the JWT in your API" example, as code that runs: the same handler (imported
// from the source instead of the package subpath) with a static JWKS in place of the remote one.
import { withJwtValidation, dispatchRoutes } from '../../../lambda/validator';
import type { JwtClaims, ValidatorOptions } from '../../../lambda/validator';
import { fixedClock, jwksOf, makeKey, mint, phantomClaims, restEvent } from './token-factory';
import type { TestKey } from './token-factory';

interface OrderClaims extends JwtClaims {
  readonly subscriber_id: string;
  readonly cost_center?: string;
}

function ordersHandler(options: ValidatorOptions) {
  return dispatchRoutes({
    'GET /subscribers/{subscriberId}/orders': withJwtValidation<OrderClaims>(
      {
        scopes: { anyOf: ['order_read', 'order_admin'] },
        claims: [
          { claim: 'subscriber_id', equalsPathParameter: 'subscriberId' },
          { claim: 'cost_center', oneOf: ['cc-100', 'cc-200'] },
        ],
        policy: async ({ claims, request }) => request.queryParameters.limit !== '1000' || claims.sub === 'batch-job',
      },
      async ({ claims, request }) => ({
        statusCode: 200,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ subscriber: claims.subscriber_id, orders: [], path: request.path }),
      }),
      options,
    ),
  });
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
  const options = () => ({
    issuer: 'https://login.example.com',
    audience: 'https://api.example.com',
    jwks: jwksOf(key),
    tokenType: 'at+jwt',
    tokenSources: ['authorizer-context'] as const,
    clock: fixedClock(),
    logLevel: 'error' as const,
  });
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
