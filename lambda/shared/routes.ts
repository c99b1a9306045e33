// Routes and their coarse scope rules: one definition that the constructs deploy (API Gateway resources
// and methods), the authorizer enforces, and local mode serves.
import { scopeRuleProblems, type ScopeRule } from './scope-rules';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface RouteRule {
  /** HTTP method, or `ANY` for every method. */
  readonly method: HttpMethod;
  /**
   * API Gateway resource path: `/invoices`, `/invoices/{id}`, `/files/{proxy+}` (greedy, last segment only).
   */
  readonly path: string;
  /** The coarse rule the gateway enforces before the request reaches the API. */
  readonly scopes: ScopeRule;
}

const LITERAL_SEGMENT = /^[A-Za-z0-9._~!$&'()*+,;=:@-]+$/;
const PARAM_SEGMENT = /^\{[A-Za-z_][A-Za-z0-9_]*\}$/;
const GREEDY_SEGMENT = /^\{[A-Za-z_][A-Za-z0-9_]*\+\}$/;

/** Problems with one route, empty when it is usable. */
export function routeProblems(route: RouteRule): string[] {
  const problems: string[] = [];
  if (!(HTTP_METHODS as readonly string[]).includes(route.method)) {
    problems.push(`method "${route.method}" is not one of ${HTTP_METHODS.join(', ')}`);
  }
  if (!route.path.startsWith('/')) problems.push(`path "${route.path}" must start with "/"`);
  // API Gateway names the resource without empty segments (`/invoices/` is `/invoices`), and REQUEST
  // events carry that name: a table path spelled otherwise would never match its own requests.
  else if (route.path !== '/' && (route.path.endsWith('/') || route.path.includes('//'))) {
    problems.push(`path "${route.path}" must not end with "/" or contain "//" (API Gateway's resource is "/${pathSegments(route.path).join('/')}")`);
  }
  const segments = pathSegments(route.path);
  segments.forEach((segment, index) => {
    const greedy = GREEDY_SEGMENT.test(segment);
    if (greedy && index !== segments.length - 1) problems.push(`path "${route.path}": {proxy+} must be the last segment`);
    if (!greedy && !PARAM_SEGMENT.test(segment) && !LITERAL_SEGMENT.test(segment)) {
      problems.push(`path "${route.path}": segment "${segment}" is not a literal or {parameter}`);
    }
  });
  if (!route.scopes) problems.push(`route ${route.method} ${route.path} has no scope rule (routes are denied by default)`);
  else problems.push(...scopeRuleProblems(route.scopes).map((problem) => `route ${route.method} ${route.path}: ${problem}`));
  return problems;
}

/** Problems with a whole route table: each route's, plus duplicates. */
export function routeTableProblems(routes: readonly RouteRule[]): string[] {
  const problems = routes.flatMap(routeProblems);
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) problems.push(`route ${key} is declared twice`);
    seen.add(key);
  }
  return problems;
}

export function pathSegments(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function segmentsMatch(template: string[], concrete: string[]): boolean {
  for (let index = 0; index < template.length; index++) {
    const segment = template[index];
    if (GREEDY_SEGMENT.test(segment)) return concrete.length > index;
    if (index >= concrete.length) return false;
    if (PARAM_SEGMENT.test(segment)) continue;
    if (segment !== concrete[index]) return false;
  }
  return template.length === concrete.length;
}

/** How specific a template segment is: a literal beats a parameter, which beats a greedy parameter. */
function segmentRank(segment: string): number {
  if (GREEDY_SEGMENT.test(segment)) return 0;
  return PARAM_SEGMENT.test(segment) ? 1 : 2;
}

/** Positive when template `a` is the more specific one: the first segment where they differ decides. */
function comparePrecedence(a: readonly string[], b: readonly string[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (index < a.length ? segmentRank(a[index]) : -1) - (index < b.length ? segmentRank(b[index]) : -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Finds the rule for a concrete path (`/invoices/inv-1001`, all a TOKEN event's method ARN has; what the
 * local gateway routes). A resource template, as REST REQUEST events and HTTP API route keys carry it, goes
 * to matchTemplate instead: a concrete path that happens to read like a template (`/{proxy+}`) is still
 * just a path here. Among the templates that match, the one API Gateway's resource tree serves wins,
 * whatever the order of the table: segment by segment from the left, a literal beats a parameter, which
 * beats a greedy one; then a named method beats `ANY`. Returns undefined when no route matches: the
 * caller must deny.
 */
export function matchRoute(routes: readonly RouteRule[], method: string, path: string): RouteRule | undefined {
  const concrete = pathSegments(path);
  let best: { route: RouteRule; template: string[] } | undefined;
  for (const route of routes) {
    if (route.method !== method && route.method !== 'ANY') continue;
    const template = pathSegments(route.path);
    if (!segmentsMatch(template, concrete)) continue;
    const order = best ? comparePrecedence(template, best.template) : 1;
    if (order > 0 || (order === 0 && best!.route.method === 'ANY' && route.method === method)) best = { route, template };
  }
  return best?.route;
}

/**
 * The rule for a request whose event names its resource template (`/invoices/{id}`): that template and
 * nothing else, the method or else `ANY`. A template the table lacks (a method the authorizer guards but
 * the table forgot) is unknown, never judged by another route it happens to match as text.
 */
export function matchTemplate(routes: readonly RouteRule[], method: string, template: string): RouteRule | undefined {
  return routes.find((route) => route.path === template && route.method === method) ?? routes.find((route) => route.path === template && route.method === 'ANY');
}

/** Compact serialisation for an environment variable (Lambda allows 4 KB of variables in all). */
export function serializeRoutes(routes: readonly RouteRule[]): string {
  return JSON.stringify(
    routes.map((route) => [route.method, route.path, route.scopes.anyOf ?? [], route.scopes.allOf ?? []]),
  );
}

export function parseRoutes(text: string): RouteRule[] {
  const rows: unknown = JSON.parse(text);
  if (!Array.isArray(rows)) throw new Error('expected a JSON array of routes');
  return rows.map((row, index) => {
    if (!Array.isArray(row) || row.length !== 4) throw new Error(`route ${index} is not [method, path, anyOf, allOf]`);
    const [method, path, anyOf, allOf] = row as [unknown, unknown, unknown, unknown];
    if (typeof method !== 'string' || typeof path !== 'string' || !isStringArray(anyOf) || !isStringArray(allOf)) {
      throw new Error(`route ${index} is not [method, path, anyOf, allOf]`);
    }
    const scopes: ScopeRule = { ...(anyOf.length ? { anyOf } : {}), ...(allOf.length ? { allOf } : {}) };
    return { method: method as HttpMethod, path, scopes };
  });
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
