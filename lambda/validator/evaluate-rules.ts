// Applies EndpointRules to a verified token and a request; throws an AccessDeniedError (403) naming
// what failed (a PolicyEngineError, 503, when the policy engine cannot decide), or returns the loaded
// resource when everything holds.
import { AccessDeniedError, InternalError, isPhantomTokenError, ResourceNotFoundError } from '../shared/errors';
import { describeScopeRule, scopesSatisfy } from '../shared/scope-rules';
import type { ApiRequest } from './api-event';
import type { JwtClaims, VerifiedJwt } from './claims';
import type { ClaimRule, ClaimValue, EndpointRules } from './endpoint-rules';
import { decidePolicy } from './policy/decide-policy';
import { hookPolicy } from './policy/hook-policy';
import type { PolicyTrace } from './policy/policy-decision';

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

export async function evaluateRules<TClaims extends JwtClaims, TResource = never>(
  rules: EndpointRules<TClaims, TResource>,
  jwt: VerifiedJwt<TClaims>,
  request: ApiRequest,
  trace: PolicyTrace = {},
): Promise<TResource | undefined> {
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
  const resource = rules.resource ? await loadResource(rules, jwt.claims, request) : undefined;
  if (rules.policy) {
    const policy = typeof rules.policy === 'function' ? hookPolicy(rules.policy) : rules.policy;
    await decidePolicy(policy, { claims: jwt.claims, jwt, request, route: { method: request.method, template: request.route }, resource }, trace);
  }
  return resource;
}

async function loadResource<TClaims extends JwtClaims, TResource>(rules: EndpointRules<TClaims, TResource>, claims: TClaims, request: ApiRequest): Promise<TResource> {
  let resource: TResource | undefined;
  try {
    resource = await rules.resource!({ claims, request });
  } catch (error) {
    if (isPhantomTokenError(error)) throw error;
    throw new InternalError('the resource could not be loaded');
  }
  if (resource === undefined || resource === null) throw new ResourceNotFoundError('no such resource');
  return resource;
}
