// Runs one policy, fail-closed: only a well-formed `{ allow: true }` lets the request through. A refusal
// (403) or an engine's own coded failure passes through as thrown; any other throw or answer becomes
// ERR_POLICY_ERROR. Which policy decided and how long it took go into the trace for the decision line.
import { AccessDeniedError, PolicyEngineError, isPhantomTokenError } from '../../shared/errors';
import type { JwtClaims } from '../claims';
import type { AuthorizationPolicy, PolicyDecision, PolicyRequest, PolicyTrace } from './policy-decision';

/** Reasons kept on the refusal's detail (never in the answer): a few short ones. */
const MAX_REASONS = 5;
const MAX_REASON_LENGTH = 100;

function isDecision(value: unknown): value is PolicyDecision {
  const decision = value as PolicyDecision | null;
  return typeof decision === 'object' && decision !== null && typeof decision.allow === 'boolean' && Array.isArray(decision.reasons);
}

function shortReasons(reasons: readonly unknown[]): string[] {
  return reasons.slice(0, MAX_REASONS).map((reason) => String(reason).slice(0, MAX_REASON_LENGTH));
}

export async function decidePolicy<TClaims extends JwtClaims, TResource>(
  policy: AuthorizationPolicy<TClaims, TResource>,
  input: PolicyRequest<TClaims, TResource>,
  trace: PolicyTrace,
): Promise<PolicyDecision> {
  trace.policy = policy.name;
  trace.engine = policy.engine;
  // process.hrtime, not perf_hooks' performance: loading perf_hooks costs every service's cold start
  // about a millisecond, though only a service with a policy times one.
  const started = process.hrtime.bigint();
  let decision: unknown;
  try {
    decision = await policy.decide(input);
  } catch (error) {
    if (isPhantomTokenError(error) && (error.status === 403 || error instanceof PolicyEngineError)) throw error;
    throw new PolicyEngineError('ERR_POLICY_ERROR', 'the policy engine could not decide, so the request is refused', { policy: policy.name });
  } finally {
    trace.durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1000) / 1000;
  }
  if (!isDecision(decision)) {
    throw new PolicyEngineError('ERR_POLICY_ERROR', 'the policy engine gave no decision, so the request is refused', { policy: policy.name });
  }
  const reasons = shortReasons(decision.reasons);
  if (decision.allow !== true) throw new AccessDeniedError('ERR_POLICY_DENIED', 'the policy refused this request', { policy: policy.name, reasons });
  return { allow: true, reasons };
}
