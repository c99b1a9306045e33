// IAM Resource matching (`*` any run, `?` one character, the rest literal, whole string) without
// backtracking: the value is the caller's method ARN, and this runs on every REST request.
import fc from 'fast-check';
import { hasIamPatternSyntax, iamPatternMatches, policyAllows } from '../../../lambda/shared/iam-match';
import type { RouteRule } from '../../../lambda/shared/routes';
import { restRequestEvent, testConfig } from '../authorizer/helpers/config';
import { harness } from '../authorizer/helpers/harness';
import { jwtAnswer, startScriptedAs, type ScriptedAs } from '../authorizer/helpers/scripted-as';

const BASE = 'arn:aws:execute-api:us-east-1:123456789012:api1/prod';

/** The definition, by dynamic programming over characters (code points): slow, plainly right. */
function referenceMatches(pattern: string, value: string): boolean {
  const p = [...pattern];
  const v = [...value];
  // row[j]: the pattern so far matches the first j characters of the value.
  let row = v.map(() => false);
  row = [true, ...row];
  for (const char of p) {
    const next = [char === '*' && row[0]];
    for (let j = 1; j <= v.length; j++) {
      next[j] = char === '*' ? next[j - 1] || row[j] : row[j - 1] && (char === '?' || char === v[j - 1]);
    }
    row = next;
  }
  return row[v.length];
}

describe('iamPatternMatches', () => {
  it('treats * as any run (slashes too, or none), ? as one character, and the rest literally', () => {
    expect(iamPatternMatches('a/*/c', 'a/b/x/c')).toBe(true);
    expect(iamPatternMatches('a/*/c', 'a//c')).toBe(true);
    expect(iamPatternMatches('a/*', 'a/')).toBe(true);
    expect(iamPatternMatches('a/*', 'a')).toBe(false);
    expect(iamPatternMatches('a/?', 'a/b')).toBe(true);
    expect(iamPatternMatches('a/?', 'a/bc')).toBe(false);
    expect(iamPatternMatches('a/?', 'a/')).toBe(false);
    expect(iamPatternMatches('a.b', 'aXb')).toBe(false);
    expect(iamPatternMatches('a(b)+[c]$', 'a(b)+[c]$')).toBe(true);
    expect(iamPatternMatches('', '')).toBe(true);
    expect(iamPatternMatches('*', '')).toBe(true);
    expect(iamPatternMatches('ab', 'abc')).toBe(false);
    expect(iamPatternMatches('abc', 'ab')).toBe(false);
    expect(iamPatternMatches('*ab', 'aab')).toBe(true);
    expect(iamPatternMatches('*a?b*', 'xxaxxb')).toBe(false);
    expect(iamPatternMatches('*a?b*', 'xaxaxby')).toBe(true);
  });

  it('takes a character outside the BMP (a surrogate pair) as one character for ?', () => {
    expect(iamPatternMatches('a/?', 'a/😀')).toBe(true);
    expect(iamPatternMatches('a/??', 'a/😀')).toBe(false);
    expect(iamPatternMatches('*?b', '😀😀b')).toBe(true);
    expect(iamPatternMatches('*??b', '😀b')).toBe(false);
  });

  it('agrees with the definition on any pattern and value (property)', () => {
    const patternChar = fc.constantFrom('a', 'b', '/', '*', '?', '😀', 'é');
    const valueChar = fc.constantFrom('a', 'b', '/', '*', '?', '😀', 'é');
    const text = (char: fc.Arbitrary<string>, maxLength: number) => fc.array(char, { maxLength }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(text(patternChar, 10), text(valueChar, 14), (pattern, value) => {
        expect(iamPatternMatches(pattern, value)).toBe(referenceMatches(pattern, value));
      }),
      { numRuns: 5_000 },
    );
  });

  it('matches every value the pattern describes, and agrees with the definition on near misses (property)', () => {
    // Values built from the pattern (each `*` some run, each `?` one character), then perhaps altered by one
    // character: random values alone rarely match.
    const part = fc.oneof(fc.constantFrom('*', '?'), fc.constantFrom('a', 'b', '/', 'ab/', '😀'));
    const fill = fc.array(fc.constantFrom('a', 'b', '/', '😀', '*'), { maxLength: 4 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(part, fill, fc.constantFrom('a', '/', '😀')), { maxLength: 8 }), fc.nat(), fc.boolean(), (parts, at, alter) => {
        const pattern = parts.map(([piece]) => piece).join('');
        const value = parts.map(([piece, run, one]) => (piece === '*' ? run : piece === '?' ? one : piece)).join('');
        expect(iamPatternMatches(pattern, value)).toBe(true);
        if (!alter || value.length === 0) return;
        const chars = [...value];
        const index = at % chars.length;
        const changed = [...chars.slice(0, index), chars[index] === 'b' ? 'a' : 'b', ...chars.slice(index + 1)].join('');
        expect(iamPatternMatches(pattern, changed)).toBe(referenceMatches(pattern, changed));
        const shorter = [...chars.slice(0, index), ...chars.slice(index + 1)].join('');
        expect(iamPatternMatches(pattern, shorter)).toBe(referenceMatches(pattern, shorter));
      }),
      { numRuns: 3_000 },
    );
  });

  it('answers in well under 200 ms for an 8 KB adversarial value (no backtracking over the caller\'s path)', () => {
    // A backtracking RegExp took 10 s for the first case at 4 KB (and grows with the cube of the length).
    const cases: Array<[string, string]> = [
      [`${BASE}/GET/files/*/*/*/meta`, `${BASE}/GET/files/${'a/'.repeat(4000)}z`],
      [`${BASE}/GET/files/*/*/*/*/*/*/metadata`, `${BASE}/GET/files/${'metadat/'.repeat(1000)}`],
      [`${BASE}/*/*/*/*/*/*/*/*/b`, `${BASE}/${'/'.repeat(8000)}`],
      ['*a*a*a*a*a*a*a*a*b', 'a'.repeat(8192)],
      ['*?*?*?*?*?*?*?*?x', '?'.repeat(8192)],
    ];
    for (const [pattern, value] of cases) {
      expect(value.length).toBeGreaterThanOrEqual(8000);
      const started = performance.now();
      expect(iamPatternMatches(pattern, value)).toBe(false);
      expect(performance.now() - started).toBeLessThan(200);
    }
  });
});

