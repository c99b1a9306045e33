import fc from 'fast-check';
import {
  describeScopeRule,
  grantedScopes,
  isValidScopePattern,
  scopePatternMatcher,
  scopeRuleProblems,
  scopesSatisfy,
} from '../../../lambda/shared/scope-rules';

const scopeToken = fc.stringMatching(/^[a-z_:.]{1,12}$/);

describe('scopesSatisfy', () => {
  it('any-of, all-of and both', () => {
    expect(scopesSatisfy({ anyOf: ['a', 'b'] }, ['b'])).toBe(true);
    expect(scopesSatisfy({ anyOf: ['a', 'b'] }, ['c'])).toBe(false);
    expect(scopesSatisfy({ allOf: ['a', 'b'] }, ['a'])).toBe(false);
    expect(scopesSatisfy({ allOf: ['a', 'b'] }, ['b', 'a'])).toBe(true);
    expect(scopesSatisfy({ allOf: ['a'], anyOf: ['x', 'y'] }, ['a'])).toBe(false);
    expect(scopesSatisfy({ allOf: ['a'], anyOf: ['x', 'y'] }, ['a', 'y'])).toBe(true);
  });

  it('families with wildcards', () => {
    expect(scopesSatisfy({ anyOf: ['invoice_*'] }, ['invoice_read'])).toBe(true);
    expect(scopesSatisfy({ anyOf: ['invoice_*'] }, ['invoice_'])).toBe(true);
    expect(scopesSatisfy({ anyOf: ['invoice_*'] }, ['invoices'])).toBe(false);
    expect(scopesSatisfy({ anyOf: ['invoice_*'] }, ['video_invoice_read'])).toBe(false);
    expect(scopesSatisfy({ anyOf: ['*:read'] }, ['invoice:read'])).toBe(true);
    expect(scopesSatisfy({ anyOf: ['a.b'] }, ['aXb'])).toBe(false);
  });

  it('denies with an empty rule or no scopes', () => {
    expect(scopesSatisfy({}, ['a'])).toBe(false);
    expect(scopesSatisfy({ anyOf: [] , allOf: [] }, ['a'])).toBe(false);
    expect(scopesSatisfy({ anyOf: ['a'] }, [])).toBe(false);
  });

  it('property: an exact pattern matches exactly its scope', () => {
    fc.assert(
      fc.property(scopeToken, fc.array(scopeToken), (scope, others) => {
        expect(scopesSatisfy({ anyOf: [scope] }, [...others, scope])).toBe(true);
        expect(scopesSatisfy({ anyOf: [scope] }, others.filter((other) => other !== scope))).toBe(false);
      }),
    );
  });

  it('property: a prefix family matches exactly the scopes with that prefix', () => {
    fc.assert(
      fc.property(scopeToken, fc.array(scopeToken, { maxLength: 8 }), (prefix, granted) => {
        const expected = granted.some((scope) => scope.startsWith(prefix));
        expect(scopesSatisfy({ anyOf: [`${prefix}*`] }, granted)).toBe(expected);
      }),
    );
  });

  it('property: all-of is the conjunction and any-of the disjunction of single rules', () => {
    fc.assert(
      fc.property(fc.array(scopeToken, { minLength: 1, maxLength: 4 }), fc.array(scopeToken, { maxLength: 6 }), (patterns, granted) => {
        const each = patterns.map((pattern) => scopesSatisfy({ anyOf: [pattern] }, granted));
        expect(scopesSatisfy({ allOf: patterns }, granted)).toBe(each.every(Boolean));
        expect(scopesSatisfy({ anyOf: patterns }, granted)).toBe(each.some(Boolean));
      }),
    );
  });

  it('property: adding scopes never turns an allow into a deny (monotone)', () => {
    fc.assert(
      fc.property(fc.array(scopeToken, { minLength: 1, maxLength: 3 }), fc.array(scopeToken), fc.array(scopeToken), (patterns, granted, extra) => {
        const rule = { anyOf: patterns.map((pattern, index) => (index % 2 ? `${pattern}*` : pattern)) };
        if (scopesSatisfy(rule, granted)) expect(scopesSatisfy(rule, [...granted, ...extra])).toBe(true);
      }),
    );
  });

  it('property: regex metacharacters in patterns are literal', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z.+?^$()|[\]\\{}]{1,10}$/), (pattern) => {
        expect(scopePatternMatcher(pattern)(pattern)).toBe(true);
        expect(scopePatternMatcher(`${pattern}*`)(`${pattern}x`)).toBe(true);
      }),
    );
  });
});

