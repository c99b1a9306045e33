// The observability props and metric methods of PhantomTokenAuthorizer and PhantomTokenGateway.
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PhantomTokenAuthorizer } from '../../../lib/phantom-token-authorizer';
import { PhantomTokenGateway } from '../../../lib/phantom-token-gateway';
import { AsErrorKind, ServiceBackend } from '../../../lib';
import { problemsOf, ROUTES, testCredentials, testStack } from '../support';

const CODE = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');

function gatewayStack(extra: Partial<ConstructorParameters<typeof PhantomTokenGateway>[2]> = {}) {
  const stack = testStack();
  const gateway = new PhantomTokenGateway(stack, 'Gateway', {
    authorization: { issuer: 'https://login.example.com', jwksUri: 'https://login.example.com/jwks', clientId: 'gateway', clientCredentials: testCredentials(stack) },
    services: [{ name: 'Invoices', backend: ServiceBackend.fromCode(CODE), audience: 'https://api.example.com', routes: ROUTES }],
    ...extra,
  });
  return { stack, gateway, template: Template.fromStack(stack) };
}

describe('PhantomTokenAuthorizer metrics and tracing', () => {
  const stack = testStack();
  const authorizer = new PhantomTokenAuthorizer(stack, 'Authorizer', {
    issuer: 'https://login.example.com',
    clientId: 'gateway',
    clientCredentials: testCredentials(stack),
    routes: ROUTES,
    tracing: true,
  });
  const service = stack.resolve(authorizer.function.functionName);

  it.each([
    ['metricDecisions', authorizer.metricDecisions(), 'Decisions'],
    ['metricCacheHits', authorizer.metricCacheHits(), 'CacheHits'],
    ['metricCacheMisses', authorizer.metricCacheMisses(), 'CacheMisses'],
    ['metricAsCalls', authorizer.metricAsCalls(), 'AsCalls'],
    ['metricAsLatency', authorizer.metricAsLatency({ statistic: 'p99' }), 'AsLatency'],
    ['metricAsErrors', authorizer.metricAsErrors(), 'AsErrors'],
    ['metricDynamoDbErrors', authorizer.metricDynamoDbErrors(), 'DynamoDbErrors'],
    ['metricJwksRefreshes', authorizer.metricJwksRefreshes(), 'JwksRefreshes'],
  ])('%s is the handler metric keyed on this function', (_, metric, name) => {
    expect(metric.namespace).toBe('PhantomToken');
    expect(metric.metricName).toBe(name);
    expect(stack.resolve(metric.dimensions)).toEqual({ service });
  });

  it('the ratios and the per-dimension metrics come from the same factories', () => {
    expect(authorizer.metricCacheHitRatio().expression).toContain('hits / (hits + misses)');
    expect(authorizer.metricAsErrorRate().expression).toContain('errors / calls');
    expect(stack.resolve(authorizer.metrics.metricAsErrorsByKind(AsErrorKind.TIMEOUT).dimensions)).toEqual({ service, ErrorKind: 'timeout' });
  });

  it('tracing: true turns on active X-Ray tracing on the function', () => {
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { TracingConfig: { Mode: 'Active' } });
  });
});

describe('PhantomTokenGateway observability', () => {
  it('off by default: no alarm, no dashboard, no tracing', () => {
    const { template, gateway } = gatewayStack();
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    template.hasResourceProperties('AWS::ApiGateway::Stage', { TracingEnabled: Match.absent() });
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) expect(fn.Properties.TracingConfig).toBeUndefined();
    expect(gateway.alarms).toBeUndefined();
    expect(gateway.dashboard).toBeUndefined();
  });

  it('alarms with a topic, a dashboard and tracing on the stage and the authorizer', () => {
    const stack = testStack();
    const topic = new sns.Topic(stack, 'Pager');
    const gateway = new PhantomTokenGateway(stack, 'Gateway', {
      authorization: { issuer: 'https://login.example.com', jwksUri: 'https://login.example.com/jwks', clientId: 'gateway', clientCredentials: testCredentials(stack) },
      services: [{ name: 'Invoices', backend: ServiceBackend.fromCode(CODE), audience: 'https://api.example.com', routes: ROUTES }],
      alarms: { topic, asLatencyP99: Duration.millis(600) },
      dashboard: { dashboardName: 'phantom-token-gateway' },
      tracing: true,
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'AsLatency', Threshold: 600, AlarmActions: [{ Ref: Match.stringLikeRegexp('^Pager') }] });
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'phantom-token-gateway' });
    template.hasResourceProperties('AWS::ApiGateway::Stage', { TracingEnabled: true });
    template.hasResourceProperties('AWS::Lambda::Function', {
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: Match.objectLike({ PHANTOM_ISSUER: 'https://login.example.com' }) },
    });
    expect(gateway.alarms?.gateway5xx).toBeDefined();
    expect(gateway.dashboard?.node.path).toBe('Test/Gateway/Dashboard');
  });

  it('the gateway metrics: API Gateway 5xx, 4xx, requests and latency of its stage, and the authorizer metrics', () => {
    const { gateway, stack } = gatewayStack();
    expect(gateway.metricServerErrors()).toMatchObject({ namespace: 'AWS/ApiGateway', metricName: '5XXError' });
    expect(gateway.metricClientErrors().metricName).toBe('4XXError');
    expect(gateway.metricRequests().metricName).toBe('Count');
    expect(gateway.metricLatency({ statistic: 'p99' })).toMatchObject({ metricName: 'Latency', statistic: 'p99' });
    expect(stack.resolve(gateway.metricServerErrors().dimensions)).toEqual({
      ApiName: stack.resolve(gateway.restApi.restApiName),
      Stage: stack.resolve(gateway.restApi.deploymentStage.stageName),
    });
    expect(gateway.metricAsErrors().metricName).toBe('AsErrors');
    expect(gateway.metricCacheHitRatio().expression).toContain('hits / (hits + misses)');
  });

  it('bad alarm thresholds are reported with the others, under alarms.', () => {
    const problems = problemsOf(() => gatewayStack({ alarms: { cacheHitRatioPercent: 120 }, services: [] }));
    expect(problems).toEqual(expect.arrayContaining([
      'alarms.cacheHitRatioPercent: must be a percentage above 0 and at most 100, got 120',
      'services: must list at least one service',
    ]));
  });
});
