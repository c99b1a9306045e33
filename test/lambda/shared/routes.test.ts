import fc from 'fast-check';
import { EXAMPLE_ROUTES, EXAMPLE_SERVICES } from '../../../lambda/shared/example-routes';
import { matchRoute, parseRoutes, pathSegments, routeProblems, routeTableProblems, serializeRoutes, type RouteRule } from '../../../lambda/shared/routes';

const rule = { anyOf: ['s'] };

describe('matchRoute', () => {
  it('matches resource templates and concrete paths', () => {
    expect(matchRoute(EXAMPLE_ROUTES, 'GET', '/invoices/{id}')?.path).toBe('/invoices/{id}');
    expect(matchRoute(EXAMPLE_ROUTES, 'GET', '/invoices/inv-1')?.path).toBe('/invoices/{id}');
    expect(matchRoute(EXAMPLE_ROUTES, 'GET', '/streams/s1/metadata')?.path).toBe('/streams/{id}/metadata');
    expect(matchRoute(EXAMPLE_ROUTES, 'POST', '/invoices')?.method).toBe('POST');
  });

  it('returns undefined (deny) for unknown methods and paths', () => {
    expect(matchRoute(EXAMPLE_ROUTES, 'DELETE', '/invoices')).toBeUndefined();
    expect(matchRoute(EXAMPLE_ROUTES, 'GET', '/invoices/1/2')).toBeUndefined();
    expect(matchRoute(EXAMPLE_ROUTES, 'GET', '/')).toBeUndefined();
    expect(matchRoute(EXAMPLE_ROUTES, 'GET', '/streams')).toBeUndefined();
  });

  it('prefers a literal segment over a parameter and a method over ANY', () => {
    const routes: RouteRule[] = [
      { method: 'ANY', path: '/a/{x}', scopes: rule },
      { method: 'GET', path: '/a/{x}', scopes: rule },
      { method: 'GET', path: '/a/me', scopes: rule },
      { method: 'ANY', path: '/files/{proxy+}', scopes: rule },
      { method: 'ANY', path: '/b', scopes: rule },
    ];
    expect(matchRoute(routes, 'GET', '/a/me')).toBe(routes[2]);
    expect(matchRoute(routes, 'GET', '/a/1')).toBe(routes[1]);
    expect(matchRoute(routes, 'PUT', '/a/1')).toBe(routes[0]);
    expect(matchRoute(routes, 'PUT', '/a/{x}')).toBe(routes[0]);
    expect(matchRoute(routes, 'DELETE', '/files/x/y/z')).toBe(routes[3]);
    expect(matchRoute(routes, 'DELETE', '/files')).toBeUndefined();
    expect(matchRoute(routes, 'POST', '/b')).toBe(routes[4]);
  });

  it('picks what the resource tree serves, segment by segment from the left, whatever the order of the table', () => {
    // /a/b/c: the literal "b" decides at the second segment, although /a/{x}/c has as many literals.
    const byParam: RouteRule = { method: 'GET', path: '/a/{x}/c', scopes: { anyOf: ['user'] } };
    const byLiteral: RouteRule = { method: 'GET', path: '/a/b/{y}', scopes: { anyOf: ['admin'] } };
    const greedy: RouteRule = { method: 'ANY', path: '/a/{proxy+}', scopes: { anyOf: ['user'] } };
    for (const routes of [[byParam, byLiteral, greedy], [greedy, byLiteral, byParam], [byLiteral, greedy, byParam]]) {
      expect(matchRoute(routes, 'GET', '/a/b/c')).toBe(byLiteral);
      expect(matchRoute(routes, 'GET', '/a/z/c')).toBe(byParam);
      expect(matchRoute(routes, 'GET', '/a/z/z')).toBe(greedy);
    }
  });

  it('reads a concrete path that looks like a template as a path: /{proxy+} requested is served by /{id}', () => {
    const greedy: RouteRule = { method: 'GET', path: '/{proxy+}', scopes: { anyOf: ['public'] } };
    const param: RouteRule = { method: 'GET', path: '/{id}', scopes: { anyOf: ['admin'] } };
    expect(matchRoute([greedy, param], 'GET', '/{proxy+}')).toBe(param);
    expect(matchRoute([greedy, param], 'GET', '/a/b')).toBe(greedy);
  });

  it('property: the route matched does not depend on the order of the table', () => {
    const part = fc.constantFrom('a', 'b', '{p}');
    const template = fc.array(part, { minLength: 1, maxLength: 3 }).map((parts) => '/' + parts.map((p, i) => (p === '{p}' ? `{p${i}}` : p)).join('/'));
    const concrete = fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 3 }).map((parts) => '/' + parts.join('/'));
    fc.assert(
      fc.property(fc.uniqueArray(template, { minLength: 2, maxLength: 6 }), concrete, (paths, path) => {
        const routes: RouteRule[] = paths.map((p) => ({ method: 'GET', path: p, scopes: rule }));
        expect(matchRoute([...routes].reverse(), 'GET', path)?.path).toBe(matchRoute(routes, 'GET', path)?.path);
      }),
    );
  });

  it('property: every concrete path built from a template matches that template', () => {
    const segment = fc.stringMatching(/^[a-z0-9-]{1,8}$/);
    fc.assert(
      fc.property(fc.constantFrom(...EXAMPLE_ROUTES), fc.array(segment, { minLength: 3, maxLength: 3 }), (route, values) => {
        let index = 0;
        const concrete = '/' + pathSegments(route.path).map((part) => (part.startsWith('{') ? values[index++] : part)).join('/');
        const matched = matchRoute(EXAMPLE_ROUTES, route.method, concrete);
        // A value equal to a sibling literal ("metadata") may pick the more specific route; otherwise it is this one.
        expect(matched).toBeDefined();
        if (!values.includes('metadata')) expect(matched).toBe(route);
      }),
    );
  });
});

