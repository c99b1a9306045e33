// A REST API's authorization step for one request, in the order API Gateway runs it: a missing identity
// source is a 401 without calling the authorizer; a cached policy is reused (keyed on the identity source:
// the header values, plus `$context.httpMethod` and `$context.resourcePath` when the authorizer caches per
// route); otherwise the authorizer runs (an "Unauthorized" rejection is a 401; any other error, a timeout
// or a malformed result is what API Gateway reports as AuthorizerConfigurationException, the
// AUTHORIZER_CONFIGURATION_ERROR gateway response); the policy is then evaluated against this request's
// method ARN (any deny is a 403), with the authorizer's own IAM matcher (linear, no regex backtracking on
// long paths).
import { iamPatternMatches } from '../../lambda/shared/iam-match';
import { UNAUTHORIZED_MESSAGE, type GatewayResponseKind } from '../../lambda/shared/gateway-responses';
import type { RouteRule } from '../../lambda/shared/routes';
import { identityCacheKey, type AuthorizationSource, type AuthorizerResultCache } from './authorizer-result-cache';
import { headerValue, type GatewayRequest } from './gateway-request';
import { InvocationTimeoutError, lambdaContext, withTimeout } from './lambda-invocation';
import type { AuthorizerEvent, AuthorizerResult, RequestAuthorizer } from './rest-api-events';

export type AuthorizationOutcome =
  | { readonly allowed: true; readonly result: AuthorizerResult; readonly source: AuthorizationSource; readonly authorizerMs: number }
  | {
      readonly allowed: false;
      readonly refusal: GatewayResponseKind;
      /** Why, for the access log: never a token. */
      readonly reason: string;
      readonly source?: AuthorizationSource;
      readonly authorizerMs: number;
      readonly principalId?: string;
    };

export interface AuthorizationStep {
  readonly authorizer: RequestAuthorizer;
  readonly cache: AuthorizerResultCache;
  /** Header names whose values form the identity source (and the cache key). */
  readonly identitySourceHeaders: readonly string[];
  /**
   * The identity source also holds `$context.httpMethod` and `$context.resourcePath` (the request's method
   * and the matched route template), so a cached answer serves one route only.
   */
  readonly cachesPerRoute: boolean;
  readonly timeoutMs: number;
}

export async function authorizeRequest(
  step: AuthorizationStep,
  request: GatewayRequest,
  route: RouteRule,
  buildEvent: () => AuthorizerEvent,
): Promise<AuthorizationOutcome> {
  const identity = step.identitySourceHeaders.map((name) => headerValue(request, name)?.trim() ?? '');
  if (identity.some((value) => value.length === 0)) {
    return { allowed: false, refusal: 'UNAUTHORIZED', reason: 'identity source missing', authorizerMs: 0 };
  }
  // `$context.httpMethod` is the request's method (also under an ANY route), `$context.resourcePath` the template.
  const cacheKey = identityCacheKey(step.cachesPerRoute ? [...identity, request.method, route.path] : identity);
  const event = buildEvent();
  const cached = step.cache.get(cacheKey);
  if (cached) return judge(cached, event.methodArn, 'cache', 0);

  const started = performance.now();
  let result: unknown;
  try {
    result = await withTimeout(step.authorizer(event, lambdaContext('authorizer', request.requestId, step.timeoutMs)), step.timeoutMs);
  } catch (error) {
    const authorizerMs = Math.round(performance.now() - started);
    if (error instanceof InvocationTimeoutError) {
      return { allowed: false, refusal: 'AUTHORIZER_CONFIGURATION_ERROR', reason: error.message, source: 'authorizer', authorizerMs };
    }
    if (error instanceof Error && error.message === UNAUTHORIZED_MESSAGE) {
      return { allowed: false, refusal: 'UNAUTHORIZED', reason: 'authorizer: Unauthorized', source: 'authorizer', authorizerMs };
    }
    const code = (error as { code?: unknown })?.code;
    return { allowed: false, refusal: 'AUTHORIZER_CONFIGURATION_ERROR', reason: `authorizer failed${typeof code === 'string' ? `: ${code}` : ''}`, source: 'authorizer', authorizerMs };
  }
  const authorizerMs = Math.round(performance.now() - started);
  const problems = authorizerResultProblems(result);
  if (problems.length > 0) {
    return { allowed: false, refusal: 'AUTHORIZER_CONFIGURATION_ERROR', reason: `invalid authorizer result: ${problems.join('; ')}`, source: 'authorizer', authorizerMs };
  }
  step.cache.put(cacheKey, result as AuthorizerResult);
  return judge(result as AuthorizerResult, event.methodArn, 'authorizer', authorizerMs);
}

function judge(result: AuthorizerResult, arn: string, source: AuthorizationSource, authorizerMs: number): AuthorizationOutcome {
  const verdict = evaluatePolicy(result.policyDocument, arn);
  if (verdict === 'allow') return { allowed: true, result, source, authorizerMs };
  return { allowed: false, refusal: 'ACCESS_DENIED', reason: `policy: ${verdict}`, source, authorizerMs, principalId: result.principalId };
}

// What API Gateway accepts from an authorizer. Anything else (no principalId, no statements, a context
// value that is an object or array) is an authorizer configuration error, not an allow.
function authorizerResultProblems(value: unknown): string[] {
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

// How API Gateway judges an authorizer's policy for one request: statements whose Action covers
// `execute-api:Invoke` and whose Resource matches the method ARN (IAM wildcards `*` and `?`) count; an
// explicit Deny wins over any Allow, and no matching Allow is an implicit deny. Both denials are a 403.

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
