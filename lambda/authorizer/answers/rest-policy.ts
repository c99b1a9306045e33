// The REST API policy. API Gateway caches an authorizer's answer under the identity source (the
// Authorization header) and applies it to every route the token calls next. A policy naming only the
// current method ARN would then deny every other route (the AWS knowledge-center problem), and a broad
// Allow would let the token through routes its scopes do not cover. So the policy covers the whole route
// table for this token: Allow for each route its scopes satisfy, an explicit Deny for each other route.
//
// Route templates become ARN patterns with `*` per parameter, and IAM's `*` also spans slashes, so
// patterns can overlap (`/a/{x}` covers `/a/1/b`). Which policy is exact is decided exactly, per pair of
// routes, with lambda/shared/route-overlap.ts (`requestsMayHit`: can some request API Gateway routes to
// one route match the other's Resource?). The Allow-and-Deny policy is exact when no request of an
// allowed route can hit a denied route's Resource (each route's own requests always match its own
// Resource); else an Allow-only policy (the implicit deny covers the other routes) is exact when no
// request of a denied route can hit an allowed route's Resource. The analysis is conservative (a request
// that a more specific route would serve still counts), so it may reject a policy that was exact, never
// accept one that is not. When neither is exact, the answer falls back to naming the current method ARN
// only (correct now, over-denying later routes until the cached answer expires: never over-allowing). The
// constructs detect such tables at synth and add the method and resource path to the REST authorizer's
// identity sources, so each cached answer serves one route.
//
// The fallback puts the caller's method ARN, whose path the caller chooses, into a Resource, where IAM
// reads `*` and `?` as wildcards and offers no way to escape them: `Allow .../GET/c/*` would be reused by a
// cached answer on every `GET /c/...` route. Such a request is refused instead (see currentMethodOnly).
import { hasIamPatternSyntax, policyAllows, type PolicyStatement } from '../../shared/iam-match';
import { pathSegments, type RouteRule } from '../../shared/routes';
import { requestsMayHit } from '../../shared/route-overlap';
import { scopesSatisfy } from '../../shared/scope-rules';
import { splitMethodArn } from '../events/normalize';

export const INVOKE = 'execute-api:Invoke';

export interface RestPolicy {
  /** Frozen, and shared between answers for the same route table, stage and allowed routes. */
  readonly statements: readonly PolicyStatement[];
  /** False when the fallback (current method ARN only) was used. */
  readonly coversRouteTable: boolean;
  /**
   * Whether the statements allow the current request: `allowCurrent`, except when the fallback had to
   * refuse a request it was asked to allow (a method ARN with IAM pattern syntax, see currentMethodOnly).
   */
  readonly allowsCurrent: boolean;
}

export function restPolicy(routes: readonly RouteRule[], granted: readonly string[], methodArn: string, allowCurrent: boolean): RestPolicy {
  const { base } = splitMethodArn(methodArn);
  const allowedRoutes = routes.map((route) => scopesSatisfy(route.scopes, granted));
  const statements = routeTablePolicy(routes, base, allowedRoutes);
  // The method ARN is only a value matched against the table's patterns here, never a pattern itself.
  if (statements && policyAllows(statements, methodArn) === allowCurrent) return { statements, coversRouteTable: true, allowsCurrent: allowCurrent };
  return currentMethodOnly(methodArn, allowCurrent);
}

/**
 * The answer when API Gateway keys its cache by route as well (the construct's `cachesPerRoute`: the
 * method and resource path are identity sources): a cached answer is only ever reused on requests of this
 * route, all of which its pattern matches, so one statement on the route's pattern is exact. Built from
 * the template, never from the caller's path. Frozen and shared per route, stage and effect.
 */
export function routeOnlyPolicy(route: RouteRule, methodArn: string, allowCurrent: boolean): RestPolicy {
  const { base } = splitMethodArn(methodArn);
  let byKey = routeOnly.get(route);
  if (!byKey) routeOnly.set(route, (byKey = new Map()));
  const key = `${allowCurrent ? 'Allow' : 'Deny'} ${base}`;
  let statements = byKey.get(key);
  if (!statements) {
    if (byKey.size >= MAX_BASES * 2) byKey.clear();
    statements = Object.freeze([frozenStatement(allowCurrent ? 'Allow' : 'Deny', [routeArn(base, route)])]);
    byKey.set(key, statements);
  }
  return { statements, coversRouteTable: false, allowsCurrent: allowCurrent };
}

const routeOnly = new WeakMap<RouteRule, Map<string, readonly PolicyStatement[]>>();

/**
 * The fallback: a statement on the current method ARN only. IAM Resource patterns have no escape for `*`
 * and `?`, so when the caller's ARN holds one (or `${`, a policy variable), no Allow can name exactly this
 * request: `Allow .../GET/c/*` would also allow, through the cached answer, `GET /c/1/d`, a route the
 * token's scopes may not cover. Such a request is refused (403) although its own route is allowed: only
 * when the route table has overlaps no whole-table policy resolves, and only for a path holding `*`, `?`
 * (a query string's `?` is not part of it) or `${`, which routes rarely need (routes.ts does accept a
 * literal `*` in a segment; such a route is refused on this path too). The Deny names the ARN with each
 * `*` turned into `?`, which still matches this request (a `?` matches the `*` itself) but no request of
 * another length, so the cached refusal spares most of the token's other routes. A policy of Deny statements only can never allow anything,
 * however API Gateway reads the pattern.
 */
