// IAM string matching as API Gateway applies it to a policy's Resource: `*` is any run of characters
// (slashes included, possibly empty), `?` exactly one character, the rest literal; the whole value must
// match. The value is the caller's method ARN, whose path the caller chooses (up to 10 KB on a regional
// API), and this runs on every REST request: a backtracking RegExp (`.*/.*/.*/meta`) costs O(n^k) for k
// stars on a value that almost matches (seconds for a 4 KB path). The greedy matcher below remembers only
// the last `*` seen; when a later literal fails it lets that `*` absorb one more character and resumes.
// That is complete for `*`/`?` globs (an earlier `*` never needs to take back what it absorbed: whatever a
// later `*` can match, the last one can absorb too), and costs at most O(pattern × value) steps, in
// practice O(value) times the literal run after the last `*`.

export function iamPatternMatches(pattern: string, value: string): boolean {
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
