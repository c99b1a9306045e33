// The local gateway copies the deployed authorizer's defaults (it must not import lib/); this keeps the
// copies from drifting.
import type { RouteRule } from '../../../lambda/shared/routes';
import { EXAMPLE_ROUTES } from '../../../lambda/shared/example-routes';
import { PhantomTokenAuthorizer } from '../../../lib/phantom-token-authorizer';
import { defaultCachesPerRoute, DEFAULT_RESULTS_CACHE_TTL_SECONDS } from '../../../local/gateway/local-gateway';
import { constructRoutes, testCredentials, testStack } from '../../lib/support';
import { CONFLICTING_ROUTES } from '../../lambda/shared/route-tables';

describe('local gateway defaults', () => {
  it('caches authorizer results as long as the PhantomTokenAuthorizer construct does by default', () => {
    expect(DEFAULT_RESULTS_CACHE_TTL_SECONDS).toBe(PhantomTokenAuthorizer.DEFAULT_RESULTS_CACHE_TTL.toSeconds());
  });

  it.each<[string, readonly RouteRule[]]>([
    ['the example routes', EXAMPLE_ROUTES],
    ['exact overlapping templates', [
      { method: 'GET', path: '/invoices/{id}', scopes: { anyOf: ['invoice_admin'] } },
      { method: 'GET', path: '/invoices/{id}/lines', scopes: { anyOf: ['invoice_read'] } },
    ]],
    ['a table with cache conflicts', [...CONFLICTING_ROUTES]],
  ])('keys its result cache per route exactly when the construct does (%s)', (_name, routes) => {
    const stack = testStack();
    const authorizer = new PhantomTokenAuthorizer(stack, 'Authorizer', { issuer: 'https://login.example.com', clientId: 'gateway', clientCredentials: testCredentials(stack), routes: constructRoutes(routes) });
    expect(defaultCachesPerRoute(routes)).toBe(authorizer.cachesPerRoute);
  });
});
