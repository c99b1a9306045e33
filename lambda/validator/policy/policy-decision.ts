// The validator's one policy interface. A policy sees the request, the verified claims, the route (method
// and template) and the resource the endpoint loaded, and answers allow or deny with reasons. It runs
// after scopes and claim rules have allowed the request, so it can only narrow what they allow. Engines
// (Cedar in-process, Amazon Verified Permissions, OPA) and the plain boolean hook all implement it.
import type { ApiRequest } from '../api-event';
import type { POLICY_ENGINES } from '../../shared/metric-names';
import type { JwtClaims, VerifiedJwt } from '../claims';

/** The route the gateway matched: `GET` and `/invoices/{id}`. */
export interface PolicyRoute {
  readonly method: string;
  readonly template: string;
}

export interface PolicyRequest<TClaims extends JwtClaims = JwtClaims, TResource = unknown> {
  readonly claims: TClaims;
  readonly jwt: VerifiedJwt<TClaims>;
  readonly request: ApiRequest;
  readonly route: PolicyRoute;
  /** What the endpoint's resource loader returned; undefined without a loader, or when it found nothing. */
  readonly resource?: TResource;
}

export interface PolicyDecision {
  readonly allow: boolean;
  /** Why: the policies that decided, or the engine's reasons. Logged by name only, never returned to the caller. */
  readonly reasons: readonly string[];
}

/**
 * An authorization policy. `decide` resolves to a decision; a thrown 403 refusal passes through, any
 * other throw (or an answer that is not a decision) refuses with ERR_POLICY_ERROR, a PolicyEngineError
 * with ERR_POLICY_TIMEOUT passes through. Nothing but `{ allow: true }` allows.
 */
export interface AuthorizationPolicy<TClaims extends JwtClaims = JwtClaims, TResource = unknown> {
  /** Which policy decided, in the decision line (`cedar:invoices`, `opa:httpapi/authz`). */
  readonly name: string;
  /** The engine, a closed list so the metric dimension stays small. */
  readonly engine: PolicyEngine;
  decide(input: PolicyRequest<TClaims, TResource>): Promise<PolicyDecision>;
}

export type PolicyEngine = (typeof POLICY_ENGINES)[number];

/** Loads the resource a policy needs (the invoice, to learn its owner); runs only once the rules allowed. */
export type ResourceLoader<TClaims extends JwtClaims = JwtClaims, TResource = unknown> = (input: {
  readonly claims: TClaims;
  readonly request: ApiRequest;
}) => TResource | undefined | Promise<TResource | undefined>;

/** Filled in while a policy decides, for the decision line: which policy, and how long it took. */
export interface PolicyTrace {
  policy?: string;
  engine?: PolicyEngine;
  durationMs?: number;
}

export function isAuthorizationPolicy(value: unknown): value is AuthorizationPolicy<never, never> {
  return typeof value === 'object' && value !== null && typeof (value as AuthorizationPolicy).decide === 'function';
}
