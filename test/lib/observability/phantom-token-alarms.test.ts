import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PhantomTokenAlarms } from '../../../lib/observability';
import { PhantomTokenPropsError } from '../../../lib/prop-problems';
import { observedStack } from './stack-fixture';

function alarmsTemplate(options: Partial<ConstructorParameters<typeof PhantomTokenAlarms>[2]> = {}, withApi = true) {
  const fixture = observedStack();
  const alarms = new PhantomTokenAlarms(fixture.stack, 'Alarms', { metrics: fixture.metrics, restApi: withApi ? fixture.restApi : undefined, ...options });
  return { ...fixture, alarms, template: Template.fromStack(fixture.stack) };
}

/** The metric queries of a math-expression alarm, by id. */
function queries(template: Template, logicalIdPrefix: string): Record<string, any> {
  const [alarm] = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).filter(([id]) => id.startsWith(logicalIdPrefix));
  return Object.fromEntries((alarm[1].Properties.Metrics as any[]).map((query) => [query.Id, query]));
}

describe('PhantomTokenAlarms', () => {
  it('makes the five alarms with the default thresholds, no actions without a topic', () => {
    const { template, alarms } = alarmsTemplate();
    template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
    expect(alarms.all).toHaveLength(5);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'AsLatency',
      Namespace: 'PhantomToken',
      ExtendedStatistic: 'p99',
      Threshold: 1000,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('faults of its own'),
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
    });
    const [errors] = Object.values(queries(template, 'AlarmsAuthorizerErrors'));
    expect(errors.MetricStat).toMatchObject({ Metric: { Namespace: 'PhantomToken', MetricName: 'Decisions' }, Stat: 'Sum', Period: 300 });
    expect(errors.MetricStat.Metric.Dimensions).toEqual(expect.arrayContaining([{ Name: 'Outcome', Value: 'error' }]));
    expect(errors.MetricStat.Metric.Dimensions).toHaveLength(2);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 5, ComparisonOperator: 'GreaterThanThreshold', Metrics: Match.anyValue() });
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toBeUndefined();
    }
  });

  it('the AS error rate is errors over calls of the AS, in percent', () => {
    const { template } = alarmsTemplate({ asErrorRatePercent: 10 });
    const byId = queries(template, 'AlarmsAsErrorRate');
    expect((Object.values(byId).find((q: any) => q.Expression) as any).Expression).toBe('IF(calls > 0, 100 * errors / calls, 0)');
    expect(byId.errors.MetricStat.Metric.MetricName).toBe('AsErrors');
    expect(byId.calls.MetricStat.Metric.MetricName).toBe('AsCalls');
    expect(byId.errors.MetricStat.Period).toBe(300);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 10, AlarmDescription: Match.stringLikeRegexp('authorization server are failing') });
  });

  it('the cache hit ratio is judged over 15 minutes and only above the minimum traffic', () => {
    const { template } = alarmsTemplate({ cacheHitRatioPercent: 80, cacheHitRatioMinLookups: 500 });
    const byId = queries(template, 'AlarmsCacheHitRatio');
    const expression = Object.values(byId).find((q: any) => q.Expression) as any;
    expect(expression.Expression).toBe('IF(hits + misses >= 500, 100 * hits / (hits + misses), 100)');
    expect(byId.hits.MetricStat.Metric.MetricName).toBe('CacheHits');
    expect(byId.misses.MetricStat.Metric.MetricName).toBe('CacheMisses');
    expect(byId.hits.MetricStat.Period).toBe(900);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 80, ComparisonOperator: 'LessThanThreshold', EvaluationPeriods: 2 });
  });

  it('the gateway 5xx alarm reads API Gateway 5XXError over Count for the stage; none without a REST API', () => {
    const { template } = alarmsTemplate({ gateway5xxPercent: 2 });
    const byId = queries(template, 'AlarmsGateway5xx');
    expect(byId.errors.MetricStat.Metric).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '5XXError' });
    expect(byId.errors.MetricStat.Metric.Dimensions).toEqual(expect.arrayContaining([{ Name: 'ApiName', Value: 'observed-api' }]));
    expect(byId.requests.MetricStat.Metric.MetricName).toBe('Count');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 2 });

    const without = alarmsTemplate({}, false);
    without.template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    expect(without.alarms.gateway5xx).toBeUndefined();
  });

  it('with a topic, every alarm notifies it on ALARM and on OK', () => {
    const fixture = observedStack();
    const topic = new sns.Topic(fixture.stack, 'Pager');
    new PhantomTokenAlarms(fixture.stack, 'Alarms', { metrics: fixture.metrics, restApi: fixture.restApi, topic, asLatencyP99: Duration.millis(400) });
    const template = Template.fromStack(fixture.stack);
    const topicRef = { Ref: fixture.stack.getLogicalId(topic.node.defaultChild as any) };
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toEqual([topicRef]);
      expect(alarm.Properties.OKActions).toEqual([topicRef]);
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'AsLatency', Threshold: 400 });
  });

  it('reports every bad threshold at once, naming the construct path and the prop', () => {
    const { stack, metrics } = observedStack();
    let error: unknown;
    try {
      new PhantomTokenAlarms(stack, 'Alarms', {
        metrics,
        asErrorRatePercent: 0,
        gateway5xxPercent: 150,
        cacheHitRatioPercent: -1,
        authorizerErrors: 0.5,
        cacheHitRatioMinLookups: 0,
        asLatencyP99: Duration.minutes(5),
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PhantomTokenPropsError);
    const { constructPath, problems } = error as PhantomTokenPropsError;
    expect(constructPath).toBe('Observed/Alarms');
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual(
      ['asErrorRatePercent', 'asLatencyP99', 'authorizerErrors', 'cacheHitRatioMinLookups', 'cacheHitRatioPercent', 'gateway5xxPercent'].sort(),
    );
  });
});
