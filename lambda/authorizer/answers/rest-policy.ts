// The REST API policy. API Gateway caches an authorizer's answer under the identity source (the
// Authorization header) and applies it to every route the token calls next. A policy naming only the
// current method ARN would then deny every other route (the AWS knowledge-center problem), and a broad
// Allow would let the token through routes its scopes do not cover. So the policy covers the whole route
// table for this token: Allow for each route its scopes satisfy, an explicit Deny for each other route.
//
// Route templates become ARN patterns with `*` per parameter, and IAM's `*` also spans slashes, so
// patterns can overlap (`/a/{x}` covers `/a/1/b`). Every route is checked against the policy built; when
// an explicit Deny would catch an allowed route, an Allow-only policy is tried next (the implicit deny
// covers the other routes), accepted only when no request of a denied route can match one of its Allows
// (lambda/shared/route-overlap.ts, exact for these patterns). When neither is exact, the answer falls back
// to naming the current method ARN only (correct now, over-denying later routes until the cached answer
// expires: never over-allowing). The constructs detect such tables at synth and add the method and
// resource path to the REST authorizer's identity sources, so each cached answer serves one route.
import type { RouteRule } from '../../shared/routes';
import { allowOnlyIsExact } from '../../shared/route-overlap';
import { HTTP_METHODS, matchRoute, pathSegments } from '../../shared/routes';
import { scopesSatisfy } from '../../shared/scope-rules';
import { splitMethodArn } from '../events/normalize';
import { policyAllows, type PolicyStatement } from './iam-match';

export const INVOKE = 'execute-api:Invoke';

export interface RestPolicy {
  /** Frozen, and shared between answers for the same route table, stage and allowed routes. */
  readonly statements: readonly PolicyStatement[];
  /** False when the fallback (current method ARN only) was used. */
  readonly coversRouteTable: boolean;
}

export function restPolicy(routes: readonly RouteRule[], granted: readonly string[], methodArn: string, allowCurrent: boolean): RestPolicy {
  const { base } = splitMethodArn(methodArn);
  const allowedRoutes = routes.map((route) => scopesSatisfy(route.scopes, granted));
  const statements = routeTablePolicy(routes, base, allowedRoutes);
  if (statements && policyAllows(statements, methodArn) === allowCurrent) return { statements, coversRouteTable: true };
  return { statements: [{ Action: INVOKE, Effect: allowCurrent ? 'Allow' : 'Deny', Resource: [methodArn] }], coversRouteTable: false };
}

// The check below costs O(routes²); its result depends only on the route table, the API/stage and which
// routes are allowed (a small set per deployment), so it is computed once per combination. The result is
// frozen rather than copied per answer: nothing downstream (the Lambda runtime, the local gateway) does
// more than serialize or read it, and a caller that tried to change it would fail loudly.
const memoized = new WeakMap<readonly RouteRule[], Map<string, Map<string, readonly PolicyStatement[] | null>>>();
/** Bounds for a route table: API/stage bases, and allowed-route combinations per base. */
const MAX_BASES = 100;
const MAX_MEMOIZED = 1000;

/** The Allow/Deny statements over the whole table, or null when they would misjudge some route. */
function routeTablePolicy(routes: readonly RouteRule[], base: string, allowedRoutes: boolean[]): readonly PolicyStatement[] | null {
  // Keyed base first, then which routes are allowed: no long joined key to build and hash per request.
  let byBase = memoized.get(routes);
  if (!byBase) memoized.set(routes, (byBase = new Map()));
  let results = byBase.get(base);
  if (!results) {
    if (byBase.size >= MAX_BASES) byBase.clear();
    byBase.set(base, (results = new Map()));
  }
  let key = '';
  for (const allowed of allowedRoutes) key += allowed ? '1' : '0';
  const known = results.get(key);
  if (known !== undefined) return known;
  const allow: string[] = [];
  const deny: string[] = [];
  routes.forEach((route, index) => (allowedRoutes[index] ? allow : deny).push(routeArn(base, route)));
  const statements: PolicyStatement[] = [];
  if (allow.length) statements.push(frozenStatement('Allow', allow));
  if (deny.length) statements.push(frozenStatement('Deny', deny));
  // What API Gateway would ask next: a sample request per route, judged the way the authorizer judges it.
  const exact =
    statements.length > 0 &&
    sampleRequests(routes).every((sample) => {
      const route = matchRoute(routes, sample.method, sample.path);
      const expected = route !== undefined && allowedRoutes[routes.indexOf(route)];
      return policyAllows(statements, `${base}/${sample.method}${sample.path}`) === expected;
    });
  const allowOnly = !exact && allow.length > 0 && allowOnlyIsExact(routes, allowedRoutes);
  const result = exact ? Object.freeze(statements) : allowOnly ? Object.freeze([statements[0]]) : null;
  if (results.size >= MAX_MEMOIZED) results.clear();
  results.set(key, result);
  return result;
}

function frozenStatement(effect: PolicyStatement['Effect'], resources: string[]): PolicyStatement {
  return Object.freeze({ Action: INVOKE, Effect: effect, Resource: Object.freeze(unique(resources)) });
}

/** The route's ARN pattern: `*` for `ANY` and for each path parameter. */
export function routeArn(base: string, route: RouteRule): string {
  const method = route.method === 'ANY' ? '*' : route.method;
  const path = pathSegments(route.path).map((segment) => (segment.startsWith('{') ? '*' : segment)).join('/');
  return `${base}/${method}/${path}`;
}

const CONCRETE_METHODS = HTTP_METHODS.filter((method) => method !== 'ANY');

function sampleRequests(routes: readonly RouteRule[]): Array<{ method: string; path: string }> {
  const samples: Array<{ method: string; path: string }> = [];
  for (const route of routes) {
    const segments = pathSegments(route.path);
    const paths = [segments.map((segment) => (segment.startsWith('{') ? 'x' : segment))];
    if (segments.some((segment) => segment.endsWith('+}'))) paths.push([...paths[0], 'x']);
    for (const method of route.method === 'ANY' ? CONCRETE_METHODS : [route.method]) {
      for (const path of paths) samples.push({ method, path: `/${path.join('/')}` });
    }
  }
  return samples;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