function currentMethodOnly(methodArn: string, allowCurrent: boolean): RestPolicy {
  if (!hasIamPatternSyntax(methodArn)) {
    return { statements: [{ Action: INVOKE, Effect: allowCurrent ? 'Allow' : 'Deny', Resource: [methodArn] }], coversRouteTable: false, allowsCurrent: allowCurrent };
  }
  return { statements: [{ Action: INVOKE, Effect: 'Deny', Resource: [methodArn.replaceAll('*', '?')] }], coversRouteTable: false, allowsCurrent: false };
}

// The check below costs O(routes²) automaton intersections; its result depends only on the route table,
// the API/stage and which routes are allowed (a small set per deployment), so it is computed once per
// combination, and each pair's overlap once per table. The result is frozen rather than copied per answer:
// nothing downstream (the Lambda runtime, the local gateway) does more than serialize or read it, and a
// caller that tried to change it would fail loudly.
interface TableMemo {
  readonly byBase: Map<string, Map<string, readonly PolicyStatement[] | null>>;
  /** `hits[t * routes.length + p]`: 1 when some request of route t may match route p's Resource, 0 when none can; unset until asked. */
  readonly hits: Uint8Array;
}
const memoized = new WeakMap<readonly RouteRule[], TableMemo>();
/** Bounds for a route table: API/stage bases, and allowed-route combinations per base. */
const MAX_BASES = 100;
const MAX_MEMOIZED = 1000;
const UNKNOWN = 2;

/** The Allow/Deny statements over the whole table, or null when they would misjudge some route. */
function routeTablePolicy(routes: readonly RouteRule[], base: string, allowedRoutes: boolean[]): readonly PolicyStatement[] | null {
  // Keyed base first, then which routes are allowed: no long joined key to build and hash per request.
  let memo = memoized.get(routes);
  if (!memo) memoized.set(routes, (memo = { byBase: new Map(), hits: new Uint8Array(routes.length * routes.length).fill(UNKNOWN) }));
  let results = memo.byBase.get(base);
  if (!results) {
    if (memo.byBase.size >= MAX_BASES) memo.byBase.clear();
    memo.byBase.set(base, (results = new Map()));
  }
  let key = '';
  for (const allowed of allowedRoutes) key += allowed ? '1' : '0';
  const known = results.get(key);
  if (known !== undefined) return known;
  const allow: string[] = [];
  const deny: string[] = [];
  routes.forEach((route, index) => (allowedRoutes[index] ? allow : deny).push(routeArn(base, route)));
  let result: readonly PolicyStatement[] | null = null;
  if (routes.length === 0) result = null; // no statement to write (an empty Resource is no policy)
  else if (allow.length === 0) result = Object.freeze([frozenStatement('Deny', deny)]);
  else if (deny.length === 0) result = Object.freeze([frozenStatement('Allow', allow)]);
  else if (noHits(routes, memo.hits, allowedRoutes, true)) result = Object.freeze([frozenStatement('Allow', allow), frozenStatement('Deny', deny)]);
  else if (noHits(routes, memo.hits, allowedRoutes, false)) result = Object.freeze([frozenStatement('Allow', allow)]);
  if (results.size >= MAX_MEMOIZED) results.clear();
  results.set(key, result);
  return result;
}

/**
 * `requestsOfAllowed`: true when no request of an allowed route may match a denied route's Resource (the
 * Allow-and-Deny policy is exact); false: when no request of a denied route may match an allowed route's
 * Resource (the Allow-only policy is exact: the implicit deny covers every denied route).
 */
function noHits(routes: readonly RouteRule[], hits: Uint8Array, allowedRoutes: readonly boolean[], requestsOfAllowed: boolean): boolean {
  const count = routes.length;
  for (let target = 0; target < count; target++) {
    if (allowedRoutes[target] !== requestsOfAllowed) continue;
    for (let pattern = 0; pattern < count; pattern++) {
      if (allowedRoutes[pattern] === requestsOfAllowed) continue;
      const index = target * count + pattern;
      if (hits[index] === UNKNOWN) hits[index] = routedRequestsMayHit(routes, routes[target], routes[pattern]) ? 1 : 0;
      if (hits[index] === 1) return false;
    }
  }
  return true;
}

/**
 * requestsMayHit, narrowed for an `ANY` target by what API Gateway takes from it: on the same resource a
 * named method wins, so `ANY /docs` never serves `DELETE /docs` when the table has `DELETE /docs`, and
 * `Deny DELETE/docs` cannot catch its requests. A named-method Resource only matches requests of that
 * method (its method is literal, a request's method has no slash), so the target is judged as that
 * method, or not at all when that method is taken; an `ANY` Resource's `*` absorbs whatever the method
 * is, so the target is judged as is. Exact where requestsMayHit is, conservative where it is (a request
 * that a more specific template serves still counts as the target's).
 */
function routedRequestsMayHit(routes: readonly RouteRule[], target: RouteRule, pattern: RouteRule): boolean {
  if (target.method !== 'ANY' || pattern.method === 'ANY') return requestsMayHit(target, pattern);
  const shape = templateShape(target.path);
  if (routes.some((route) => route.method === pattern.method && templateShape(route.path) === shape)) return false;
  return requestsMayHit({ ...target, method: pattern.method }, pattern);
}

/** The template with parameter names dropped: `/a/{x}` and `/a/{y}` are one resource to the router. */
function templateShape(path: string): string {
  return pathSegments(path)
    .map((segment) => (segment.endsWith('+}') ? '{+}' : segment.startsWith('{') ? '{}' : segment))
    .join('/');
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

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
