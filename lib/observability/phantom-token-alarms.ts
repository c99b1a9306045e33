// Opt-in alarms on what an operator of the trust boundary must hear about: the AS failing or slowing
// down, the authorizer faulting, the gateway answering 5xx, the cache no longer absorbing the load.
import { Duration, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { PhantomTokenMetrics } from './authorizer-metrics';
import { gatewayMetricsOf, type IGatewayMetrics } from './gateway-metrics';
import { DecisionOutcome } from './metric-dimensions';
import { ALARMS_KINDS } from '../construct-prop-kinds';
import { PropProblems } from '../prop-problems';

/** Thresholds and the notification target; every field has a default. */
export interface PhantomTokenAlarmOptions {
  /**
   * Notified when an alarm fires and when it recovers.
   * @default - no action: the alarms only change state
   */
  readonly topic?: sns.ITopic;
  /**
   * AS error rate, percent of AS calls over 5 minutes, that fires the alarm.
   * @default 5
   */
  readonly asErrorRatePercent?: number;
  /**
   * p99 latency of the AS calls over 5 minutes that fires the alarm.
   * @default Duration.millis(1000)
   */
  readonly asLatencyP99?: Duration;
  /**
   * Decisions with outcome `error` (faults of the authorizer itself) in 5 minutes that fire the alarm.
   * @default 1
   */
  readonly authorizerErrors?: number;
  /**
   * Gateway 5xx answers, percent of requests over 5 minutes, that fires the alarm.
   * @default 5
   */
  readonly gateway5xxPercent?: number;
  /**
   * Cache hit ratio, percent of lookups over 15 minutes, below which the alarm fires.
   * @default 50
   */
  readonly cacheHitRatioPercent?: number;
  /**
   * Lookups in 15 minutes below which the cache hit ratio is not judged (too little traffic to mean much).
   * @default 100
   */
  readonly cacheHitRatioMinLookups?: number;
}

export interface PhantomTokenAlarmsProps extends PhantomTokenAlarmOptions {
  /** The authorizer's metrics. */
  readonly metrics: PhantomTokenMetrics;
  /**
   * The REST API whose 5xx answers are watched.
   * @default - no gateway 5xx alarm
   */
  readonly restApi?: apigateway.IRestApi;
  /**
   * The stage metrics whose 5xx answers are watched (an HTTP API's: `HttpGatewayMetrics`); before `restApi`.
   * @default - the metrics of `restApi`, if given
   */
  readonly gatewayMetrics?: IGatewayMetrics;
}

/** Every problem with the thresholds, filed in the caller's PropProblems (e.g. under `alarms.`). */
export function alarmOptionsProblems(problems: PropProblems, options: PhantomTokenAlarmOptions): void {
  for (const [prop, value] of Object.entries({
    asErrorRatePercent: options.asErrorRatePercent,
    gateway5xxPercent: options.gateway5xxPercent,
    cacheHitRatioPercent: options.cacheHitRatioPercent,
  })) {
    if (value !== undefined && !Token.isUnresolved(value) && !(value > 0 && value <= 100)) {
      problems.add(prop, `must be a percentage above 0 and at most 100, got ${value}`);
    }
  }
  problems.durationWithin('asLatencyP99', options.asLatencyP99, 0.001, 60);
  problems.integerWithin('authorizerErrors', options.authorizerErrors, 1, 1_000_000);
  problems.integerWithin('cacheHitRatioMinLookups', options.cacheHitRatioMinLookups, 1, 1_000_000_000);
}

/** The alarms; each is `public readonly` so it can be put on a dashboard or given more actions. */
export class PhantomTokenAlarms extends Construct {
  /** The AS error rate is above `asErrorRatePercent`. */
  public readonly asErrorRate: cloudwatch.Alarm;
  /** The AS calls' p99 latency is above `asLatencyP99`. */
  public readonly asLatency: cloudwatch.Alarm;
  /** The authorizer faulted (decisions with outcome `error`) at least `authorizerErrors` times. */
  public readonly authorizerErrors: cloudwatch.Alarm;
  /** The cache hit ratio is below `cacheHitRatioPercent`, once there is enough traffic to judge. */
  public readonly cacheHitRatio: cloudwatch.Alarm;
  /** The gateway's 5xx rate is above `gateway5xxPercent`; only with `restApi` or `gatewayMetrics`. */
  public readonly gateway5xx?: cloudwatch.Alarm;

  private readonly topic?: sns.ITopic;

  constructor(scope: Construct, id: string, props: PhantomTokenAlarmsProps) {
    super(scope, id);
    const problems = new PropProblems(this);
    alarmOptionsProblems(problems, problems.typed(props, ALARMS_KINDS));
    problems.throwIfAny();
    this.topic = props.topic;
    const { metrics } = props;
    const fiveMinutes = Duration.minutes(5);

    this.asErrorRate = this.alarm('AsErrorRate', {
      metric: metrics.metricAsErrorRate({ period: fiveMinutes }),
      threshold: props.asErrorRatePercent ?? 5,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      alarmDescription: 'Calls from the phantom token authorizer to the authorization server are failing: callers get 503. See README, Operations.',
    });
    this.asLatency = this.alarm('AsLatencyP99', {
      metric: metrics.metricAsLatency({ statistic: cloudwatch.Stats.p(99), period: fiveMinutes }),
      threshold: (props.asLatencyP99 ?? Duration.millis(1000)).toMilliseconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      alarmDescription: 'The authorization server is slow (p99 of the token exchange): cache misses wait on it. See README, Operations.',
    });
    this.authorizerErrors = this.alarm('AuthorizerErrors', {
      metric: metrics.metricDecisionsByOutcome(DecisionOutcome.ERROR, { period: fiveMinutes }),
      threshold: props.authorizerErrors ?? 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      alarmDescription: 'The phantom token authorizer hit faults of its own (configuration, unexpected errors). See README, Operations.',
    });
    const minLookups = props.cacheHitRatioMinLookups ?? 100;
    this.cacheHitRatio = this.alarm('CacheHitRatio', {
      metric: new cloudwatch.MathExpression({
        // Below the minimum traffic the ratio counts as healthy (100), so a quiet night does not page anyone.
        expression: `IF(hits + misses >= ${minLookups}, 100 * hits / (hits + misses), 100)`,
        usingMetrics: { hits: metrics.metricCacheHits(), misses: metrics.metricCacheMisses() },
        label: 'cache hit %',
        period: Duration.minutes(15),
      }),
      threshold: props.cacheHitRatioPercent ?? 50,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      alarmDescription: 'Few token lookups are answered from the cache: every miss is an AS call. See README, Operations.',
    });
    const gateway = gatewayMetricsOf(props);
    if (gateway) {
      this.gateway5xx = this.alarm('Gateway5xx', {
        metric: new cloudwatch.MathExpression({
          expression: 'IF(requests > 0, 100 * errors / requests, 0)',
          usingMetrics: { errors: gateway.metricServerErrors(), requests: gateway.metricRequests() },
          label: 'gateway 5xx %',
          period: fiveMinutes,
        }),
        threshold: props.gateway5xxPercent ?? 5,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        alarmDescription: 'The gateway answers 5xx (503 when the AS is unavailable, 500/502 from the services). See README, Operations.',
      });
    }
  }

  /** Every alarm made, for an alarm-status widget. */
  public get all(): cloudwatch.Alarm[] {
    return [this.asErrorRate, this.asLatency, this.authorizerErrors, this.cacheHitRatio, ...(this.gateway5xx ? [this.gateway5xx] : [])];
  }

  private alarm(id: string, props: Omit<cloudwatch.AlarmProps, 'evaluationPeriods'> & { evaluationPeriods?: number }): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      // Two bad periods out of three: one slow blip does not page, a lasting problem does within 15 minutes.
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...props,
    });
    if (this.topic) {
      alarm.addAlarmAction(new cloudwatchActions.SnsAction(this.topic));
      alarm.addOkAction(new cloudwatchActions.SnsAction(this.topic));
    }
    return alarm;
  }
}
