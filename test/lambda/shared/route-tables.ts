// Route tables several test files need. CONFLICTING: `/a/{x}` (admin) covers `/a/1/b` (user) and `/c/{x}`
// (user) covers `/c/1/d` (admin): for a user token no policy over the whole table is exact, so API Gateway
// must cache per route (routeTableCacheConflicts reports it; the construct sets cachesPerRoute).
import type { RouteRule } from '../../../lambda/shared/routes';

export const CONFLICTING_ROUTES: readonly RouteRule[] = Object.freeze([
  { method: 'GET', path: '/a/{x}', scopes: { anyOf: ['admin'] } },
  { method: 'GET', path: '/a/{x}/b', scopes: { anyOf: ['user'] } },
  { method: 'GET', path: '/c/{x}', scopes: { anyOf: ['user'] } },
  { method: 'GET', path: '/c/{x}/d', scopes: { anyOf: ['admin'] } },
]);
