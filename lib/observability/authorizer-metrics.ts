// CloudWatch metrics of the phantom token handlers, built on the names the handlers emit (EMF, see
// lambda/shared/metric-names.ts). Every metric is keyed on the `service` dimension: the function name.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { DIMENSION, METRIC, METRICS_NAMESPACE, type MetricName } from '../../lambda/shared/metric-names';
import { AsErrorKind, CacheTier, DecisionOutcome, DynamoDbErrorKind } from './metric-dimensions';

/** Metric factories for one function's decision metrics (authorizer or validator). */
export class PhantomTokenMetrics {
  /** The CloudWatch namespace the handlers emit to. */
  public static readonly NAMESPACE: string = METRICS_NAMESPACE;

  /**
   * @param service The `service` dimension value: the Lambda function name (a token is fine).
   * @param metricsNamespace The namespace, when the handlers were told to emit to another one.
   */
  constructor(
    private readonly service: string,
    private readonly metricsNamespace: string = METRICS_NAMESPACE,
  ) {}

  /** Decisions, all outcomes. Sum over 5 minutes. */
  metricDecisions(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.decisions, {}, 'Sum', props);
  }

  /** Decisions with one outcome: allow, deny (403), unauthorized (401), unavailable (503), error. */
  metricDecisionsByOutcome(outcome: DecisionOutcome, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.decisions, { [DIMENSION.outcome]: outcome }, 'Sum', { label: outcome, ...props });
  }

  /** Decisions with one reason code (`OK`, `ERR_TOKEN_INACTIVE`, `ERR_SCOPE_INSUFFICIENT`, ...). */
  metricDecisionsByReason(reason: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.decisions, { [DIMENSION.reason]: reason }, 'Sum', { label: reason, ...props });
  }

  /**
   * Refusals and failures, one line per reason code (every `Reason` but `OK`). A CloudWatch search, so a
   * code that first appears tomorrow shows up without a deploy.
   */
  metricRefusalsByReason(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    const period = props?.period ?? Duration.minutes(5);
    const { service, reason } = DIMENSION;
    const query = `{${this.metricsNamespace},${service},${reason}} MetricName="${METRIC.decisions}" ${service}="${this.service}" NOT ${reason}="OK"`;
    return new cloudwatch.MathExpression({
      expression: `SEARCH('${query}', 'Sum', ${period.toSeconds()})`,
      usingMetrics: {},
      label: '',
      ...props,
      period,
    });
  }

  /** Lookups answered by a cache tier (memory, DynamoDB or the negative cache). */
  metricCacheHits(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.cacheHits, {}, 'Sum', props);
  }

  /** Lookups answered by one tier. */
  metricCacheHitsByTier(tier: CacheTier, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.cacheHits, { [DIMENSION.cacheTier]: tier }, 'Sum', { label: tier, ...props });
  }

  /** Lookups no tier could answer (each one is an AS call, or waits on one). */
  metricCacheMisses(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.cacheMisses, {}, 'Sum', props);
  }

  /** Percentage of lookups answered from a cache tier; 100 when there were no lookups. */
  metricCacheHitRatio(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: 'IF(hits + misses > 0, 100 * hits / (hits + misses), 100)',
      usingMetrics: { hits: this.metricCacheHits(), misses: this.metricCacheMisses() },
      label: 'cache hit %',
      period: Duration.minutes(5),
      ...props,
    });
  }

  /** Calls to the authorization server. */
  metricAsCalls(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.asCalls, {}, 'Sum', props);
  }

  /** Latency of the calls to the authorization server, in milliseconds. Average unless `statistic` says `p99`. */
  metricAsLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.asLatency, {}, 'Average', props);
  }

  /** Failed calls to the authorization server, all kinds. */
  metricAsErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.asErrors, {}, 'Sum', props);
  }

  /** Failed calls of one kind: timeout, network, http_5xx, client_auth, invalid_response, unavailable. */
  metricAsErrorsByKind(kind: AsErrorKind, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.asErrors, { [DIMENSION.errorKind]: kind }, 'Sum', { label: kind, ...props });
  }

  /** Percentage of AS calls that failed; 0 when there were no calls. */
  metricAsErrorRate(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: 'IF(calls > 0, 100 * errors / calls, 0)',
      usingMetrics: { errors: this.metricAsErrors(), calls: this.metricAsCalls() },
      label: 'AS error %',
      period: Duration.minutes(5),
      ...props,
    });
  }

  /** The handler's time for one decision, in milliseconds. */
  metricDecisionDuration(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.decisionDuration, {}, 'Average', props);
  }

  /** Failed or throttled DynamoDB calls of the cache (each degraded to an AS call). */
  metricDynamoDbErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.dynamoDbErrors, {}, 'Sum', props);
  }

  /** DynamoDB errors of one kind: throttle, timeout, network, access_denied, other. */
  metricDynamoDbErrorsByKind(kind: DynamoDbErrorKind, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.dynamoDbErrors, { [DIMENSION.errorKind]: kind }, 'Sum', { label: kind, ...props });
  }

  /** JWKS fetches after the first (an unknown `kid`: usually a key rotation at the AS). */
  metricJwksRefreshes(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.jwksRefreshes, {}, 'Sum', props);
  }

  /** Re-reads of the client credentials after the AS refused them. */
  metricSecretRefreshes(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRIC.secretRefreshes, {}, 'Sum', props);
  }

  private metric(metricName: MetricName, dimensions: Record<string, string>, statistic: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: this.metricsNamespace,
      metricName,
      statistic,
      period: Duration.minutes(5),
      ...props,
      dimensionsMap: { [DIMENSION.service]: this.service, ...dimensions, ...props.dimensionsMap },
    });
  }
}
