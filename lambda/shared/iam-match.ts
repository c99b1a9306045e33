// IAM string matching as API Gateway applies it to a policy's Resource: `*` is any run of characters
// (slashes included, possibly empty), `?` exactly one character, the rest literal; the whole value must
// match. The value is the caller's method ARN, whose path the caller chooses (up to 10 KB on a regional
// API), and this runs on every REST request: a backtracking RegExp with several `*` (`.*/.*/.*/meta`)
// costs O(n^k) on a value that almost matches (seconds for a 4 KB path). So each pattern gets a plan:
//  - at most one `*`: a RegExp, which cannot backtrack more than once over the value (`^P.*S$`), and is
//    the fastest on the per-request path;
//  - several `*` and no `?`: its literal pieces, found in order with native searches (leftmost is
//    always right for `*`-only globs), O(pattern × value) at worst;
//  - anything else: the greedy loop below, which remembers only the last `*` and lets it absorb one more
//    character when a later literal fails; complete for `*`/`?` globs, O(pattern × value) at worst.

export function iamPatternMatches(pattern: string, value: string): boolean {
  const plan = planFor(pattern);
  if (plan.regex) return plan.regex.test(value);
  if (plan.pieces) return piecesMatch(plan.pieces, value);
  return greedyMatch(pattern, value);
}

interface Plan {
  readonly regex?: RegExp;
  readonly pieces?: readonly string[];
}

// Patterns come from the route table (a bounded set); the bound only guards against a caller that feeds
// arbitrary patterns.
const plans = new Map<string, Plan>();
const MAX_PLANS = 10_000;

function planFor(pattern: string): Plan {
  let plan = plans.get(pattern);
  if (plan === undefined) {
    const stars = countOf(pattern, STAR);
    if (stars <= 1) {
      const source = [...pattern].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
      plan = { regex: new RegExp(`^${source}$`, 'su') };
    } else {
      plan = countOf(pattern, QUESTION) === 0 ? { pieces: pattern.split('*') } : {};
    }
    if (plans.size >= MAX_PLANS) plans.clear();
    plans.set(pattern, plan);
  }
  return plan;
}

function countOf(text: string, code: number): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) === code) count++;
  return count;
}

/** `pieces` is a `*`-only glob split on `*`: the first must start the value, the last end it, the rest follow in order. */
function piecesMatch(pieces: readonly string[], value: string): boolean {
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  const end = value.length - last.length;
  let position = first.length;
  for (let index = 1; index < pieces.length - 1; index++) {
    const found = value.indexOf(pieces[index], position);
    if (found < 0 || found + pieces[index].length > end) return false;
    position = found + pieces[index].length;
  }
  return true;
}

function greedyMatch(pattern: string, value: string): boolean {
  const patternLength = pattern.length;
  const valueLength = value.length;
  let p = 0;
  let v = 0;
  let star = -1; // the position after the last `*` seen in the pattern
  let resume = 0; // where in the value that `*` stopped absorbing
  while (v < valueLength) {
    const char = p < patternLength ? pattern.charCodeAt(p) : -1;
    if (char === STAR) {
      star = ++p;
      resume = v;
    } else if (char === QUESTION) {
      p++;
      v += characterLength(value, v);
    } else if (char === value.charCodeAt(v)) {
      p++;
      v++;
    } else if (star >= 0) {
      // The last `*` absorbs one more code unit. Resuming inside a surrogate pair is harmless: a literal
      // never matches its second half alone, and a `?` taking that half ends where the `*` stopping before
      // the pair and a `?` taking the whole pair would.
      resume++;
      p = star;
      v = resume;
    } else {
      return false;
    }
  }
  while (p < patternLength && pattern.charCodeAt(p) === STAR) p++;
  return p === patternLength;
}

const STAR = 0x2a;
const QUESTION = 0x3f;

/** UTF-16 code units of the character at `index`: 2 for a surrogate pair, else 1. */
function characterLength(text: string, index: number): number {
  const unit = text.charCodeAt(index);
  if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
    const next = text.charCodeAt(index + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 2;
  }
  return 1;
}

/**
 * True when `value`, put into a policy's Resource, could be read as more than itself: the wildcards `*`
 * and `?` (IAM Resource patterns cannot escape them), and `${`, which IAM reads as a policy variable
 * (this policy's Version is 2012-10-17, and whether API Gateway substitutes variables is undocumented).
 */
export function hasIamPatternSyntax(value: string): boolean {
  return value.includes('*') || value.includes('?') || value.includes('${');
}

export interface PolicyStatement {
  readonly Action: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Resource: readonly string[];
}

/** An explicit Deny wins; otherwise some Allow must match. */
export function policyAllows(statements: readonly PolicyStatement[], arn: string): boolean {
  let allowed = false;
  for (const statement of statements) {
    if (!anyPatternMatches(statement.Resource, arn)) continue;
    if (statement.Effect === 'Deny') return false;
    allowed = true;
  }
  return allowed;
}

function anyPatternMatches(patterns: readonly string[], arn: string): boolean {
  for (const pattern of patterns) if (iamPatternMatches(pattern, arn)) return true;
  return false;
}
