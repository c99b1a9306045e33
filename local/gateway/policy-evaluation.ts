// How API Gateway judges an authorizer's policy for one request: statements whose Action covers
// `execute-api:Invoke` and whose Resource matches the method ARN (IAM wildcards `*` and `?`) count; an
// explicit Deny wins over any Allow, and no matching Allow is an implicit deny. Both denials are a 403.
import { iamPatternMatches } from '../../lambda/authorizer/answers/iam-match';
import type { AuthorizerResult } from './lambda-shapes';

// The authorizer's own matcher (linear, no regex backtracking on long paths), re-exported for tests.
export { iamPatternMatches };

export type PolicyVerdict = 'allow' | 'explicit-deny' | 'implicit-deny';

type Statement = AuthorizerResult['policyDocument']['Statement'][number];

const INVOKE_ACTION = 'execute-api:Invoke';

export function evaluatePolicy(policy: AuthorizerResult['policyDocument'], arn: string): PolicyVerdict {
  let allowed = false;
  for (const statement of policy.Statement) {
    if (!statementApplies(statement, arn)) continue;
    if (statement.Effect.toLowerCase() === 'deny') return 'explicit-deny';
    if (statement.Effect.toLowerCase() === 'allow') allowed = true;
  }
  return allowed ? 'allow' : 'implicit-deny';
}

function statementApplies(statement: Statement, arn: string): boolean {
  const fields = statement as unknown as Record<string, unknown>;
  const actionMatches = 'Action' in fields
    ? asList(fields.Action).some((pattern) => iamPatternMatches(pattern.toLowerCase(), INVOKE_ACTION.toLowerCase()))
    : !asList(fields.NotAction).some((pattern) => iamPatternMatches(pattern.toLowerCase(), INVOKE_ACTION.toLowerCase()));
  if (!actionMatches) return false;
  return 'Resource' in fields
    ? asList(fields.Resource).some((pattern) => iamPatternMatches(pattern, arn))
    : !asList(fields.NotResource).some((pattern) => iamPatternMatches(pattern, arn));
}

function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}
