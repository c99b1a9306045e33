// The Lambda-facing shapes the local gateway speaks: the REST API REQUEST authorizer event and result, the
// Lambda proxy (payload v1) event and result. Types come from @types/aws-lambda so a handler written for
// the deployed API type-checks against the local one unchanged.
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  APIGatewayRequestAuthorizerEvent,
  Context,
} from 'aws-lambda';

export type AuthorizerEvent = APIGatewayRequestAuthorizerEvent;
export type AuthorizerResult = APIGatewayAuthorizerResult;
export type ProxyEvent = APIGatewayProxyEvent;
export type ProxyResult = APIGatewayProxyResult;
export type LambdaContext = Context;

/**
 * A REQUEST authorizer: resolves a policy (an AuthorizerResult), rejects with Error('Unauthorized') for a
 * 401, anything else for a failure. The result is typed loosely because, as in API Gateway, its shape is
 * checked when it arrives (a handler that can also answer other event kinds fits as it is).
 */
export type RequestAuthorizer = (event: AuthorizerEvent, context: LambdaContext) => Promise<unknown>;

/** A Lambda proxy integration. */
export type ProxyHandler = (event: ProxyEvent, context: LambdaContext) => Promise<ProxyResult>;