describe('route validation', () => {
  it('refuses a path with a trailing or doubled slash, naming the resource API Gateway would make of it', () => {
    expect(routeProblems({ method: 'GET', path: '/invoices/', scopes: rule })).toEqual([expect.stringContaining('API Gateway\'s resource is "/invoices"')]);
    expect(routeProblems({ method: 'GET', path: '/a//b', scopes: rule })).toEqual([expect.stringContaining('"/a/b"')]);
    expect(routeProblems({ method: 'GET', path: '/', scopes: rule })).toEqual([]);
  });

  it('accepts the example table', () => {
    expect(routeTableProblems(EXAMPLE_ROUTES)).toEqual([]);
    expect(EXAMPLE_SERVICES.map((service) => service.name)).toEqual(['invoices', 'streams']);
  });

  it.each([
    [{ method: 'FETCH', path: '/a', scopes: rule }, /method "FETCH"/],
    [{ method: 'GET', path: 'a', scopes: rule }, /must start with/],
    [{ method: 'GET', path: '/{proxy+}/a', scopes: rule }, /must be the last segment/],
    [{ method: 'GET', path: '/a b', scopes: rule }, /is not a literal/],
    [{ method: 'GET', path: '/a', scopes: undefined }, /no scope rule/],
    [{ method: 'GET', path: '/a', scopes: { anyOf: ['bad scope'] } }, /not a valid scope pattern/],
  ])('reports %j', (route, problem) => {
    expect(routeProblems(route as unknown as RouteRule).join('\n')).toMatch(problem);
  });
});

describe('serializeRoutes / parseRoutes', () => {
  it('round-trips', () => {
    const routes: RouteRule[] = [...EXAMPLE_ROUTES, { method: 'ANY', path: '/x', scopes: { allOf: ['a', 'b'] } }, { method: 'GET', path: '/y', scopes: { anyOf: ['c'], allOf: ['d'] } }];
    expect(parseRoutes(serializeRoutes(routes))).toEqual(routes);
  });

  it.each(['{}', '[1]', '[["GET","/a",[],"x"]]', '[[1,"/a",[],[]]]'])('rejects %s', (text) => {
    expect(() => parseRoutes(text)).toThrow();
  });
});
