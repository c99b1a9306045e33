// The one place where outcomes become API Gateway answers:
//   valid token  -> REST: a policy over the route table (Allow / explicit Deny = 403); HTTP API: isAuthorized
//   TokenError   -> throw Error('Unauthorized')  (401, API Gateway matches the exact message)
//   anything else (AS down, slow, 5xx, garbage, our config) -> throw AuthorizerFailure (gateway: 503)
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { TokenError, isPhantomTokenError, type ErrorCode } from '../../shared/errors';
import { UNAUTHORIZED_MESSAGE } from '../../shared/gateway-responses';
import type { RouteRule } from '../../shared/routes';
import type { VerifiedIdentity } from '../exchange/types';
import type { AuthorizerContextValues, AuthorizerResult, NormalizedRequest } from '../types';
import { authorizerContext } from './context';
import { restPolicy, routeOnlyPolicy, type RestPolicy } from './rest-policy';

type GatewayStatements = APIGatewayAuthorizerResult['policyDocument']['Statement'];

/** Thrown for every failure that is not the caller's: API Gateway answers with its authorizer error response, set to 503. */
export class AuthorizerFailure extends Error {
  constructor(readonly code: ErrorCode | 'ERR_INTERNAL') {
    super(`Authorizer failure: ${code}`);
    this.name = 'AuthorizerFailure';
  }
}

export interface Verdict {
  readonly identity: VerifiedIdentity;
  readonly tokenHash: string;
  readonly granted: readonly string[];
  readonly allowed: boolean;
  /** The route judged; absent when the table has none for the request. */
  readonly route?: RouteRule;
}

export function answerFor(request: NormalizedRequest, verdict: Verdict, routes: readonly RouteRule[]): AuthorizerResult {
  return answerWithOutcome(request, verdict, routes).answer;
}

/**
 * The answer, and whether it lets the current request through. That is the verdict's `allowed`, except
 * for a REST request the policy had to refuse although its route is allowed (a method ARN with IAM
 * wildcards when no whole-table policy is exact, rest-policy.ts): its decision line should say deny.
 * `cachesPerRoute`: API Gateway keys REST REQUEST answers by route too, so a known route's answer names
 * that route alone (a TOKEN event's answer is cached per token whatever the setting).
 */
export function answerWithOutcome(
  request: NormalizedRequest,
  verdict: Verdict,
  routes: readonly RouteRule[],
  cachesPerRoute = false,
): { answer: AuthorizerResult; allowed: boolean } {
  const context = authorizerContext(verdict.identity, verdict.tokenHash);
  if (request.kind === 'http-v2') return { answer: { isAuthorized: verdict.allowed, context }, allowed: verdict.allowed };
  const policy =
    cachesPerRoute && request.kind === 'rest-request' && verdict.route
      ? routeOnlyPolicy(verdict.route, request.methodArn, verdict.allowed)
      : restPolicy(routes, verdict.granted, request.methodArn, verdict.allowed);
  return { answer: restAnswer(verdict, context, policy), allowed: policy.allowsCurrent };
}

function restAnswer(verdict: Verdict, context: AuthorizerContextValues, policy: RestPolicy): APIGatewayAuthorizerResult {
  return {
    // `||`: an empty `sub` or client id names no principal.
    principalId: verdict.identity.sub || verdict.identity.clientId || verdict.tokenHash.slice(0, 16),
    // The statements are frozen shares (rest-policy.ts); API Gateway's type merely says they could change.
    policyDocument: { Version: '2012-10-17', Statement: policy.statements as unknown as GatewayStatements },
    context,
  };
}

/** The error to throw for a failure; never carries a token or detail. */
export function errorToThrow(error: unknown): Error {
  if (error instanceof TokenError) return new Error(UNAUTHORIZED_MESSAGE);
  return new AuthorizerFailure(isPhantomTokenError(error) ? error.code : 'ERR_INTERNAL');
}
