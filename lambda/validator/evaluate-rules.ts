// Applies EndpointRules to a verified token and a request; throws an AccessDeniedError (403) naming
// what failed, or returns when everything holds.
import { AccessDeniedError, isPhantomTokenError } from '../shared/errors';
import { describeScopeRule, scopesSatisfy } from '../shared/scope-rules';
import type { ApiRequest } from './api-event';
import type { JwtClaims, VerifiedJwt } from './claims';
import type { ClaimRule, ClaimValue, EndpointRules } from './endpoint-rules';

/**
 * A claim value a rule can compare: a string, a boolean, or a safe integer. JSON.parse rounds a larger
 * number (a 64-bit id sent unquoted) to a neighbour, which could then equal another subscriber's id.
 */
function comparable(value: unknown): value is ClaimValue {
  return typeof value === 'string' || typeof value === 'boolean' || Number.isSafeInteger(value);
}

function claimHolds(rule: ClaimRule, claims: JwtClaims, request: ApiRequest): boolean {
  const value = claims[rule.claim];
  if (!comparable(value)) return false;
  if ('equalsPathParameter' in rule) {
    const parameter = request.pathParameters[rule.equalsPathParameter];
    return parameter !== undefined && String(value) === parameter;
  }
  return rule.oneOf.includes(value);
}

export async function evaluateRules<TClaims extends JwtClaims>(rules: EndpointRules<TClaims>, jwt: VerifiedJwt<TClaims>, request: ApiRequest): Promise<void> {
  if (rules.scopes && !scopesSatisfy(rules.scopes, jwt.scopes)) {
    throw new AccessDeniedError('ERR_SCOPE_INSUFFICIENT', 'the token does not grant the scope this endpoint needs', {
      required: describeScopeRule(rules.scopes),
    });
  }
  for (const rule of rules.claims ?? []) {
    if (!claimHolds(rule, jwt.claims, request)) {
      throw new AccessDeniedError('ERR_CLAIM_MISMATCH', `the "${rule.claim}" claim does not allow this request`, {
        claim: rule.claim,
        expected: 'equalsPathParameter' in rule ? { pathParameter: rule.equalsPathParameter } : { oneOf: [...rule.oneOf] },
      });
    }
  }
  if (rules.policy) {
    let allowed: unknown;
    try {
      allowed = await rules.policy({ claims: jwt.claims, jwt, request });
    } catch (error) {
      if (isPhantomTokenError(error) && error.status === 403) throw error;
      throw new AccessDeniedError('ERR_POLICY_DENIED', 'the policy could not be evaluated, so the request is refused', { failed: true });
    }
    if (allowed !== true) throw new AccessDeniedError('ERR_POLICY_DENIED', 'the policy refused this request');
  }
}
