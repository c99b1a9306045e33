// What API Gateway accepts from an authorizer. Anything else (no principalId, no statements, a context
// value that is an object or array) is an authorizer configuration error, not an allow.
import type { AuthorizerResult } from './lambda-shapes';

export function authorizerResultProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['the result is not an object'];
  const result = value as Partial<AuthorizerResult>;
  const problems: string[] = [];
  if (typeof result.principalId !== 'string' || result.principalId.length === 0) problems.push('principalId must be a non-empty string');
  const statements = result.policyDocument?.Statement;
  if (!Array.isArray(statements) || statements.length === 0) {
    problems.push('policyDocument.Statement must be a non-empty array');
  } else {
    statements.forEach((statement, index) => {
      const effect = (statement as { Effect?: unknown })?.Effect;
      if (effect !== 'Allow' && effect !== 'Deny') problems.push(`Statement[${index}].Effect must be Allow or Deny`);
    });
  }
  if (result.context !== undefined && result.context !== null) {
    if (typeof result.context !== 'object' || Array.isArray(result.context)) {
      problems.push('context must be an object');
    } else {
      for (const [key, item] of Object.entries(result.context)) {
        if (!['string', 'number', 'boolean'].includes(typeof item)) {
          problems.push(`context.${key} must be a string, number or boolean (API Gateway rejects objects and arrays)`);
        }
      }
    }
  }
  return problems;
}
