// Which metrics a decision record or an event stands for. Pure: the EMF serializer turns the families
// into the `_aws` block of the log line. Every dimension value is drawn from a short closed list, so a
// bad value from a caller cannot blow up the number of CloudWatch metrics (or carry an identifier).
import type { CacheTier, DecisionOutcome, DecisionRecord } from './decision-log';
import type { LogEventFields, LogEventName } from './log-events';
import {
  AS_ERROR_KIND_BY_REASON,
  AS_ERROR_KINDS,
  DIMENSION,
  DYNAMODB_ERROR_KINDS,
  METRIC,
  type MetricName,
} from './metric-names';

export type MetricUnitName = 'Count' | 'Milliseconds';

export interface MetricValue {
  readonly name: MetricName;
  readonly unit: MetricUnitName;
  readonly value: number;
}

/** Metrics that share their dimension sets. Each set is published in addition to the `service` dimension. */
export interface MetricFamily {
  readonly dimensionSets: readonly Readonly<Record<string, string>>[];
  readonly values: readonly MetricValue[];
}

const OUTCOMES: readonly DecisionOutcome[] = ['allow', 'deny', 'unauthorized', 'unavailable', 'error'];
const CACHE_TIERS: readonly CacheTier[] = ['memory', 'dynamodb', 'miss', 'negative'];
const REASON_PATTERN = /^(OK|ERR_[A-Z0-9_]{1,40})$/;

function closed<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : fallback;
}

const count = (name: MetricName): MetricValue => ({ name, unit: 'Count', value: 1 });
const millis = (name: MetricName, value: number): MetricValue => ({ name, unit: 'Milliseconds', value });
const isDuration = (value: number | undefined): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

export function decisionMetricFamilies(record: DecisionRecord): MetricFamily[] {
  const outcome = closed(record.outcome, OUTCOMES, 'error');
  const reason = REASON_PATTERN.test(record.reason) ? record.reason : 'OTHER';
  const families: MetricFamily[] = [
    {
      dimensionSets: [{}, { [DIMENSION.outcome]: outcome }, { [DIMENSION.reason]: reason }],
      values: [count(METRIC.decisions)],
    },
  ];

  if (record.cacheTier !== undefined) {
    const tier = closed(record.cacheTier, CACHE_TIERS, 'miss');
    families.push(
      tier === 'miss'
        ? { dimensionSets: [{}], values: [count(METRIC.cacheMisses)] }
        : { dimensionSets: [{}, { [DIMENSION.cacheTier]: tier }], values: [count(METRIC.cacheHits)] },
    );
  }

  const asErrorKind = record.asErrorKind ?? AS_ERROR_KIND_BY_REASON[record.reason];
  const timed = isDuration(record.asLatencyMs);
  if (timed || asErrorKind !== undefined) {
    families.push({
      dimensionSets: [{}],
      values: timed ? [count(METRIC.asCalls), millis(METRIC.asLatency, record.asLatencyMs!)] : [count(METRIC.asCalls)],
    });
  }
  if (asErrorKind !== undefined) {
    families.push({
      dimensionSets: [{}, { [DIMENSION.errorKind]: closed(asErrorKind, AS_ERROR_KINDS, 'unavailable') }],
      values: [count(METRIC.asErrors)],
    });
  }

  if (isDuration(record.durationMs)) {
    families.push({ dimensionSets: [{}], values: [millis(METRIC.decisionDuration, record.durationMs)] });
  }
  return families;
}

export function eventMetricFamilies<N extends LogEventName>(name: N, fields: Partial<LogEventFields[N]>): MetricFamily[] {
  switch (name) {
    case 'jwks_refresh':
      return [{ dimensionSets: [{}], values: [count(METRIC.jwksRefreshes)] }];
    case 'secret_refresh':
      return [{ dimensionSets: [{}], values: [count(METRIC.secretRefreshes)] }];
    case 'dynamodb_error': {
      const kind = closed((fields as Partial<LogEventFields['dynamodb_error']>).kind, DYNAMODB_ERROR_KINDS, 'other');
      return [{ dimensionSets: [{}, { [DIMENSION.errorKind]: kind }], values: [count(METRIC.dynamoDbErrors)] }];
    }
    default:
      return [];
  }
}
