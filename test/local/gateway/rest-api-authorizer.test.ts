// The REST authorization step. Its result cache is keyed as the deployed PhantomTokenAuthorizer keys it:
// on the Authorization header, plus `$context.httpMethod` and `$context.resourcePath` when the route table
// has cache conflicts (the construct's `cachesPerRoute`, decided by routeTableCacheConflicts), so each
// cached answer serves one route; otherwise one cached answer serves every route the token calls. The
// policy is judged as API Gateway judges it (evaluatePolicy).
import fc from 'fast-check';
import { iamPatternMatches } from '../../../lambda/shared/iam-match';
import { restPolicy } from '../../../lambda/authorizer/answers/rest-policy';
import { routeTableCacheConflicts } from '../../../lambda/shared/route-overlap';
import { matchRoute, type RouteRule } from '../../../lambda/shared/routes';
import { scopesSatisfy } from '../../../lambda/shared/scope-rules';
import { startLocalGateway, type AuthorizerEvent, type AuthorizerResult, type LocalGateway, type LocalGatewayOptions, type ProxyHandler, type RequestAuthorizer } from '../../../local/gateway';
import { AuthorizerResultCache } from '../../../local/gateway/authorizer-result-cache';
import type { GatewayRequest } from '../../../local/gateway/gateway-request';
import { authorizeRequest, evaluatePolicy } from '../../../local/gateway/rest-api-authorizer';
import { CONFLICTING_ROUTES } from '../../lambda/shared/route-tables';

// `/a/{x}` (admin) covers `/a/1/b` (user) and `/c/{x}` (user) covers `/c/1/d` (admin): for a user token no
// policy over the whole table is exact, so the construct caches per route.
const CONFLICTING: RouteRule[] = [...CONFLICTING_ROUTES];

// Overlapping templates with different scope rules whose policies stay exact (Allow only): header-only key.
const EXACT: RouteRule[] = [
  { method: 'GET', path: '/invoices/{id}', scopes: { anyOf: ['invoice_admin'] } },
  { method: 'GET', path: '/invoices/{id}/lines', scopes: { anyOf: ['invoice_read'] } },
];

const ok: ProxyHandler = async () => ({ statusCode: 200, body: 'ok' });

const ARN_PREFIX = 'arn:aws:execute-api:us-east-1:123456789012:local/local';
const policy = (...Statement: Array<Record<string, unknown>>) => ({ Version: '2012-10-17', Statement }) as never;
const allow = (Resource: string | string[], Action: string | string[] = 'execute-api:Invoke') => ({ Effect: 'Allow', Action, Resource });
const deny = (Resource: string | string[]) => ({ Effect: 'Deny', Action: 'execute-api:Invoke', Resource });

/** The authorizer's real REST policy builder for a token granted `granted`, recording each event. */
function policyAuthorizer(routes: readonly RouteRule[], granted: readonly string[]): { authorizer: RequestAuthorizer; events: AuthorizerEvent[] } {
  const events: AuthorizerEvent[] = [];
  const authorizer: RequestAuthorizer = async (event) => {
    events.push(event);
    const route = matchRoute(routes, event.httpMethod, event.path)!;
    const policy = restPolicy(routes, granted, event.methodArn, scopesSatisfy(route.scopes, granted));
    return {
      principalId: 'u',
      policyDocument: { Version: '2012-10-17', Statement: policy.statements as AuthorizerResult['policyDocument']['Statement'] },
      context: { jwt: 'x.y.z', authorization: 'Bearer x.y.z' },
    };
  };
  return { authorizer, events };
}

async function withGateway(
  routes: readonly RouteRule[],
  granted: readonly string[],
  overrides: Partial<LocalGatewayOptions>,
  run: (gateway: LocalGateway, call: (path: string, method?: string) => Promise<number>, events: AuthorizerEvent[], sources: () => string[]) => Promise<void>,
): Promise<void> {
  const { authorizer, events } = policyAuthorizer(routes, granted);
  const lines: string[] = [];
  const gateway = await startLocalGateway({
    port: 0,
    routes,
    services: Object.fromEntries(routes.map((route) => [`${route.method} ${route.path}`, ok])),
    authorizer,
    accessLog: (line) => lines.push(line),
    ...overrides,
  });
  const call = async (path: string, method = 'GET') =>
    (await fetch(`${gateway.url}${path}`, { method, headers: { Authorization: 'Bearer user-token' } })).status;
  try {
    await run(gateway, call, events, () => lines.map((line) => JSON.parse(line).authorization));
  } finally {
    await gateway.stop();
  }
}