describe('hasIamPatternSyntax', () => {
  it('finds what IAM would read as a wildcard or a policy variable', () => {
    expect(hasIamPatternSyntax(`${BASE}/GET/c/1`)).toBe(false);
    expect(hasIamPatternSyntax(`${BASE}/GET/c/$1`)).toBe(false);
    expect(hasIamPatternSyntax(`${BASE}/GET/c/*`)).toBe(true);
    expect(hasIamPatternSyntax(`${BASE}/GET/c/a?b`)).toBe(true);
    expect(hasIamPatternSyntax(`${BASE}/GET/c/\${aws:username}`)).toBe(true);
  });
});

describe('policyAllows', () => {
  it('lets an explicit Deny win over any Allow, and needs an Allow', () => {
    const allow = { Action: 'execute-api:Invoke', Effect: 'Allow' as const, Resource: [`${BASE}/GET/files/*`] };
    const deny = { Action: 'execute-api:Invoke', Effect: 'Deny' as const, Resource: [`${BASE}/GET/files/secret/*`] };
    expect(policyAllows([allow, deny], `${BASE}/GET/files/a`)).toBe(true);
    expect(policyAllows([allow, deny], `${BASE}/GET/files/secret/a`)).toBe(false);
    expect(policyAllows([deny, allow], `${BASE}/GET/files/secret/a`)).toBe(false);
    expect(policyAllows([deny], `${BASE}/GET/files/a`)).toBe(false);
    expect(policyAllows([], `${BASE}/GET/files/a`)).toBe(false);
  });
});

describe('the REST authorizer on a long path', () => {
  const routes: RouteRule[] = [
    { method: 'GET', path: '/files/{proxy+}', scopes: { anyOf: ['files_read'] } },
    { method: 'GET', path: '/files/{a}/{b}/{c}/meta', scopes: { anyOf: ['files_admin'] } },
  ];
  let as: ScriptedAs;
  beforeAll(async () => {
    as = await startScriptedAs();
    const jwt = await as.mint({ sub: 'user-1', client_id: 'c', scope: 'files_read' });
    as.respond = () => jwtAnswer(jwt);
  });
  afterAll(() => as.stop());

  it('answers an 8 KB greedy path from its memory tier in well under a second (judging the policy does not backtrack)', async () => {
    const h = harness(testConfig({ issuer: as.issuer, routes }));
    await h.handler(restRequestEvent('Bearer tok', 'GET', '/files/{proxy+}', '/files/warm')); // AS call, JWKS, memo
    const path = `/files/${'a/'.repeat(4000)}z`;
    const started = performance.now();
    const result = await h.handler(restRequestEvent('Bearer tok', 'GET', '/files/{proxy+}', path));
    expect(performance.now() - started).toBeLessThan(500);
    expect(h.decisions().at(-1)).toMatchObject({ outcome: 'allow', cacheTier: 'memory' });
    expect(result).toHaveProperty('policyDocument');
  }, 60_000);
});
