import { Template } from 'aws-cdk-lib/assertions';
import { addOperationsViews, GatewayMetrics, operationsViewsProblems } from '../../../lib/observability';
import { PropProblems } from '../../../lib/prop-problems';
import { observedStack } from './stack-fixture';

describe('addOperationsViews', () => {
  it('makes nothing unless asked (both are opt-in)', () => {
    const { stack, metrics, restApi } = observedStack();
    expect(addOperationsViews(stack, metrics, {}, new GatewayMetrics(restApi))).toEqual({ alarms: undefined, dashboard: undefined });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });

  it('alarms: {} and dashboard: {} make the defaults, the dashboard showing the alarms', () => {
    const { stack, metrics, restApi } = observedStack();
    const views = addOperationsViews(stack, metrics, { alarms: {}, dashboard: {} }, new GatewayMetrics(restApi));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    expect(views.alarms?.node.path).toBe('Observed/Alarms');
    expect(views.dashboard?.node.path).toBe('Observed/Dashboard');
  });

  it('alarm options are passed through; their problems are filed under alarms.', () => {
    const { stack, metrics } = observedStack();
    addOperationsViews(stack, metrics, { alarms: { asErrorRatePercent: 20 } });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 20 });

    const problems = new PropProblems(stack);
    operationsViewsProblems(problems, { alarms: { gateway5xxPercent: 101 }, dashboard: {} });
    operationsViewsProblems(problems, { alarms: {} });
    expect(() => problems.throwIfAny()).toThrow(/alarms\.gateway5xxPercent: must be a percentage above 0 and at most 100, got 101/);
    expect(problems.count).toBe(1);
  });
});
