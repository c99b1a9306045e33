// IAM string matching as API Gateway applies it to a policy's Resource: `*` is any run of characters
// (slashes included), `?` exactly one character, the rest literal.
const compiled = new Map<string, RegExp>();

export function iamPatternMatches(pattern: string, value: string): boolean {
  let regex = compiled.get(pattern);
  if (!regex) {
    const source = [...pattern].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
    regex = new RegExp(`^${source}$`, 's');
    if (compiled.size < 1000) compiled.set(pattern, regex);
  }
  return regex.test(value);
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
