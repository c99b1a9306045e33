// An HTTP API's authorization step for one request, with the PhantomTokenHttpGateway's authorizer: a
// Lambda REQUEST authorizer with simple responses whose identity sources are the Authorization header
// and `$context.routeKey`. A missing header is a 401 without calling the authorizer; an answer is cached
// (allowed or not) under both values, so it serves one route only; the authorizer throwing
// `Unauthorized` is a 401, `isAuthorized: false` a 403, and any other failure a 500.
import { UNAUTHORIZED_MESSAGE } from '../../lambda/shared/gateway-responses';
import type { RouteRule } from '../../lambda/shared/routes';
import { AuthorizerTimeoutError, identityCacheKey, withTimeout, type AuthorizationSource } from './authorize-request';
import type { AuthorizerResultCache } from './authorizer-result-cache';
import { headerValue, type GatewayRequest } from './gateway-request';
import type { HttpApiAnswer } from './http-api-answers';
import type { HttpAuthorizerContext, HttpAuthorizerEvent } from './http-api-events';
import { lambdaContext } from './lambda-context';
import type { LambdaContext } from './lambda-shapes';
import { routeKey } from './service-table';

/** A simple response: allow or deny this route, and the context handed to the integration as it is. */
export interface SimpleAuthorizerResult {
  readonly isAuthorized: boolean;
  readonly context?: HttpAuthorizerContext;
}

/** An HTTP API Lambda authorizer (payload 2.0); its answer is checked when it arrives. */
export type HttpRequestAuthorizer = (event: HttpAuthorizerEvent, context: LambdaContext) => Promise<unknown>;

export interface HttpAuthorizationStep {
  readonly authorizer: HttpRequestAuthorizer;
  readonly cache: AuthorizerResultCache<SimpleAuthorizerResult>;
  readonly timeoutMs: number;
}

export type HttpAuthorizationOutcome =
  | { readonly allowed: true; readonly context: HttpAuthorizerContext; readonly source: AuthorizationSource; readonly authorizerMs: number }
  | { readonly allowed: false; readonly refusal: HttpApiAnswer; readonly reason: string; readonly source?: AuthorizationSource; readonly authorizerMs: number };

export async function authorizeHttpRequest(
  step: HttpAuthorizationStep,
  request: GatewayRequest,
  route: RouteRule,
  buildEvent: (identitySource: readonly string[]) => HttpAuthorizerEvent,
): Promise<HttpAuthorizationOutcome> {
  // HTTP API joins repeated headers with commas; the authorizer refuses such a value.
  const authorization = request.headerPairs.filter(([name]) => name.toLowerCase() === 'authorization').map(([, value]) => value).join(',');
  if (!headerValue(request, 'authorization') || authorization.trim().length === 0) {
    return { allowed: false, refusal: 'UNAUTHORIZED', reason: 'identity source missing', authorizerMs: 0 };
  }
  const identitySource = [authorization, routeKey(route)];
  const cacheKey = identityCacheKey(identitySource);
  const cached = step.cache.get(cacheKey);
  if (cached) return judge(cached, 'cache', 0);

  const started = performance.now();
  let result: unknown;
  try {
    result = await withTimeout(step.authorizer(buildEvent(identitySource), lambdaContext('authorizer', request.requestId, step.timeoutMs)), step.timeoutMs);
  } catch (error) {
    const authorizerMs = Math.round(performance.now() - started);
    if (error instanceof AuthorizerTimeoutError) return { allowed: false, refusal: 'AUTHORIZER_FAILURE', reason: error.message, source: 'authorizer', authorizerMs };
    if (error instanceof Error && error.message === UNAUTHORIZED_MESSAGE) {
      return { allowed: false, refusal: 'UNAUTHORIZED', reason: 'authorizer: Unauthorized', source: 'authorizer', authorizerMs };
    }
    const code = (error as { code?: unknown })?.code;
    return { allowed: false, refusal: 'AUTHORIZER_FAILURE', reason: `authorizer failed${typeof code === 'string' ? `: ${code}` : ''}`, source: 'authorizer', authorizerMs };
  }
  const authorizerMs = Math.round(performance.now() - started);
  const problem = simpleResultProblem(result);
  if (problem) return { allowed: false, refusal: 'AUTHORIZER_FAILURE', reason: `invalid authorizer result: ${problem}`, source: 'authorizer', authorizerMs };
  step.cache.put(cacheKey, result as SimpleAuthorizerResult);
  return judge(result as SimpleAuthorizerResult, 'authorizer', authorizerMs);
}

function judge(result: SimpleAuthorizerResult, source: AuthorizationSource, authorizerMs: number): HttpAuthorizationOutcome {
  if (result.isAuthorized) return { allowed: true, context: result.context ?? {}, source, authorizerMs };
  return { allowed: false, refusal: 'FORBIDDEN', reason: 'authorizer: isAuthorized false', source, authorizerMs };
}

/** API Gateway's check of a simple response: a boolean `isAuthorized`, an optional object `context`. */
export function simpleResultProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'the result is not an object';
  const result = value as Partial<SimpleAuthorizerResult>;
  if (typeof result.isAuthorized !== 'boolean') return 'isAuthorized must be a boolean (simple responses)';
  if (result.context !== undefined && (typeof result.context !== 'object' || result.context === null || Array.isArray(result.context))) return 'context must be an object';
  return undefined;
}
