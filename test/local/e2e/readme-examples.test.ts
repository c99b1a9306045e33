// The README's "In your own integration tests" examples, run as written (with a real orders handler).
import { EXAMPLE_AUDIENCE } from '../../../lambda/shared/example-routes';
import { dispatchRoutes, withJwtValidation } from '../../../lambda/validator';
import {
  authorizerConfigFromEnv, authorizerConfigToEnv, createAuthorizerHandler, startEmbeddedAs, startLocalGateway, startLocalStack, type ProxyHandler,
} from '../../../local';

const quiet = { accessLog: false as const, decisionLog: () => undefined };

describe('README: local mode in your own integration tests', () => {
  it('startLocalStack serves the example API', async () => {
    const stack = await startLocalStack({ exchangeMode: 'rfc9701', ...quiet });
    try {
      const token = await stack.as!.getToken('invoices-client');
      const response = await fetch(`${stack.gatewayUrl}/invoices/inv-1001`, { headers: { Authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ id: 'inv-1001' });
    } finally {
      await stack.stop();
    }
  });

  it('the embedded AS and the local gateway compose around your own service', async () => {
    const as = await startEmbeddedAs({ port: 0 });
    const ordersHandler: ProxyHandler = dispatchRoutes({
      'GET /orders/{id}': withJwtValidation(
        { scopes: { anyOf: ['invoice_read'] } },
        async ({ claims, request }) => ({ statusCode: 200, body: JSON.stringify({ id: request.pathParameters.id, sub: claims.sub }) }),
        { issuer: as.issuer, audience: EXAMPLE_AUDIENCE, jwksUri: as.jwksUri, localMode: true, logSink: () => undefined },
      ),
    });
    const routes = [{ method: 'GET', path: '/orders/{id}', scopes: { anyOf: ['invoice_*'] } }] as const;
    const gateway = await startLocalGateway({
      port: 0,
      routes,
      services: { 'GET /orders/{id}': ordersHandler },
      authorizer: createAuthorizerHandler(
        authorizerConfigFromEnv(
          authorizerConfigToEnv({
            issuer: as.issuer, clientId: 'gateway-client', clientSecret: 'gateway-secret', routes: [...routes], localMode: true,
          }),
        ),
        { logSink: () => undefined },
      ),
      resultsCacheTtlSeconds: 0,
      accessLog: false,
    });
    try {
      const invoices = await as.getToken('invoices-client');
      const allowed = await fetch(`${gateway.url}/orders/o-1`, { headers: { Authorization: `Bearer ${invoices}` } });
      expect(allowed.status).toBe(200);
      expect(await allowed.json()).toEqual({ id: 'o-1', sub: expect.any(String) });
      const streaming = await as.getToken('streaming-client');
      expect((await fetch(`${gateway.url}/orders/o-1`, { headers: { Authorization: `Bearer ${streaming}` } })).status).toBe(403);
    } finally {
      await gateway.stop();
      await as.stop();
    }
  });
});
