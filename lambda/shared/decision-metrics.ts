// Which metrics a decision record or an event stands for. Pure: the EMF serializer turns the result into
// the `_aws` block of the log line. The families (dimension sets + metric names and units) are constants,
// so the serializer renders each directive once and reuses it; per line only the values change. Every
// dimension value is drawn from a short closed list, so a bad value from a caller can neither blow up the
// number of CloudWatch metrics nor carry an identifier.
import type { CacheTier, DecisionOutcome, DecisionRecord, MetricFamily, MetricPoint, MetricUnitName } from './decision-types';
import type { LogEventFields, LogEventName } from './log-events';
import {
  AS_ERROR_KIND_BY_REASON,
  AS_ERROR_KINDS,
  DIMENSION,
  DYNAMODB_ERROR_KINDS,
  METRIC,
  POLICY_ENGINES,
  type MetricName,
} from './metric-names';

const family = (dimensionSets: string[][], ...metrics: [MetricName, MetricUnitName][]): MetricFamily => ({
  dimensionSets,
  metrics: metrics.map(([name, unit]) => ({ name, unit })),
});

export const FAMILY = {
  decisions: family([[], [DIMENSION.outcome], [DIMENSION.reason]], [METRIC.decisions, 'Count']),
  cacheHits: family([[], [DIMENSION.cacheTier]], [METRIC.cacheHits, 'Count']),
  cacheMisses: family([[]], [METRIC.cacheMisses, 'Count']),
  asCalls: family([[]], [METRIC.asCalls, 'Count']),
  asCallsTimed: family([[]], [METRIC.asCalls, 'Count'], [METRIC.asLatency, 'Milliseconds']),
  asErrors: family([[], [DIMENSION.errorKind]], [METRIC.asErrors, 'Count']),
  decisionDuration: family([[]], [METRIC.decisionDuration, 'Milliseconds']),
  dynamoDbErrors: family([[], [DIMENSION.errorKind]], [METRIC.dynamoDbErrors, 'Count']),
  jwksRefreshes: family([[]], [METRIC.jwksRefreshes, 'Count']),
  secretRefreshes: family([[]], [METRIC.secretRefreshes, 'Count']),
  policyDecisions: family([[], [DIMENSION.policyEngine]], [METRIC.policyDecisions, 'Count'], [METRIC.policyLatency, 'Milliseconds']),
  revocationRefusals: family([[]], [METRIC.revocationRefusals, 'Count']),
  revocationRefusalsTimed: family([[]], [METRIC.revocationRefusals, 'Count'], [METRIC.revocationDelay, 'Milliseconds']),
  revocationPollFailures: family([[]], [METRIC.revocationPollFailures, 'Count']),
  revocationsReceived: family([[]], [METRIC.revocationsReceived, 'Count'], [METRIC.revocationsApplied, 'Count']),
  revocationsRejected: family([[]], [METRIC.revocationsReceived, 'Count']),
  revocationsRejectedByKind: family([[DIMENSION.errorKind]], [METRIC.revocationsRejected, 'Count']),
} as const;

/** RFC 8935's `err` codes: the only ErrorKind values a rejected revocation reports. */
const SET_ERROR_KINDS = ['invalid_request', 'invalid_key', 'invalid_issuer', 'invalid_audience', 'authentication_failed', 'access_denied'] as const;

const OUTCOMES: readonly DecisionOutcome[] = ['allow', 'deny', 'unauthorized', 'unavailable', 'error'];
const CACHE_TIERS: readonly CacheTier[] = ['memory', 'dynamodb', 'miss', 'negative'];
const REASON_PATTERN = /^(OK|ERR_[A-Z0-9_]{1,40})$/;

function closed<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : fallback;
}

const isDuration = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

