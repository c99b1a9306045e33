// The authorizer handler as inside Lambda, for tests that read its EMF blocks (metrics are off outside
// Lambda by default), and the decision line and metric keys of a request whose AS call failed.
import type { AuthorizerConfig } from '../../../../lambda/shared/config';
import { tokenHash } from '../../../../lambda/shared/token-hash';
import { harness, type Harness } from './harness';

export function lambdaHarness(config: AuthorizerConfig): Harness {
  const saved = process.env.AWS_LAMBDA_FUNCTION_NAME;
  process.env.AWS_LAMBDA_FUNCTION_NAME = 'stack-Authorizer-ABC';
  try {
    return harness(config);
  } finally {
    if (saved === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    else process.env.AWS_LAMBDA_FUNCTION_NAME = saved;
  }
}

/** What the line of the request that made a failed AS call counts: the call, its error by kind, its latency, a miss. */
export const failedCallMetricKeys = (kind: string): string[] => [
  'AsCalls{}',
  `AsErrors{ErrorKind=${kind}}`,
  'AsErrors{}',
  'AsLatency{}',
  'CacheMisses{}',
  'DecisionDuration{}',
  'Decisions{Outcome=unavailable}',
  'Decisions{Reason=ERR_AS_UNAVAILABLE}',
  'Decisions{}',
];

/** The decision line of the request that made a failed AS call (its own call: latency and error kind). */
export const failedCallDecision = (kind: string, token: string) => ({
  level: 'warn',
  msg: 'decision',
  outcome: 'unavailable',
  reason: 'ERR_AS_UNAVAILABLE',
  cacheTier: 'miss',
  asErrorKind: kind,
  tokenHashPrefix: tokenHash(token).slice(0, 12),
});

/** A single-flight follower refused with the leader's failure: a miss, but no AS call of its own. */
export const joinedFailureMetricKeys: readonly string[] = [
  'CacheMisses{}',
  'DecisionDuration{}',
  'Decisions{Outcome=unavailable}',
  'Decisions{Reason=ERR_AS_UNAVAILABLE}',
  'Decisions{}',
];