describe('local gateway authorizer result cache key', () => {
  it('keys the cache per route when the route table has cache conflicts, as the construct does: a user token allowed on GET /a/1/b and GET /c/1 gets 200 on both', async () => {
    expect(routeTableCacheConflicts(CONFLICTING).length).toBeGreaterThan(0); // the construct sets cachesPerRoute
    await withGateway(CONFLICTING, ['user'], {}, async (gateway, call, events, sources) => {
      expect(gateway.cachesPerRoute).toBe(true);
      expect(await call('/a/1/b')).toBe(200);
      expect(await call('/c/1')).toBe(200);
      expect(await call('/a/1/b')).toBe(200); // the same route again: its own cached answer
      expect(await call('/a/1')).toBe(403);
      expect(await call('/c/1/d')).toBe(403);
      expect(events.map((event) => event.resource)).toEqual(['/a/{x}/b', '/c/{x}', '/a/{x}', '/c/{x}/d']);
      expect(sources()).toEqual(['authorizer', 'authorizer', 'cache', 'authorizer', 'authorizer']);
    });
  });

  it('shares one cached answer across routes when the table has no cache conflicts (the header-only key, as deployed)', async () => {
    expect(routeTableCacheConflicts(EXACT)).toEqual([]);
    await withGateway(EXACT, ['invoice_read'], {}, async (gateway, call, events, sources) => {
      expect(gateway.cachesPerRoute).toBe(false);
      expect(await call('/invoices/1/lines')).toBe(200);
      expect(await call('/invoices/1')).toBe(403);
      expect(await call('/invoices/2/lines')).toBe(200);
      expect(events).toHaveLength(1);
      expect(sources()).toEqual(['authorizer', 'cache', 'cache']);
    });
  });

  it('cachesPerRoute: false mirrors a header-only key (a TOKEN authorizer): the answer cached for one route is reused on another and over-denies', async () => {
    await withGateway(CONFLICTING, ['user'], { cachesPerRoute: false }, async (gateway, call, events, sources) => {
      expect(gateway.cachesPerRoute).toBe(false);
      expect(await call('/a/1/b')).toBe(200);
      expect(await call('/c/1')).toBe(403);
      expect(events).toHaveLength(1);
      expect(sources()).toEqual(['authorizer', 'cache']);
    });
  });

  it('cachesPerRoute: true keys per route on a table without conflicts too', async () => {
    await withGateway(EXACT, ['invoice_read'], { cachesPerRoute: true }, async (gateway, call, events, sources) => {
      expect(gateway.cachesPerRoute).toBe(true);
      expect(await call('/invoices/1/lines')).toBe(200);
      expect(await call('/invoices/1')).toBe(403);
      expect(await call('/invoices/1/lines')).toBe(200);
      expect(events).toHaveLength(2);
      expect(sources()).toEqual(['authorizer', 'authorizer', 'cache']);
    });
  });

  it('the per-route key holds the request method under an ANY route ($context.httpMethod) and the template ($context.resourcePath), not the concrete path', async () => {
    const routes: RouteRule[] = [{ method: 'ANY', path: '/files/{proxy+}', scopes: { anyOf: ['user'] } }];
    await withGateway(routes, ['user'], { cachesPerRoute: true }, async (_gateway, call, events, sources) => {
      expect(await call('/files/a/b')).toBe(200);
      expect(await call('/files/c', 'GET')).toBe(200);
      expect(await call('/files/a/b', 'PUT')).toBe(200);
      expect(events.map((event) => event.httpMethod)).toEqual(['GET', 'PUT']);
      expect(sources()).toEqual(['authorizer', 'cache', 'authorizer']);
    });
  });
});

