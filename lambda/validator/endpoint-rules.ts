// Fine-grained rules declared next to a handler: scopes (any-of / all-of, `*` families), claim rules,
// and an optional policy (a boolean hook or an AuthorizationPolicy: Cedar, Verified Permissions, OPA) with
// the resource it needs. They run in that order and every one must pass; the policy runs last and only on
// a request the rules already allow, so it can narrow what they allow, never widen it.
import { ConfigError } from '../shared/errors';
import { scopeRuleProblems, type ScopeRule } from '../shared/scope-rules';
import type { ApiRequest } from './api-event';
import type { JwtClaims, VerifiedJwt } from './claims';
import { isAuthorizationPolicy, type AuthorizationPolicy, type ResourceLoader } from './policy/policy-decision';

export type ClaimValue = string | number | boolean;

/** `claim` must equal the path parameter `equalsPathParameter` (e.g. subscriber_id == {subscriberId}). */
export interface ClaimEqualsPathParameter {
  readonly claim: string;
  readonly equalsPathParameter: string;
}

/** `claim` must equal one of `oneOf` (e.g. cost_center in ["cc-1", "cc-2"]). */
export interface ClaimOneOf {
  readonly claim: string;
  readonly oneOf: readonly ClaimValue[];
}

export type ClaimRule = ClaimEqualsPathParameter | ClaimOneOf;

export interface PolicyInput<TClaims extends JwtClaims = JwtClaims> {
  readonly claims: TClaims;
  readonly jwt: VerifiedJwt<TClaims>;
  readonly request: ApiRequest;
}

/**
 * Attribute-based decision over the verified claims and the request (an external engine such as OPA
 * can sit behind it). Only `true` allows; false, anything else or a throw denies with ERR_POLICY_DENIED.
 */
export type PolicyHook<TClaims extends JwtClaims = JwtClaims> = (input: PolicyInput<TClaims>) => boolean | Promise<boolean>;

export interface EndpointRules<TClaims extends JwtClaims = JwtClaims, TResource = unknown> {
  /** Scopes the token must grant. @default - no scope rule (the gateway's coarse rule still applied) */
  readonly scopes?: ScopeRule;
  /** Every rule must hold. @default [] */
  readonly claims?: readonly ClaimRule[];
  /** Runs last; can only narrow. A hook is adapted into an AuthorizationPolicy named `hook`. @default - none */
  readonly policy?: PolicyHook<TClaims> | AuthorizationPolicy<TClaims, TResource>;
  /**
   * Loads what the policy decides on (and the handler then gets as `resource`), after scopes and claim
   * rules passed; finding nothing answers 404 (ERR_RESOURCE_NOT_FOUND) without asking the policy.
   * @default - no resource
   */
  readonly resource?: ResourceLoader<TClaims, TResource>;
}

/** Problems with a rule set, empty when usable; the wrapper refuses to start with any. */
export function endpointRulesProblems(rules: EndpointRules<never>): string[] {
  const problems: string[] = [];
  if (rules.scopes) problems.push(...scopeRuleProblems(rules.scopes).map((problem) => `scopes: ${problem}`));
  for (const rule of rules.claims ?? []) {
    if (!rule.claim) problems.push('claims: a rule has no claim name');
    if ('oneOf' in rule && rule.oneOf.length === 0) problems.push(`claims: "${rule.claim}" oneOf lists no values`);
    // A claim is compared only as a string, a boolean or a safe integer (evaluate-rules.ts): any other
    // number in the list could never match, so the rule would refuse everyone.
    for (const value of 'oneOf' in rule ? rule.oneOf : []) {
      if (typeof value === 'number' && !Number.isSafeInteger(value)) {
        problems.push(`claims: "${rule.claim}" oneOf lists ${value}, which is not a safe integer (claims compare as strings, booleans or safe integers)`);
      }
    }
    if ('equalsPathParameter' in rule && !rule.equalsPathParameter) problems.push(`claims: "${rule.claim}" names no path parameter`);
  }
  if (rules.policy !== undefined && typeof rules.policy !== 'function' && !isAuthorizationPolicy(rules.policy)) {
    problems.push('policy: must be a function or an object with a decide() method');
  }
  if (rules.resource !== undefined && typeof rules.resource !== 'function') problems.push('resource: must be a function');
  return problems;
}

export function assertEndpointRules(rules: EndpointRules<never>): void {
  const problems = endpointRulesProblems(rules);
  if (problems.length > 0) throw new ConfigError('rules', problems.join('; '));
}
