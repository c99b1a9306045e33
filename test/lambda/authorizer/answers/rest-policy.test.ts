import { policyAllows, iamPatternMatches, type PolicyStatement } from '../../../../lambda/shared/iam-match';
import { restPolicy, routeArn } from '../../../../lambda/authorizer/answers/rest-policy';
import { EXAMPLE_ROUTES } from '../../../../lambda/shared/example-routes';
import fc from 'fast-check';
import { matchRoute, type RouteRule } from '../../../../lambda/shared/routes';
import { routeTableCacheConflicts } from '../../../../lambda/shared/route-overlap';
import { scopesSatisfy } from '../../../../lambda/shared/scope-rules';
import { CONFLICTING_ROUTES } from '../../shared/route-tables';

const BASE = 'arn:aws:execute-api:us-east-1:123456789012:api1/prod';
const arn = (method: string, path: string) => `${BASE}/${method}${path}`;

describe('restPolicy', () => {
  it('allows exactly the routes the scopes satisfy and explicitly denies the others', () => {
    const policy = restPolicy(EXAMPLE_ROUTES, ['invoice_read'], arn('GET', '/invoices'), true);
    expect(policy.coversRouteTable).toBe(true);
    expect(policy.statements).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: [`${BASE}/GET/invoices`, `${BASE}/POST/invoices`, `${BASE}/GET/invoices/*`] },
      { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: [`${BASE}/GET/streams/*`, `${BASE}/GET/streams/*/metadata`] },
    ]);
    // The cached answer stays right for every other route the same token calls next.
    expect(policyAllows(policy.statements, arn('GET', '/invoices/inv-9'))).toBe(true);
    expect(policyAllows(policy.statements, arn('POST', '/invoices'))).toBe(true);
    expect(policyAllows(policy.statements, arn('GET', '/streams/s1'))).toBe(false);
    expect(policyAllows(policy.statements, arn('GET', '/streams/s1/metadata'))).toBe(false);
    expect(policyAllows(policy.statements, arn('DELETE', '/invoices'))).toBe(false);
  });

  it('denies every route for a token without matching scopes', () => {
    const policy = restPolicy(EXAMPLE_ROUTES, [], arn('GET', '/invoices'), false);
    expect(policy.statements).toHaveLength(1);
    expect(policy.statements[0].Effect).toBe('Deny');
    expect(policyAllows(policy.statements, arn('GET', '/invoices'))).toBe(false);
  });

  it('maps ANY to a method wildcard and a greedy parameter to *', () => {
    const routes: RouteRule[] = [{ method: 'ANY', path: '/files/{proxy+}', scopes: { anyOf: ['files'] } }];
    expect(routeArn(BASE, routes[0])).toBe(`${BASE}/*/files/*`);
    const policy = restPolicy(routes, ['files'], arn('PUT', '/files/a/b'), true);
    expect(policy.coversRouteTable).toBe(true);
    expect(policyAllows(policy.statements, arn('DELETE', '/files/x/y/z'))).toBe(true);
  });

  it('keeps a method-specific deny next to an ANY allow', () => {
    const routes: RouteRule[] = [
      { method: 'ANY', path: '/docs', scopes: { anyOf: ['docs_read'] } },
      { method: 'DELETE', path: '/docs', scopes: { anyOf: ['docs_admin'] } },
    ];
    const policy = restPolicy(routes, ['docs_read'], arn('GET', '/docs'), true);
    expect(policy.coversRouteTable).toBe(true);
    expect(policyAllows(policy.statements, arn('GET', '/docs'))).toBe(true);
    expect(policyAllows(policy.statements, arn('DELETE', '/docs'))).toBe(false);
  });

  it('answers Allow-only when an explicit Deny would catch an allowed route (overlapping templates)', () => {
    // `GET/invoices/*` (denied) also matches `/invoices/2/lines` (allowed); no request of `/invoices/{id}`
    // (one segment) matches `GET/invoices/*/lines`, so the implicit deny is exact.
    const routes: RouteRule[] = [
      { method: 'GET', path: '/invoices/{id}', scopes: { anyOf: ['invoice_admin'] } },
      { method: 'GET', path: '/invoices/{id}/lines', scopes: { anyOf: ['invoice_read'] } },
    ];
    const policy = restPolicy(routes, ['invoice_read'], arn('GET', '/invoices/1/lines'), true);
    expect(policy.coversRouteTable).toBe(true);
    expect(policy.statements).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: [`${BASE}/GET/invoices/*/lines`] }]);
    // The cached answer, reused on the token's next calls:
    expect(policyAllows(policy.statements, arn('GET', '/invoices/2/lines'))).toBe(true);
    expect(policyAllows(policy.statements, arn('GET', '/invoices/2'))).toBe(false);
    expect(restPolicy(routes, ['invoice_read'], arn('GET', '/invoices/2'), false).statements).toBe(policy.statements);
    // The other way round, Allow-only is not exact (`GET/invoices/*` covers the denied lines route), while
    // Allow-and-Deny is: no request of `/invoices/{id}` matches `GET/invoices/*/lines`.
    const admin = restPolicy(routes, ['invoice_admin'], arn('GET', '/invoices/1'), true);
    expect(admin.coversRouteTable).toBe(true);
    expect(admin.statements.map((statement) => statement.Effect)).toEqual(['Allow', 'Deny']);
    expect(policyAllows(admin.statements, arn('GET', '/invoices/2/lines'))).toBe(false);
  });

  it('falls back to the current method ARN when neither policy is exact (never over-allows)', () => {
    // `/a/{x}` (denied) covers `/a/1/b` (allowed), and `/c/{x}` (allowed) covers `/c/1/d` (denied).
    const routes: RouteRule[] = [...CONFLICTING_ROUTES];
    const allowed = restPolicy(routes, ['user'], arn('GET', '/a/1/b'), true);
    expect(allowed.coversRouteTable).toBe(false);
    expect(allowed.statements).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: [arn('GET', '/a/1/b')] }]);
    const denied = restPolicy(routes, ['user'], arn('GET', '/a/1'), false);
    expect(denied.statements[0].Effect).toBe('Deny');
    expect(policyAllows(denied.statements, arn('GET', '/a/1'))).toBe(false);
  });

  it('refuses a request whose method ARN holds an IAM wildcard when it would fall back, never allowing that pattern', () => {
    // Same table: neither whole-table policy is exact for `user`, so the answer would name the current ARN.
    const routes: RouteRule[] = [...CONFLICTING_ROUTES];
    // GET /c/* is a request of the user route /c/{x}; `Allow .../GET/c/*` would also allow GET /c/1/d.
    const refused = restPolicy(routes, ['user'], arn('GET', '/c/*'), true);
    expect(refused).toEqual({
      statements: [{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: [arn('GET', '/c/?')] }],
      coversRouteTable: false,
      allowsCurrent: false,
    });
    for (const path of ['/c/*', '/c/1/d', '/c/1', '/a/1/b', '/c/x/y/z/d']) expect(policyAllows(refused.statements, arn('GET', path))).toBe(false);
    // The Deny names this request (and other one-character values), not every route under /c/.
    expect(iamPatternMatches(refused.statements[0].Resource[0], arn('GET', '/c/*'))).toBe(true);
    expect(iamPatternMatches(refused.statements[0].Resource[0], arn('GET', '/c/12'))).toBe(false);
    for (const path of ['/c/a?b', '/c/${aws:username}', '/a/*/b']) {
      const policy = restPolicy(routes, ['user'], arn('GET', path), true);
      expect(policy.allowsCurrent).toBe(false);
      expect(policy.statements.every((statement) => statement.Effect === 'Deny')).toBe(true);
    }
    // A request the scopes deny anyway gets the same narrowed Deny.
    expect(restPolicy(routes, ['user'], arn('GET', '/c/*/d'), false).statements).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: [arn('GET', '/c/?/d')] },
    ]);
  });

  it('judges a method ARN holding a wildcard as a value when a whole-table policy is exact (it is then never a pattern)', () => {
    const policy = restPolicy(EXAMPLE_ROUTES, ['invoice_read'], arn('GET', '/invoices/*'), true);
    expect(policy.coversRouteTable).toBe(true);
    expect(policy.allowsCurrent).toBe(true);
    expect(policy.statements).toBe(restPolicy(EXAMPLE_ROUTES, ['invoice_read'], arn('GET', '/invoices/1'), true).statements);
    expect(policyAllows(policy.statements, arn('GET', '/invoices/*'))).toBe(true);
    expect(policyAllows(policy.statements, arn('GET', '/streams/*'))).toBe(false);
  });

  it('keeps the Allow-and-Deny policy only when no request of an allowed route can hit a Deny (decided exactly, not by samples)', () => {
    // `ANY /admin/{proxy+}` is `Deny */admin/*`, whose leading `*` spans `GET/files`: /files/admin/report.pdf,
    // a request of the allowed files route, would be denied. One sample per route (`/files/x`) missed it.
    const routes: RouteRule[] = [
      { method: 'GET', path: '/files/{proxy+}', scopes: { anyOf: ['files_read'] } },
      { method: 'ANY', path: '/admin/{proxy+}', scopes: { anyOf: ['admin'] } },
    ];
    expect(routeTableCacheConflicts(routes)).toEqual([]);
    const policy = restPolicy(routes, ['files_read'], arn('GET', '/files/admin/report.pdf'), true);
    expect(policy.coversRouteTable).toBe(true);
    expect(policy.statements).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: [`${BASE}/GET/files/*`] }]);
    for (const path of ['/files/admin/report.pdf', '/files/other.pdf', '/files/a/admin/b']) expect(policyAllows(policy.statements, arn('GET', path))).toBe(true);
    for (const call of [['GET', '/admin/users'], ['DELETE', '/admin/a/b'], ['POST', '/files/x']]) expect(policyAllows(policy.statements, arn(call[0], call[1]))).toBe(false);
    // Asked first by a request of another file, the same (memoized) answer.
    expect(restPolicy(routes, ['files_read'], arn('GET', '/files/x'), true).statements).toBe(policy.statements);
    // The admin token: Allow and Deny, no request of `ANY /admin/{proxy+}` matches `GET/files/*`.
    const admin = restPolicy(routes, ['admin'], arn('GET', '/admin/users'), true);
    expect(admin.statements.map((statement) => statement.Effect)).toEqual(['Allow', 'Deny']);
  });

  it('leaves to a named method the requests of its resource that an ANY route on the same resource would otherwise take', () => {
    // `DELETE /docs/{id}` takes every DELETE on the resource, so `Deny DELETE/docs/*` cannot catch a request
    // of `ANY /docs/{key}`, nor can `Allow DELETE/docs/*` be reused on one.
    const routes: RouteRule[] = [
      { method: 'ANY', path: '/docs/{key}', scopes: { anyOf: ['docs_read'] } },
      { method: 'DELETE', path: '/docs/{id}', scopes: { anyOf: ['docs_admin'] } },
    ];
    const reader = restPolicy(routes, ['docs_read'], arn('GET', '/docs/1'), true);
    expect(reader.statements).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: [`${BASE}/*/docs/*`] },
      { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: [`${BASE}/DELETE/docs/*`] },
    ]);
    // The admin's: `Deny */docs/*` would catch the DELETE route's own requests, so Allow only.
    const admin = restPolicy(routes, ['docs_admin'], arn('DELETE', '/docs/1'), true);
    expect(admin.statements).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: [`${BASE}/DELETE/docs/*`] }]);
    expect(policyAllows(admin.statements, arn('GET', '/docs/1'))).toBe(false);
    expect(policyAllows(admin.statements, arn('DELETE', '/docs/1'))).toBe(true);
  });

  it('never allows, through a cached answer, a request whose route the scopes do not satisfy (property)', () => {
    const segment = fc.constantFrom('a', 'b', 'c', '{x}', '{y}');
    const route = fc.record({
      method: fc.constantFrom('GET', 'POST', 'ANY') as fc.Arbitrary<RouteRule['method']>,
      path: fc.tuple(fc.array(segment, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([parts, greedy]) => `/${parts.join('/')}${greedy ? '/{p+}' : ''}`),
      scopes: fc.constantFrom({ anyOf: ['s1'] }, { anyOf: ['s2'] }, { allOf: ['s1', 's2'] }),
    });
    const table = fc.uniqueArray(route, { minLength: 1, maxLength: 6, selector: (r) => `${r.method} ${r.path.replace(/\{\w+\}/g, '{}')}` });
    const request = fc.tuple(fc.constantFrom('GET', 'POST'), fc.array(fc.constantFrom('a', 'b', 'c', '1', '*', '?', 'a*'), { minLength: 1, maxLength: 5 }));
    fc.assert(
      fc.property(table, fc.subarray(['s1', 's2']), fc.array(request, { minLength: 1, maxLength: 8 }), (routes, granted, requests) => {
        const calls = requests
          .map(([method, parts]) => ({ method, path: `/${parts.join('/')}` }))
          .filter(({ method, path }) => matchRoute(routes, method, path) !== undefined);
        if (calls.length === 0) return;
        const judge = (call: { method: string; path: string }) => scopesSatisfy(matchRoute(routes, call.method, call.path)!.scopes, granted);
        const first = calls[0];
        const policy = restPolicy(routes, granted, arn(first.method, first.path), judge(first));
        for (const call of calls) {
          if (policyAllows(policy.statements, arn(call.method, call.path))) expect(judge(call)).toBe(true);
        }
        // The current request as judged, except a wildcard ARN that only the fallback could have named.
        const refused = !policy.coversRouteTable && /[*?]/.test(first.path);
        expect(policy.allowsCurrent).toBe(judge(first) && !refused);
        expect(policyAllows(policy.statements, arn(first.method, first.path))).toBe(policy.allowsCurrent);
      }),
      { numRuns: 2000 },
    );
  });

  it('covers the whole table for every scope set when the synth check finds no cache conflict (property)', () => {
    const segment = fc.constantFrom('a', 'b', '{x}');
    const route = fc.record({
      method: fc.constantFrom('GET', 'ANY') as fc.Arbitrary<RouteRule['method']>,
      path: fc.tuple(fc.array(segment, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([parts, greedy]) => `/${parts.join('/')}${greedy ? '/{p+}' : ''}`),
      scopes: fc.constantFrom({ anyOf: ['s1'] }, { anyOf: ['s2'] }, { allOf: ['s1', 's2'] }),
    });
    const table = fc.uniqueArray(route, { minLength: 1, maxLength: 5, selector: (r) => `${r.method} ${r.path.replace(/\{\w+\}/g, '{}')}` });
    fc.assert(
      fc.property(table, (routes) => {
        fc.pre(routeTableCacheConflicts(routes).length === 0);
        for (const granted of [[], ['s1'], ['s2'], ['s1', 's2']]) {
          const first = routes[0];
          const path = first.path.replace(/\{\w+\+?\}/g, 'v');
          const method = first.method === 'ANY' ? 'GET' : first.method;
          const allowed = scopesSatisfy(matchRoute(routes, method, path)!.scopes, granted);
          expect(restPolicy(routes, granted, arn(method, path), allowed).coversRouteTable).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('judges every routed request as the authorizer would whenever it answers with a whole-table policy (property)', () => {
    // Exactness, decided per route pair: a policy said to cover the table must be right on every request
    // API Gateway routes to it, over-denying none (the property above checks it over-allows none).
    const segment = fc.constantFrom('a', 'admin', '{x}');
    const route = fc.record({
      method: fc.constantFrom('GET', 'DELETE', 'ANY') as fc.Arbitrary<RouteRule['method']>,
      path: fc.tuple(fc.array(segment, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([parts, greedy]) => `/${parts.join('/')}${greedy ? '/{p+}' : ''}`),
      scopes: fc.constantFrom({ anyOf: ['s1'] }, { anyOf: ['s2'] }, { allOf: ['s1', 's2'] }),
    });
    const table = fc.uniqueArray(route, { minLength: 1, maxLength: 5, selector: (r) => `${r.method} ${r.path.replace(/\{\w+\}/g, '{}')}` });
    const request = fc.tuple(fc.constantFrom('GET', 'DELETE', 'POST'), fc.array(fc.constantFrom('a', 'admin', 'x'), { minLength: 1, maxLength: 5 }));
    let covered = 0;
    fc.assert(
      fc.property(table, fc.subarray(['s1', 's2']), fc.array(request, { minLength: 1, maxLength: 12 }), (routes, granted, requests) => {
        const calls = requests
          .map(([method, parts]) => ({ method, path: `/${parts.join('/')}` }))
          .filter(({ method, path }) => matchRoute(routes, method, path) !== undefined);
        if (calls.length === 0) return;
        const judge = (call: { method: string; path: string }) => scopesSatisfy(matchRoute(routes, call.method, call.path)!.scopes, granted);
        const policy = restPolicy(routes, granted, arn(calls[0].method, calls[0].path), judge(calls[0]));
        if (!policy.coversRouteTable) return;
        covered++;
        for (const call of calls) expect(policyAllows(policy.statements, arn(call.method, call.path))).toBe(judge(call));
      }),
      { numRuns: 3000 },
    );
    expect(covered).toBeGreaterThan(1000);
  });

  it('handles the root path', () => {
    const routes: RouteRule[] = [{ method: 'GET', path: '/', scopes: { anyOf: ['home'] } }];
    const policy = restPolicy(routes, ['home'], `${BASE}/GET/`, true);
    expect(policy.coversRouteTable).toBe(true);
    expect(policy.statements[0].Resource).toEqual([`${BASE}/GET/`]);
  });
});

describe('restPolicy memoization', () => {
  it('gives the same answer on repeated calls and hands out frozen shares no caller can alter', () => {
    const first = restPolicy(EXAMPLE_ROUTES, ['video_stream'], arn('GET', '/streams/s1'), true);
    expect(() => (first.statements[0].Resource as string[]).push('tampered')).toThrow(TypeError);
    expect(() => (first.statements as PolicyStatement[]).push(first.statements[0])).toThrow(TypeError);
    expect(() => Object.assign(first.statements[0], { Effect: 'Deny' })).toThrow(TypeError);
    const second = restPolicy(EXAMPLE_ROUTES, ['video_stream'], arn('GET', '/streams/s1'), true);
    expect(second.statements[0].Resource).not.toContain('tampered');
    expect(policyAllows(second.statements, arn('GET', '/streams/s1/metadata'))).toBe(true);
    expect(policyAllows(second.statements, arn('GET', '/invoices'))).toBe(false);
  });

  it('stays fast for a large route table', () => {
    const routes: RouteRule[] = Array.from({ length: 150 }, (_, index) => ({ method: 'ANY' as const, path: `/r${index}/{id}`, scopes: { anyOf: [`s${index % 7}`] } }));
    restPolicy(routes, ['s1'], arn('GET', '/r1/x'), true);
    const started = performance.now();
    for (let i = 0; i < 1000; i++) restPolicy(routes, ['s1'], arn('GET', '/r1/x'), true);
    expect((performance.now() - started) / 1000).toBeLessThan(1); // ms per answer once memoized
  });
});
