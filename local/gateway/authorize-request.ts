// API Gateway's authorization step for one request, in the order it runs: a missing identity source is a
// 401 without calling the authorizer; a cached policy is reused (keyed on the identity source: the header
// values, plus `$context.httpMethod` and `$context.resourcePath` when the authorizer caches per route);
// otherwise the authorizer runs (an "Unauthorized" rejection is a 401; any other error, a timeout or a
// malformed result is what API Gateway reports as AuthorizerConfigurationException, the
// AUTHORIZER_CONFIGURATION_ERROR gateway response); the policy is then evaluated against this request's
// method ARN (any deny is a 403).
import { createHash } from 'node:crypto';
import type { GatewayResponseKind } from '../../lambda/shared/gateway-responses';
import { UNAUTHORIZED_MESSAGE } from '../../lambda/shared/gateway-responses';
import type { RouteRule } from '../../lambda/shared/routes';
import { authorizerResultProblems } from './authorizer-result';
import type { AuthorizerResultCache } from './authorizer-result-cache';
import { headerValue, type GatewayRequest } from './gateway-request';
import { lambdaContext } from './lambda-context';
import type { AuthorizerEvent, AuthorizerResult, RequestAuthorizer } from './lambda-shapes';
import { evaluatePolicy } from './policy-evaluation';

export type AuthorizationSource = 'cache' | 'authorizer';

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
    if (error instanceof AuthorizerTimeoutError) {
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

/** Identity values hold the caller's token; the cache keeps only a hash of them. */
export function identityCacheKey(values: readonly string[]): string {
  const hash = createHash('sha256');
  for (const value of values) hash.update(value).update('\0');
  return hash.digest('hex');
}

export class AuthorizerTimeoutError extends Error {}

export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what = 'authorizer'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AuthorizerTimeoutError(`${what} timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
