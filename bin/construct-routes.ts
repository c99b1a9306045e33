// The shared route table (lambda/shared, which local mode serves too) as the construct API's RouteRule:
// the same strings, with the method as the HttpMethod enum the jsii API declares.
import type { RouteRule as SharedRouteRule } from '../lambda/shared/routes';
import { HttpMethod, type RouteRule } from '../lib';

const METHODS: ReadonlyMap<string, HttpMethod> = new Map(Object.values(HttpMethod).map((method) => [method, method]));

export function constructRoutes(routes: readonly SharedRouteRule[]): RouteRule[] {
  return routes.map((route) => {
    const method = METHODS.get(route.method);
    if (method === undefined) throw new Error(`route ${route.method} ${route.path}: "${route.method}" is not an HttpMethod`);
    return { method, path: route.path, scopes: { anyOf: route.scopes.anyOf && [...route.scopes.anyOf], allOf: route.scopes.allOf && [...route.scopes.allOf] } };
  });
}