export function decisionMetrics(record: DecisionRecord): MetricPoint {
  const families: MetricFamily[] = [FAMILY.decisions];
  const dimensions: Record<string, string> = {
    [DIMENSION.outcome]: closed(record.outcome, OUTCOMES, 'error'),
    [DIMENSION.reason]: REASON_PATTERN.test(record.reason) ? record.reason : 'OTHER',
  };
  const values: Partial<Record<MetricName, number>> = { [METRIC.decisions]: 1 };

  if (record.cacheTier !== undefined) {
    const tier = closed(record.cacheTier, CACHE_TIERS, 'miss');
    if (tier === 'miss') {
      families.push(FAMILY.cacheMisses);
      values[METRIC.cacheMisses] = 1;
    } else {
      families.push(FAMILY.cacheHits);
      dimensions[DIMENSION.cacheTier] = tier;
      values[METRIC.cacheHits] = 1;
    }
  }

  // A single-flight follower shares the leader's AS call: the leader's record counts it, once.
  const calledAs = record.singleFlight !== 'joined';
  const asErrorKind = calledAs ? (record.asErrorKind ?? AS_ERROR_KIND_BY_REASON[record.reason]) : undefined;
  if (calledAs && isDuration(record.asLatencyMs)) {
    families.push(FAMILY.asCallsTimed);
    values[METRIC.asCalls] = 1;
    values[METRIC.asLatency] = record.asLatencyMs;
  } else if (asErrorKind !== undefined) {
    families.push(FAMILY.asCalls);
    values[METRIC.asCalls] = 1;
  }
  if (asErrorKind !== undefined) {
    families.push(FAMILY.asErrors);
    dimensions[DIMENSION.errorKind] = closed(asErrorKind, AS_ERROR_KINDS, 'unavailable');
    values[METRIC.asErrors] = 1;
  }

  if (record.policy !== undefined && isDuration(record.policyMs)) {
    families.push(FAMILY.policyDecisions);
    dimensions[DIMENSION.policyEngine] = closed(record.policyEngine, POLICY_ENGINES, 'custom');
    values[METRIC.policyDecisions] = 1;
    values[METRIC.policyLatency] = record.policyMs;
  }

  if (record.revokedBy !== undefined) {
    const timed = isDuration(record.revocationDelayMs);
    families.push(timed ? FAMILY.revocationRefusalsTimed : FAMILY.revocationRefusals);
    values[METRIC.revocationRefusals] = 1;
    if (timed) values[METRIC.revocationDelay] = record.revocationDelayMs;
  }

  if (isDuration(record.durationMs)) {
    families.push(FAMILY.decisionDuration);
    values[METRIC.decisionDuration] = record.durationMs;
  }
  return { families, dimensions, values };
}

export function eventMetrics<N extends LogEventName>(name: N, fields: Partial<LogEventFields[N]>): MetricPoint {
  switch (name) {
    case 'jwks_refresh':
      return { families: [FAMILY.jwksRefreshes], dimensions: {}, values: { [METRIC.jwksRefreshes]: 1 } };
    case 'revocation_poll_failed':
      return { families: [FAMILY.revocationPollFailures], dimensions: {}, values: { [METRIC.revocationPollFailures]: 1 } };
    case 'revocation_received': {
      const received = fields as Partial<LogEventFields['revocation_received']>;
      if (received.outcome === 'rejected' || received.outcome === 'unavailable') {
        const kind = received.outcome === 'unavailable' ? 'unavailable' : closed(received.err, SET_ERROR_KINDS, 'invalid_request');
        return {
          families: [FAMILY.revocationsRejected, FAMILY.revocationsRejectedByKind],
          dimensions: { [DIMENSION.errorKind]: kind },
          values: { [METRIC.revocationsReceived]: 1, [METRIC.revocationsRejected]: 1 },
        };
      }
      return {
        families: [FAMILY.revocationsReceived],
        dimensions: {},
        values: { [METRIC.revocationsReceived]: 1, [METRIC.revocationsApplied]: received.applied ?? 0 },
      };
    }
    case 'secret_refresh':
      return { families: [FAMILY.secretRefreshes], dimensions: {}, values: { [METRIC.secretRefreshes]: 1 } };
    case 'dynamodb_error': {
      const kind = closed((fields as Partial<LogEventFields['dynamodb_error']>).kind, DYNAMODB_ERROR_KINDS, 'other');
      return { families: [FAMILY.dynamoDbErrors], dimensions: { [DIMENSION.errorKind]: kind }, values: { [METRIC.dynamoDbErrors]: 1 } };
    }
    default:
      return { families: [], dimensions: {}, values: {} };
  }
}
