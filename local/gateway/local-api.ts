// What a local API is made of, whichever kind: its identity (in method ARNs and request contexts), the
// service table that names each route's handler, the checks that make a gateway refuse to start, and
// what a started gateway hands back.
import { routeTableProblems, type RouteRule } from '../../lambda/shared/routes';
import type { ProxyHandler } from './rest-api-events';

export interface ApiIdentity {
  readonly region: string;
  readonly accountId: string;
  readonly apiId: string;
  readonly stage: string;
}

export const LOCAL_API_IDENTITY: ApiIdentity = {
  region: 'us-east-1',
  accountId: '123456789012',
  apiId: 'local',
  stage: 'local',
};

/**
 * The execute-api method ARN API Gateway passes to an authorizer and evaluates the returned policy against:
 * arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path without its leading slash>.
 */
export function methodArn(api: ApiIdentity, httpMethod: string, path: string): string {
  return `arn:aws:execute-api:${api.region}:${api.accountId}:${api.apiId}/${api.stage}/${httpMethod}/${path.replace(/^\//, '')}`;
}

/**
 * Which proxy handler serves which route. Keys are route keys (`GET /invoices/{id}`), the same words the
 * route table and the access log use.
 */
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
function routesWithoutService(routes: readonly RouteRule[], services: ServiceTable): string[] {
  return routes.map(routeKey).filter((key) => typeof services[key] !== 'function');
}

/** The options every local gateway judges before it starts. */
export interface ApiDefinition {
  readonly routes: readonly RouteRule[];
  readonly services: ServiceTable;
  readonly authorizer?: unknown;
  readonly unauthenticatedRoutes?: readonly string[];
}

/** What makes a gateway unable to serve its routes (either kind of API): it refuses to start. */
export function gatewayOptionProblems(options: ApiDefinition): string[] {
  const problems = [...routeTableProblems(options.routes)];
  problems.push(...routesWithoutService(options.routes, options.services).map((key) => `route ${key} has no service handler`));
  const keys = new Set(options.routes.map(routeKey));
  for (const key of options.unauthenticatedRoutes ?? []) if (!keys.has(key)) problems.push(`unauthenticatedRoutes: ${key} is not a route`);
  const everyRouteOpen = options.routes.every((route) => options.unauthenticatedRoutes?.includes(routeKey(route)));
  if (!options.authorizer && !everyRouteOpen) problems.push('authorizer is required unless every route is unauthenticated');
  return problems;
}

export interface LocalGateway {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Whether the authorizer result cache is keyed per route (method and resource path) as well as per identity header. */
  readonly cachesPerRoute: boolean;
  /** Empties the authorizer result cache (as redeploying the stage would). */
  clearAuthorizerCache(): void;
  stop(): Promise<void>;
}