describe('scope rule problems', () => {
  it('reports empty rules, invalid and catch-all patterns', () => {
    expect(scopeRuleProblems({})).toEqual(['needs at least one scope in anyOf or allOf']);
    expect(scopeRuleProblems({ anyOf: ['has space'] })[0]).toMatch(/not a valid scope pattern/);
    expect(scopeRuleProblems({ allOf: ['**'] })[0]).toMatch(/matches every scope/);
    expect(scopeRuleProblems({ anyOf: ['invoice_*'] })).toEqual([]);
    expect(isValidScopePattern('a"b')).toBe(false);
    expect(isValidScopePattern('a\\b')).toBe(false);
  });

  it('describes a rule for challenges by scopes that together suffice (allOf plus one anyOf)', () => {
    expect(describeScopeRule({ allOf: ['a'], anyOf: ['b', 'c'] })).toBe('a b');
    expect(describeScopeRule({ anyOf: ['b', 'c'] })).toBe('b');
    expect(describeScopeRule({ allOf: ['a', 'd'] })).toBe('a d');
  });
});

describe('grantedScopes', () => {
  it('reads scope (string), scp (array or string), and nothing else', () => {
    expect(grantedScopes({ scope: 'a  b' })).toEqual(['a', 'b']);
    expect(grantedScopes({ scp: ['a', 1, 'b'] })).toEqual(['a', 'b']);
    expect(grantedScopes({ scp: 'a b' })).toEqual(['a', 'b']);
    expect(grantedScopes({ scope: 42 })).toEqual([]);
    expect(grantedScopes({})).toEqual([]);
  });
});

describe('wildcard grammar (docs/scopes.md)', () => {
  const word = fc.stringMatching(/^[a-z0-9]{1,6}$/);
  const separator = fc.constantFrom('_', ':', '.', '/', '-');
  // A part is a literal word or a wildcard; parts are joined by separators.
  const part = fc.oneof(word, fc.constant('*'));
  const grammatical = fc
    .tuple(fc.array(fc.tuple(part, separator), { maxLength: 3 }), part)
    .map(([pairs, last]) => pairs.map(([p, s]) => p + s).join('') + last)
    .filter((pattern) => /[a-z0-9]/.test(pattern));

  it('accepts the documented forms and refuses a "*" inside a word', () => {
    for (const pattern of ['invoice_*', '*:read', 'api.*.read', 'invoice_read', 'a_*_*', 'orders/*']) {
      expect(scopeRuleProblems({ anyOf: [pattern] })).toEqual([]);
    }
    expect(scopeRuleProblems({ anyOf: ['order*'] })).toEqual([
      '"order*": a "*" must stand for whole parts of a scope, between separators (_ : . / -) or the pattern\'s ends, e.g. "order_*"',
    ]);
    expect(scopeRuleProblems({ allOf: ['*read'] })[0]).toMatch(/^"\*read": a "\*" must stand for whole parts/);
    expect(scopeRuleProblems({ anyOf: ['in*voice'] })).toHaveLength(1);
    expect(scopeRuleProblems({ anyOf: ['*_*'] })).toEqual(['"*_*" matches every scope; name a family such as "invoice_*"']);
    expect(scopeRuleProblems({ anyOf: ['*'] })[0]).toMatch(/matches every scope/);
  });

  it('property: every pattern the grammar generates is accepted', () => {
    fc.assert(fc.property(grammatical, (pattern) => expect(scopeRuleProblems({ anyOf: [pattern] })).toEqual([])));
  });

  it('property: a "*" touching a letter or digit is refused, naming the pattern', () => {
    fc.assert(
      fc.property(word, word, fc.boolean(), (left, right, wildcardFirst) => {
        const pattern = wildcardFirst ? `*${right}` : `${left}*`;
        const problems = scopeRuleProblems({ anyOf: ['invoice_read', pattern] });
        expect(problems).toHaveLength(1);
        expect(problems[0].startsWith(`"${pattern}": a "*" must stand for whole parts`)).toBe(true);
      }),
    );
  });

  it('property: a family "<word>_*" matches exactly the scopes that start with "<word>_"', () => {
    fc.assert(
      fc.property(word, fc.array(fc.stringMatching(/^[a-z0-9_]{0,8}$/), { maxLength: 6 }), (family, granted) => {
        const scopes = granted.filter(Boolean);
        expect(scopesSatisfy({ anyOf: [`${family}_*`] }, scopes)).toBe(scopes.some((scope) => scope.startsWith(`${family}_`)));
      }),
    );
  });
});
