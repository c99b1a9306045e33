// `withJwtValidation(rules, handler)`: the adapter between API Gateway and a service handler. It finds
// the JWT where configuration says, verifies it, applies the endpoint's rules, and calls the handler
// with the verified claims; every failure (including a throwing handler) becomes one coded answer and
// one decision log line. The validator is built once, at cold start, and shared by every invocation.
// The rules, the policy and the handler see one deep-frozen request and frozen claims, so a hook
// cannot change what the rules checked (a path parameter, say) before the handler acts on it. Refusals
// carry the token's hash prefix too: the verified JWT's hash, or (when verification failed) one made then.
import type { Context } from 'aws-lambda';
import { VALIDATOR_SETTINGS, validatorConfigFromEnv } from '../shared/config';
import { DecisionLogger, type DecisionOutcome } from '../shared/decision-log';
import { ConfigError, InternalError, isPhantomTokenError, type PhantomTokenError } from '../shared/errors';
import { tokenHash, tokenHashPrefix } from '../shared/token-hash';
import { apiRequest, type ApiGatewayProxyEvent, type ApiGatewayProxyResult, type ApiRequest } from './api-event';
import { deepFreeze, type JwtClaims, type VerifiedJwt } from './claims';
import { assertEndpointRules, type EndpointRules } from './endpoint-rules';
import { errorResponse } from './error-response';
import { evaluateRules } from './evaluate-rules';
import { createJwtValidator, type JwtValidator } from './jwt-validator';
import type { ValidatorOptions } from './options';
import type { PolicyTrace } from './policy/policy-decision';
import { extractToken } from './token-sources';

export interface ValidatedInput<TClaims extends JwtClaims = JwtClaims, TResource = unknown> {
  readonly claims: TClaims;
  /** What the endpoint's resource loader returned (the policy decided on it). @default - no loader */
  readonly resource?: TResource;
  readonly jwt: VerifiedJwt<TClaims>;
  readonly request: ApiRequest;
  readonly event: ApiGatewayProxyEvent;
  readonly context?: Context;
}

export type ValidatedHandler<TClaims extends JwtClaims = JwtClaims, TResource = unknown> = (input: ValidatedInput<TClaims, TResource>) => Promise<ApiGatewayProxyResult>;

export type ProxyHandler = (event: ApiGatewayProxyEvent, context?: Context) => Promise<ApiGatewayProxyResult>;

function isValidator(value: ValidatorOptions | JwtValidator): value is JwtValidator {
  return typeof (value as JwtValidator).verify === 'function';
}

/** A validator from the environment (PHANTOM_ISSUER, PHANTOM_AUDIENCE, PHANTOM_JWKS_URI, ...). */
export function validatorFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): JwtValidator {
  const config = validatorConfigFromEnv(env);
  if (!config.jwksUri) throw new ConfigError(VALIDATOR_SETTINGS.jwksUri.env, 'is required');
  return createJwtValidator(config);
}

const loggers = new WeakMap<JwtValidator, DecisionLogger>();

/** The decision logger of a validator (one per validator, shared by every route that uses it). */
export function loggerFor(validator: JwtValidator): DecisionLogger {
  let logger = loggers.get(validator);
  if (!logger) {
    logger = new DecisionLogger(validator.options.logLevel, validator.options.logSink);
    loggers.set(validator, logger);
  }
  return logger;
}

function outcomeOf(error: PhantomTokenError): DecisionOutcome {
  if (error.status === 401) return 'unauthorized';
  if (error.status === 403 || error.status === 404) return 'deny';
  if (error.status === 503) return 'unavailable';
  return 'error';
}

/**
 * Wraps a handler so it runs only for a request carrying a valid JWT that satisfies `rules`.
 * @param options a shared validator, or options to build one; @default - from the environment at cold start
 */
export function withJwtValidation<TClaims extends JwtClaims = JwtClaims, TResource = unknown>(
  rules: EndpointRules<TClaims, TResource>,
  handler: ValidatedHandler<TClaims, TResource>,
  options?: ValidatorOptions | JwtValidator,
): ProxyHandler {
  assertEndpointRules(rules as EndpointRules<never>);
  const validator = options === undefined ? validatorFromEnv() : isValidator(options) ? options : createJwtValidator(options);
  const logger = loggerFor(validator);
  const { tokenSources, clock } = validator.options;

  return async (event, context) => {
    const started = clock();
    let request: ApiRequest | undefined;
    let token: string | undefined;
    let jwt: VerifiedJwt<TClaims> | undefined;
    let resource: TResource | undefined;
    const policy: PolicyTrace = {};
    try {
      request = deepFreeze(apiRequest(event));
      token = extractToken(event, tokenSources);
      jwt = await validator.verify<TClaims>(token);
      resource = await evaluateRules(rules, jwt, request, policy);
    } catch (caught) {
      const error = isPhantomTokenError(caught) ? caught : new InternalError('the request could not be validated');
      logger.decision({
        component: 'validator',
        outcome: outcomeOf(error),
        reason: error.code,
        route: request ? `${request.method} ${request.route}` : undefined,
        tokenHashPrefix: refusedTokenHashPrefix(jwt, token),
        sub: jwt?.claims.sub,
        clientId: jwt?.claims.client_id,
        requestId: context?.awsRequestId,
        ...policyFields(policy),
        durationMs: clock() - started,
      });
      return errorResponse(error);
    }
    const record = {
      component: 'validator' as const,
      route: `${request.method} ${request.route}`,
      tokenHashPrefix: tokenHashPrefix(jwt.tokenHash),
      sub: jwt.claims.sub,
      clientId: jwt.claims.client_id,
      requestId: context?.awsRequestId,
      ...policyFields(policy),
    };
    try {
      const result = await handler({ claims: jwt.claims, jwt, resource, request, event, context });
      logger.decision({ ...record, outcome: 'allow', reason: 'OK', durationMs: clock() - started });
      return result;
    } catch (caught) {
      const error = isPhantomTokenError(caught) ? caught : new InternalError('the handler failed');
      logger.decision({ ...record, outcome: outcomeOf(error), reason: error.code, durationMs: clock() - started });
      return errorResponse(error);
    }
  };
}

/** Which policy decided and how long it took, for the decision line; nothing when none ran. */
function policyFields(trace: PolicyTrace): { policy?: string; policyEngine?: PolicyTrace['engine']; policyMs?: number } {
  return trace.policy === undefined ? {} : { policy: trace.policy, policyEngine: trace.engine, policyMs: trace.durationMs };
}

/** The hash prefix of a refused token: the verified JWT's own hash, else hashed here (refusals are not the hot path). */
function refusedTokenHashPrefix(jwt: VerifiedJwt | undefined, token: string | undefined): string | undefined {
  if (jwt) return tokenHashPrefix(jwt.tokenHash);
  return token === undefined ? undefined : tokenHashPrefix(tokenHash(token, 'validator'));
}
