// Which proxy handler serves which route. Keys are route keys (`GET /invoices/{id}`), the same words the
// route table and the access log use.
import type { RouteRule } from '../../lambda/shared/routes';
import type { ProxyHandler } from './lambda-shapes';

export type ServiceTable = Readonly<Record<string, ProxyHandler>>;

export function routeKey(route: Pick<RouteRule, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/** Builds a table from services that each own a list of routes (the shape of EXAMPLE_SERVICES). */
export function serviceTable(services: ReadonlyArray<{ readonly routes: readonly RouteRule[]; readonly handler: ProxyHandler }>): ServiceTable {
  const table: Record<string, ProxyHandler> = {};
  for (const service of services) {
    for (const route of service.routes) table[routeKey(route)] = service.handler;
  }
  return table;
}

/** Routes with no handler: each one would be a 502 at request time, so the gateway refuses to start. */
export function routesWithoutService(routes: readonly RouteRule[], services: ServiceTable): string[] {
  return routes.map(routeKey).filter((key) => typeof services[key] !== 'function');
}
