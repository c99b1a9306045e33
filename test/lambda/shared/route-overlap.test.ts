import { requestsMayHit, routeResourcePattern, routeTableCacheConflicts } from '../../../lambda/shared/route-overlap';
import { EXAMPLE_ROUTES } from '../../../lambda/shared/example-routes';
import type { RouteRule } from '../../../lambda/shared/routes';

const get = (path: string, scope: string): RouteRule => ({ method: 'GET', path, scopes: { anyOf: [scope] } });

describe('requestsMayHit', () => {
  it('sees that /invoices/{id} requests (one segment) never match GET/invoices/*/lines, while /invoices/{id}/lines requests match GET/invoices/*', () => {
    const item = get('/invoices/{id}', 'invoice_admin');
    const lines = get('/invoices/{id}/lines', 'invoice_read');
    expect(routeResourcePattern(lines)).toBe('GET/invoices/*/lines');
    expect(requestsMayHit(item, lines)).toBe(false);
    expect(requestsMayHit(lines, item)).toBe(true);
  });

  it('finds a match hidden behind a parameter value: GET/a/*/b covers a request of /a/{q}/{r}/{s} (/a/1/c/b)', () => {
    expect(requestsMayHit(get('/a/{q}/{r}/{s}', 'admin'), get('/a/{p}/b', 'user'))).toBe(true);
  });

  it('handles ANY (method wildcard), greedy paths and disjoint literals', () => {
    const anyDocs: RouteRule = { method: 'ANY', path: '/docs', scopes: { anyOf: ['docs'] } };
    expect(requestsMayHit(get('/docs', 'x'), anyDocs)).toBe(true);
    expect(requestsMayHit(anyDocs, get('/docs', 'x'))).toBe(true); // an ANY route's GET requests
    expect(requestsMayHit(get('/files/a/b/c', 'x'), get('/files/{proxy+}', 'y'))).toBe(true);
    expect(requestsMayHit(get('/files', 'x'), get('/files/{proxy+}', 'y'))).toBe(false);
    expect(requestsMayHit(get('/invoices', 'x'), get('/streams/{id}', 'y'))).toBe(false);
    expect(requestsMayHit({ method: 'POST', path: '/x', scopes: { anyOf: ['a'] } }, get('/x', 'b'))).toBe(false);
  });
});

describe('routeTableCacheConflicts', () => {
  it('reports nothing for tables without overlaps, or whose overlapping routes share a rule (the example app)', () => {
    expect(routeTableCacheConflicts([get('/invoices', 'a'), get('/invoices/{id}', 'b')])).toEqual([]);
    expect(routeTableCacheConflicts(EXAMPLE_ROUTES)).toEqual([]);
  });

  it('reports nothing when, for every scope set, Allow+Deny or Allow-only is exact (the audit example)', () => {
    expect(routeTableCacheConflicts([get('/invoices/{id}', 'invoice_admin'), get('/invoices/{id}/lines', 'invoice_read')])).toEqual([]);
  });

  it('reports a table where one scope set defeats both policies', () => {
    const routes = [get('/a/{x}', 'admin'), get('/a/{x}/b', 'user'), get('/c/{x}', 'user'), get('/c/{x}/d', 'admin')];
    const conflicts = routeTableCacheConflicts(routes);
    expect(conflicts.map((conflict) => conflict.routes.map((route) => route.path))).toContainEqual(['/a/{x}/b', '/a/{x}']);
  });
});
