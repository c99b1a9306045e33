// The constructs' metrics must be exactly the ones the handlers emit: CloudWatch matches a metric on its
// namespace, name and the full set of dimensions, so a factory that names one dimension too many or too
// few would graph and alarm on nothing. Each factory metric is looked up among the EMF lines' metrics.
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { DecisionLogger } from '../../../lambda/shared/decision-log';
import { AsErrorKind, CacheTier, DecisionOutcome, DynamoDbErrorKind, PhantomTokenMetrics } from '../../../lib';
import { emittedMetrics, type EmittedMetric } from '../../lambda/shared/emf-lines';

const SERVICE = 'stack-Authorizer-1A2B3C';

function emitted(): EmittedMetric[] {
  const lines: string[] = [];
  const logger = new DecisionLogger('info', (line) => lines.push(line), { metrics: { service: SERVICE } });
  logger.decision({ component: 'authorizer', outcome: 'allow', reason: 'OK', cacheTier: 'memory', durationMs: 2 });
  logger.decision({ component: 'authorizer', outcome: 'deny', reason: 'ERR_SCOPE_INSUFFICIENT', cacheTier: 'dynamodb' });
  logger.decision({ component: 'authorizer', outcome: 'unavailable', reason: 'ERR_AS_UNAVAILABLE', asErrorKind: 'timeout', cacheTier: 'miss', asLatencyMs: 2500 });
  logger.event('jwks_refresh');
  logger.event('secret_refresh');
  logger.event('dynamodb_error', { kind: 'throttle' });
  return lines.flatMap(emittedMetrics);
}

describe('factory metrics match emitted metrics', () => {
  const all = emitted();
  const m = new PhantomTokenMetrics(SERVICE);
  const factories: [string, cloudwatch.Metric][] = [
    ['metricDecisions', m.metricDecisions()],
    ['metricDecisionsByOutcome', m.metricDecisionsByOutcome(DecisionOutcome.DENY)],
    ['metricDecisionsByReason', m.metricDecisionsByReason('ERR_AS_UNAVAILABLE')],
    ['metricCacheHits', m.metricCacheHits()],
    ['metricCacheHitsByTier', m.metricCacheHitsByTier(CacheTier.MEMORY)],
    ['metricCacheMisses', m.metricCacheMisses()],
    ['metricAsCalls', m.metricAsCalls()],
    ['metricAsLatency', m.metricAsLatency()],
    ['metricAsErrors', m.metricAsErrors()],
    ['metricAsErrorsByKind', m.metricAsErrorsByKind(AsErrorKind.TIMEOUT)],
    ['metricDecisionDuration', m.metricDecisionDuration()],
    ['metricDynamoDbErrors', m.metricDynamoDbErrors()],
    ['metricDynamoDbErrorsByKind', m.metricDynamoDbErrorsByKind(DynamoDbErrorKind.THROTTLE)],
    ['metricJwksRefreshes', m.metricJwksRefreshes()],
    ['metricSecretRefreshes', m.metricSecretRefreshes()],
  ];

  it.each(factories)('%s', (_, metric) => {
    const match = all.find(
      (candidate) =>
        candidate.namespace === metric.namespace &&
        candidate.name === metric.metricName &&
        JSON.stringify(Object.entries(candidate.dimensions).sort()) === JSON.stringify(Object.entries(metric.dimensions ?? {}).sort()),
    );
    expect(match).toBeDefined();
  });

  it('the latency metrics are emitted in milliseconds, the rest as counts', () => {
    for (const metric of all) expect(metric.unit).toBe(['AsLatency', 'DecisionDuration'].includes(metric.name) ? 'Milliseconds' : 'Count');
  });
});