describe('authorizeRequest cache key', () => {
  class RecordingCache extends AuthorizerResultCache {
    readonly keys: string[] = [];
    override put(key: string, result: AuthorizerResult): void {
      this.keys.push(key);
      super.put(key, result);
    }
  }
  const token = 'opaque-secret-token-0001';
  const route: RouteRule = { method: 'GET', path: '/a/{x}/b', scopes: { anyOf: ['user'] } };
  const request = (method: string, path: string): GatewayRequest => ({
    requestId: 'r',
    receivedAt: new Date(),
    method,
    path,
    query: new URLSearchParams(),
    headerPairs: [['Authorization', `Bearer ${token}`]],
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
  });
  const arn = (method: string, path: string) => `arn:aws:execute-api:us-east-1:123456789012:local/local/${method}${path}`;
  const allowAll: RequestAuthorizer = async () => ({
    principalId: 'u',
    policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: ['*'] }] },
    context: {},
  });

  it.each([false, true])('keeps only a hash of the identity source, never the token, method or path (cachesPerRoute %s)', async (cachesPerRoute) => {
    const cache = new RecordingCache(60);
    const step = { authorizer: allowAll, cache, identitySourceHeaders: ['Authorization'], cachesPerRoute, timeoutMs: 1_000 };
    const outcome = await authorizeRequest(step, request('GET', '/a/1/b'), route, () => ({ methodArn: arn('GET', '/a/1/b') }) as AuthorizerEvent);
    expect(outcome).toMatchObject({ allowed: true, source: 'authorizer' });
    expect(cache.keys).toHaveLength(1);
    expect(cache.keys[0]).toMatch(/^[0-9a-f]{64}$/);
    for (const part of [token, 'Bearer', '/a/', 'GET']) expect(cache.keys[0]).not.toContain(part);
  });

  it('a per-route key differs from the header-only key and between methods, and is the same for two paths of one template', async () => {
    const keyFor = async (cachesPerRoute: boolean, method: string, path: string) => {
      const cache = new RecordingCache(60);
      const step = { authorizer: allowAll, cache, identitySourceHeaders: ['Authorization'], cachesPerRoute, timeoutMs: 1_000 };
      await authorizeRequest(step, request(method, path), route, () => ({ methodArn: arn(method, path) }) as AuthorizerEvent);
      return cache.keys[0];
    };
    const perRoute = await keyFor(true, 'GET', '/a/1/b');
    expect(perRoute).not.toBe(await keyFor(false, 'GET', '/a/1/b'));
    expect(perRoute).not.toBe(await keyFor(true, 'HEAD', '/a/1/b'));
    expect(perRoute).toBe(await keyFor(true, 'GET', '/a/2/b'));
    expect(await keyFor(false, 'GET', '/a/1/b')).toBe(await keyFor(false, 'HEAD', '/a/1/b'));
  });
});

describe('evaluatePolicy', () => {
  const arn = `${ARN_PREFIX}/GET/invoices/inv-1001`;

  it('allows an exact or wildcard Allow', () => {
    expect(evaluatePolicy(policy(allow(arn)), arn)).toBe('allow');
    expect(evaluatePolicy(policy(allow(`${ARN_PREFIX}/GET/invoices/*`)), arn)).toBe('allow');
    expect(evaluatePolicy(policy(allow(`${ARN_PREFIX}/*/*`)), arn)).toBe('allow');
    expect(evaluatePolicy(policy(allow(`${ARN_PREFIX}/GET/invoices/inv-100?`)), arn)).toBe('allow');
    expect(evaluatePolicy(policy(allow([`${ARN_PREFIX}/POST/*`, arn])), arn)).toBe('allow');
  });

  it('lets an explicit Deny win over any Allow, in any order', () => {
    expect(evaluatePolicy(policy(allow('*'), deny(arn)), arn)).toBe('explicit-deny');
    expect(evaluatePolicy(policy(deny(`${ARN_PREFIX}/GET/invoices/*`), allow(arn)), arn)).toBe('explicit-deny');
  });

  it('denies implicitly when no Allow matches the method ARN', () => {
    expect(evaluatePolicy(policy(allow(`${ARN_PREFIX}/GET/streams/*`)), arn)).toBe('implicit-deny');
    expect(evaluatePolicy(policy(allow(`${ARN_PREFIX}/POST/invoices/inv-1001`)), arn)).toBe('implicit-deny');
    expect(evaluatePolicy(policy(allow(`${ARN_PREFIX}/GET/invoices/inv-100?`)), `${ARN_PREFIX}/GET/invoices/inv-10011`)).toBe('implicit-deny');
  });

  it('ignores statements for other actions and honours NotResource', () => {
    expect(evaluatePolicy(policy(allow(arn, 's3:GetObject')), arn)).toBe('implicit-deny');
    expect(evaluatePolicy(policy(allow(arn, 'execute-api:*')), arn)).toBe('allow');
    expect(evaluatePolicy(policy({ Effect: 'Allow', Action: 'execute-api:Invoke', NotResource: `${ARN_PREFIX}/GET/streams/*` }), arn)).toBe('allow');
    expect(evaluatePolicy(policy({ Effect: 'Allow', Action: 'execute-api:Invoke', NotResource: `${ARN_PREFIX}/GET/*` }), arn)).toBe('implicit-deny');
  });

  it('treats every character but * and ? literally', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (text) => {
        const literal = text.replace(/[*?]/g, '');
        expect(iamPatternMatches(literal, literal)).toBe(true);
        expect(iamPatternMatches(literal, `${literal}x`)).toBe(false);
        expect(iamPatternMatches(`${literal}*`, `${literal}/any/thing`)).toBe(true);
      }),
    );
  });
});
