// Local mode's parts composed around your own service (a real orders handler), as docs/local-mode.md
// describes; the README's startLocalStack example runs in readme-local-stack.test.ts.
import { EXAMPLE_AUDIENCE } from '../../../lambda/shared/example-routes';
import { dispatchRoutes, withJwtValidation } from '../../../lambda/validator';
import {
  authorizerConfigFromEnv, authorizerConfigToEnv, createAuthorizerHandler, startEmbeddedAs, startLocalGateway, type ProxyHandler,
} from '../../../local';

describe('local mode in your own integration tests', () => {
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
