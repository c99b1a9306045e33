// Which REST route policies stay exact when API Gateway reuses one cached answer on other routes.
// A route's policy Resource is an IAM pattern (`GET/invoices/*`, where `*` spans slashes too), while the
// requests API Gateway routes to a template (`GET /invoices/{id}`) have exactly one segment per
// parameter. `requestsMayHit(target, pattern)` decides, exactly for these two regular languages, whether
// some request of `target` matches `pattern`'s Resource. The authorizer uses it to judge which whole-table
// policy is exact at runtime (answers/rest-policy.ts); the constructs and local mode use it to tell
// whether a table needs per-route cache keys.
// Dependency-free: shared by lib/ and lambda/.
import { pathSegments, type RouteRule } from './routes';
import type { ScopeRule } from './scope-rules';

type Label = { readonly char: string } | 'any' | 'segmentChar';
interface Automaton {
  readonly edges: Array<Array<{ label: Label; to: number }>>;
  readonly skips: number[][];
  readonly accept: number;
}

/** The route's Resource pattern after `<api>/<stage>/`: `*` for ANY and for each parameter. */
export function routeResourcePattern(route: RouteRule): string {
  const method = route.method === 'ANY' ? '*' : route.method;
  return `${method}/${pathSegments(route.path).map((segment) => (segment.startsWith('{') ? '*' : segment)).join('/')}`;
}

/** True when some request API Gateway could route to `target` matches `pattern`'s policy Resource. */
export function requestsMayHit(target: RouteRule, pattern: RouteRule): boolean {
  return intersects(requestAutomaton(target), globAutomaton(routeResourcePattern(pattern)));
}

/** A pair of routes whose cached answer may be wrong on one of them for some scope set. */
export interface CacheConflict {
  readonly routes: readonly [RouteRule, RouteRule];
}

/**
 * Conflicts that no route-table policy resolves for some set of allowed routes: the Allow-and-Deny
 * policy fails when a request of an allowed route hits a denied route's Resource, the Allow-only one
 * when a request of a denied route hits an allowed route's Resource; if one set of allowed routes can
 * have both, the authorizer must name only the current method and its cached answer would over-deny
 * elsewhere. Routes with the same scope rule are always allowed together, so they never conflict.
 * Conservative: a reported table may still be exact for every real scope set; an unreported one is.
 */
export function routeTableCacheConflicts(routes: readonly RouteRule[]): CacheConflict[] {
  const denyHits: Array<[number, number]> = []; // [allowed, denied]: denied's Deny catches allowed's requests
  const allowHits: Array<[number, number]> = []; // [allowed, denied]: allowed's Allow catches denied's requests
  routes.forEach((first, i) =>
    routes.forEach((second, j) => {
      if (i === j || sameRule(first.scopes, second.scopes)) return;
      if (requestsMayHit(first, second)) denyHits.push([i, j]);
      if (requestsMayHit(second, first)) allowHits.push([i, j]);
    }),
  );
  const conflicts: CacheConflict[] = [];
  for (const [a1, d1] of denyHits) {
    const other = allowHits.find(([a2, d2]) => {
      const inside = [a1, a2];
      const outside = [d1, d2];
      return inside.every((a) => outside.every((d) => a !== d && !sameRule(routes[a].scopes, routes[d].scopes)));
    });
    if (other) conflicts.push({ routes: [routes[a1], routes[d1]] });
  }
  return conflicts;
}

function sameRule(first: ScopeRule, second: ScopeRule): boolean {
  const key = (rule: ScopeRule) => JSON.stringify([[...(rule.anyOf ?? [])].sort(), [...(rule.allOf ?? [])].sort()]);
  return key(first) === key(second);
}

/** IAM pattern: `*` any run of characters (slashes too), everything else literal. */
function globAutomaton(pattern: string): Automaton {
  const edges: Automaton['edges'] = [];
  const skips: number[][] = [];
  [...pattern].forEach((char, state) => {
    edges.push(char === '*' ? [{ label: 'any', to: state }] : [{ label: { char }, to: state + 1 }]);
    skips.push(char === '*' ? [state + 1] : []);
  });
  edges.push([]);
  skips.push([]);
  return { edges, skips, accept: pattern.length };
}

/** The method ARN part of requests routed to the template: one non-empty segment per `{param}`, one or more per `{proxy+}`. */
function requestAutomaton(route: RouteRule): Automaton {
  const edges: Automaton['edges'] = [];
  const skips: number[][] = [];
  const state = () => (edges.push([]), skips.push([]), edges.length - 1);
  let current = state();
  const literal = (text: string) => {
    for (const char of text) {
      const next = state();
      edges[current].push({ label: { char }, to: next });
      current = next;
    }
  };
  const segment = () => {
    const inside = state();
    edges[current].push({ label: 'segmentChar', to: inside });
    edges[inside].push({ label: 'segmentChar', to: inside });
    current = inside;
  };
  if (route.method === 'ANY') segment();
  else literal(route.method);
  literal('/');
  pathSegments(route.path).forEach((part, index) => {
    if (index > 0) literal('/');
    if (part.endsWith('+}')) {
      segment();
      const segmentEnd = current;
      const slash = state();
      edges[segmentEnd].push({ label: { char: '/' }, to: slash });
      edges[slash].push({ label: 'segmentChar', to: segmentEnd });
    } else if (part.startsWith('{')) segment();
    else literal(part);
  });
  return { edges, skips, accept: current };
}

function labelsMeet(first: Label, second: Label): boolean {
  if (typeof first === 'object' && typeof second === 'object') return first.char === second.char;
  if (typeof first === 'object') return second === 'any' || first.char !== '/';
  if (typeof second === 'object') return first === 'any' || second.char !== '/';
  return true;
}

/** Product reachability: does some string take both automata to their accepting states? */
function intersects(first: Automaton, second: Automaton): boolean {
  const seen = new Set<string>();
  const queue: Array<[number, number]> = [[0, 0]];
  while (queue.length > 0) {
    const [p, q] = queue.pop()!;
    const key = `${p},${q}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (p === first.accept && q === second.accept) return true;
    for (const to of first.skips[p]) queue.push([to, q]);
    for (const to of second.skips[q]) queue.push([p, to]);
    for (const a of first.edges[p]) for (const b of second.edges[q]) if (labelsMeet(a.label, b.label)) queue.push([a.to, b.to]);
  }
  return false;
}

/**
 * Whether a REST REQUEST authorizer for this table must key API Gateway's result cache per route (method
 * and resource path): the construct's `cachesPerRoute`, what it tells the function, and local mode's
 * default, decided in one place.
 */
export function needsPerRouteCacheKeys(routes: readonly RouteRule[]): boolean {
  return routeTableCacheConflicts(routes).length > 0;
}
