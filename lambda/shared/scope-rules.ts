// Coarse and fine scope rules share one matcher. A pattern is an exact scope (`invoice_read`) or a
// family with `*` wildcards (`invoice_*` matches `invoice_read` and `invoice_write`). The grammar
// (docs/scopes.md): a `*` stands for whole parts of a scope, so it sits between separators or the
// pattern's ends (`invoice_*`, `*:read`, `api.*.read`), never inside a word (`order*`), and a pattern
// names at least one literal part. Matching itself is simple: a `*` matches any run of characters.

/** A scope rule: every `allOf` pattern must be matched, and at least one `anyOf` pattern if given. */
export interface ScopeRule {
  readonly anyOf?: readonly string[];
  readonly allOf?: readonly string[];
}

/** RFC 6749 §3.3 scope-token characters (%x21 / %x23-5B / %x5D-7E). */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** What may stand beside a `*`: the characters that separate the parts of a scope. */
export const SCOPE_SEPARATORS = ['_', ':', '.', '/', '-'] as const;

export function isValidScopePattern(pattern: string): boolean {
  return SCOPE_TOKEN.test(pattern);
}

/** Why `pattern` breaks the wildcard grammar, or undefined when it follows it (or has no `*`). */
export function wildcardProblem(pattern: string): string | undefined {
  if (!pattern.includes('*')) return undefined;
  const isSeparator = (char: string | undefined) => char === undefined || (SCOPE_SEPARATORS as readonly string[]).includes(char);
  if ([...pattern].every((char) => char === '*' || isSeparator(char))) {
    return `"${pattern}" matches every scope; name a family such as "invoice_*"`;
  }
  for (let index = 0; index < pattern.length; index += 1) {
    if (pattern[index] !== '*') continue;
    // `undefined` is the pattern's start or end, which bounds a part as a separator does.
    if (!isSeparator(pattern[index - 1]) || !isSeparator(pattern[index + 1])) {
      const family = pattern.slice(0, index).replace(/\*/g, '') || pattern.slice(index + 1).replace(/\*/g, '');
      return `"${pattern}": a "*" must stand for whole parts of a scope, between separators (${SCOPE_SEPARATORS.join(' ')}) or the pattern's ends, e.g. "${family}_*"`;
    }
  }
  return undefined;
}

/** Problems with a rule, empty when it is usable. Used by the constructs at synth and by config parsing. */
export function scopeRuleProblems(rule: ScopeRule): string[] {
  const problems: string[] = [];
  const anyOf = rule.anyOf ?? [];
  const allOf = rule.allOf ?? [];
  if (anyOf.length === 0 && allOf.length === 0) problems.push('needs at least one scope in anyOf or allOf');
  for (const pattern of [...anyOf, ...allOf]) {
    if (!isValidScopePattern(pattern)) {
      problems.push(`"${pattern}" is not a valid scope pattern`);
      continue;
    }
    const wildcard = wildcardProblem(pattern);
    if (wildcard) problems.push(wildcard);
  }
  return problems;
}

const compiled = new Map<string, (scope: string) => boolean>();

/** Compiles a pattern once; patterns come from config, so the set is small and bounded. */
export function scopePatternMatcher(pattern: string): (scope: string) => boolean {
  let matcher = compiled.get(pattern);
  if (!matcher) {
    if (!pattern.includes('*')) {
      matcher = (scope) => scope === pattern;
    } else {
      const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
      const regex = new RegExp(`^${source}$`);
      matcher = (scope) => regex.test(scope);
    }
    compiled.set(pattern, matcher);
  }
  return matcher;
}

function anyScopeMatches(pattern: string, granted: readonly string[]): boolean {
  const matches = scopePatternMatcher(pattern);
  // A plain loop: the authorizer shares frozen scope arrays, on which Array.prototype.some is several
  // times slower in Node.js 20, and this runs for every route on every request.
  for (const scope of granted) if (matches(scope)) return true;
  return false;
}

/** True when the granted scopes satisfy the rule. A rule with no patterns at all allows nothing. */
export function scopesSatisfy(rule: ScopeRule, granted: readonly string[]): boolean {
  const anyOf = rule.anyOf ?? [];
  const allOf = rule.allOf ?? [];
  if (anyOf.length === 0 && allOf.length === 0) return false;
  if (!allOf.every((pattern) => anyScopeMatches(pattern, granted))) return false;
  return anyOf.length === 0 || anyOf.some((pattern) => anyScopeMatches(pattern, granted));
}

/**
 * Scopes that together satisfy a rule, for `WWW-Authenticate: ... scope="..."` (RFC 6750 §3: the scope
 * attribute lists scopes sufficient for the request): every `allOf` scope plus the first `anyOf` one.
 * Listing every `anyOf` scope would tell the client it needs all of them.
 */
export function describeScopeRule(rule: ScopeRule): string {
  const firstAnyOf = rule.anyOf?.[0];
  return [...(rule.allOf ?? []), ...(firstAnyOf === undefined ? [] : [firstAnyOf])].join(' ');
}

/**
 * Scopes granted by a set of JWT claims: `scope` (space-delimited string, RFC 8693 / RFC 9068) or `scp`
 * (array of strings, as some servers emit). Anything else yields no scopes.
 */
export function grantedScopes(claims: { scope?: unknown; scp?: unknown }): string[] {
  if (typeof claims.scope === 'string') return claims.scope.split(' ').filter((scope) => scope.length > 0);
  if (Array.isArray(claims.scp)) return claims.scp.filter((scope): scope is string => typeof scope === 'string');
  if (typeof claims.scp === 'string') return claims.scp.split(' ').filter((scope) => scope.length > 0);
  return [];
}
