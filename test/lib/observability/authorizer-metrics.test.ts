import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { METRIC, METRICS_NAMESPACE } from '../../../lambda/shared/metric-names';
import { AsErrorKind, CacheTier, DecisionOutcome, DynamoDbErrorKind, GatewayMetrics, PhantomTokenMetrics } from '../../../lib';
import { observedStack } from './stack-fixture';

function describeMetric(stack: Stack, metric: cloudwatch.Metric) {
  return {
    namespace: metric.namespace,
    name: metric.metricName,
    statistic: metric.statistic,
    periodSeconds: metric.period.toSeconds(),
    dimensions: stack.resolve(metric.dimensions),
  };
}

describe('PhantomTokenMetrics', () => {
  const { stack, fn, metrics } = observedStack();
  const service = stack.resolve(fn.functionName);

  it.each<[string, (m: PhantomTokenMetrics) => cloudwatch.Metric, string, string, Record<string, string>]>([
    ['metricDecisions', (m) => m.metricDecisions(), METRIC.decisions, 'Sum', {}],
    ['metricDecisionsByOutcome', (m) => m.metricDecisionsByOutcome(DecisionOutcome.UNAVAILABLE), METRIC.decisions, 'Sum', { Outcome: 'unavailable' }],
    ['metricDecisionsByReason', (m) => m.metricDecisionsByReason('ERR_SCOPE_INSUFFICIENT'), METRIC.decisions, 'Sum', { Reason: 'ERR_SCOPE_INSUFFICIENT' }],
    ['metricCacheHits', (m) => m.metricCacheHits(), METRIC.cacheHits, 'Sum', {}],
    ['metricCacheHitsByTier', (m) => m.metricCacheHitsByTier(CacheTier.DYNAMODB), METRIC.cacheHits, 'Sum', { CacheTier: 'dynamodb' }],
    ['metricCacheMisses', (m) => m.metricCacheMisses(), METRIC.cacheMisses, 'Sum', {}],
    ['metricAsCalls', (m) => m.metricAsCalls(), METRIC.asCalls, 'Sum', {}],
    ['metricAsLatency', (m) => m.metricAsLatency(), METRIC.asLatency, 'Average', {}],
    ['metricAsErrors', (m) => m.metricAsErrors(), METRIC.asErrors, 'Sum', {}],
    ['metricAsErrorsByKind', (m) => m.metricAsErrorsByKind(AsErrorKind.TIMEOUT), METRIC.asErrors, 'Sum', { ErrorKind: 'timeout' }],
    ['metricDecisionDuration', (m) => m.metricDecisionDuration(), METRIC.decisionDuration, 'Average', {}],
    ['metricDynamoDbErrors', (m) => m.metricDynamoDbErrors(), METRIC.dynamoDbErrors, 'Sum', {}],
    ['metricDynamoDbErrorsByKind', (m) => m.metricDynamoDbErrorsByKind(DynamoDbErrorKind.THROTTLE), METRIC.dynamoDbErrors, 'Sum', { ErrorKind: 'throttle' }],
    ['metricJwksRefreshes', (m) => m.metricJwksRefreshes(), METRIC.jwksRefreshes, 'Sum', {}],
    ['metricSecretRefreshes', (m) => m.metricSecretRefreshes(), METRIC.secretRefreshes, 'Sum', {}],
  ])('%s: the name, statistic and dimensions the handlers emit', (_, make, name, statistic, dimensions) => {
    expect(describeMetric(stack, make(metrics))).toEqual({
      namespace: METRICS_NAMESPACE,
      name,
      statistic,
      periodSeconds: 300,
      dimensions: { service, ...dimensions },
    });
  });

  it('MetricOptions override the statistic and period; the service dimension stays', () => {
    const p99 = metrics.metricAsLatency({ statistic: 'p99', period: Duration.minutes(1) });
    expect(describeMetric(stack, p99)).toMatchObject({ statistic: 'p99', periodSeconds: 60, dimensions: { service } });
    expect(new PhantomTokenMetrics('svc', 'Custom').metricDecisions().namespace).toBe('Custom');
  });

  it('the ratios are math expressions over hits and misses, errors and calls', () => {
    const ratio = metrics.metricCacheHitRatio();
    expect(ratio.expression).toBe('IF(hits + misses > 0, 100 * hits / (hits + misses), 100)');
    expect(Object.keys(ratio.usingMetrics).sort()).toEqual(['hits', 'misses']);
    const rate = metrics.metricAsErrorRate({ period: Duration.minutes(1) });
    expect(rate.expression).toBe('IF(calls > 0, 100 * errors / calls, 0)');
    expect(rate.period.toSeconds()).toBe(60);
  });

  it('an alarm on a factory metric renders the EMF namespace and the function-name dimension', () => {
    const { stack: alarmStack, fn: alarmFn, metrics: alarmMetrics } = observedStack();
    alarmMetrics.metricJwksRefreshes().createAlarm(alarmStack, 'Refreshes', { threshold: 10, evaluationPeriods: 1 });
    Template.fromStack(alarmStack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'PhantomToken',
      MetricName: 'JwksRefreshes',
      Statistic: 'Sum',
      Period: 300,
      Dimensions: [{ Name: 'service', Value: alarmStack.resolve(alarmFn.functionName) }],
    });
  });
});

describe('GatewayMetrics', () => {
  it('uses ApiName and Stage for a RestApi the stack deploys', () => {
    const { stack, restApi } = observedStack();
    const metric = new GatewayMetrics(restApi).metricServerErrors();
    expect(describeMetric(stack, metric)).toEqual({
      namespace: 'AWS/ApiGateway',
      name: '5XXError',
      statistic: 'Sum',
      periodSeconds: 300,
      dimensions: { ApiName: 'observed-api', Stage: stack.resolve(restApi.deploymentStage.stageName) },
    });
    expect(new GatewayMetrics(restApi).metricLatency().statistic).toBe('Average');
    expect(new GatewayMetrics(restApi).metricIntegrationLatency().metricName).toBe('IntegrationLatency');
    expect(new GatewayMetrics(restApi).metricClientErrors().metricName).toBe('4XXError');
    expect(new GatewayMetrics(restApi).metricRequests().statistic).toBe('Sum');
  });
});

describe('metricRefusalsByReason', () => {
  it('searches every Reason but OK of this function, without a synth warning', () => {
    const { stack, fn, metrics } = observedStack();
    const search = metrics.metricRefusalsByReason();
    expect(stack.resolve(search.expression)).toEqual({
      'Fn::Join': ['', [
        `SEARCH('{PhantomToken,service,Reason} MetricName="Decisions" service="`,
        stack.resolve(fn.functionName),
        `" NOT Reason="OK"', 'Sum', 300)`,
      ]],
    });
    new cloudwatch.Dashboard(stack, 'Board', { widgets: [[new cloudwatch.GraphWidget({ left: [search] })]] });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue());
    expect(warnings).toEqual([]);
  });
});
