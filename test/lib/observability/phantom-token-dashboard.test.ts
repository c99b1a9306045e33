import { Template } from 'aws-cdk-lib/assertions';
import { PhantomTokenAlarms, PhantomTokenDashboard } from '../../../lib/observability';
import { observedStack } from './stack-fixture';

/** The dashboard body as CloudFormation renders it, with the tokens (function name, region) resolved to markers. */
function dashboardBody(template: Template): { widgets: any[] } {
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  const body = dashboard.Properties.DashboardBody;
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((part: unknown) => (typeof part === 'string' ? part : 'TOKEN')).join('');
  return JSON.parse(text);
}

const titles = (body: { widgets: any[] }) => body.widgets.map((widget) => widget.properties.title);
const metricsOf = (body: { widgets: any[] }, title: string) => body.widgets.find((widget) => widget.properties.title === title).properties.metrics as unknown[][];

describe('PhantomTokenDashboard', () => {
  it('with alarms and a REST API: alarm status first, then gateway, AS, cache, decisions', () => {
    const { stack, metrics, restApi } = observedStack();
    const alarms = new PhantomTokenAlarms(stack, 'Alarms', { metrics, restApi });
    new PhantomTokenDashboard(stack, 'Dashboard', { metrics, restApi, alarms: alarms.all, dashboardName: 'phantom-token' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'phantom-token' });
    const body = dashboardBody(template);
    expect(titles(body)).toEqual([
      'Alarms',
      'Gateway requests and errors',
      'Gateway latency (ms)',
      'Authorization server: calls and errors by kind',
      'Authorization server latency (ms)',
      'Token cache: hits by tier and misses',
      'Cache and key trouble',
      'Decisions by outcome',
      'Refusals by reason',
    ]);
    expect(body.widgets[0].properties.alarms).toHaveLength(5);
    // Each decision outcome is one line: namespace, metric, then its dimensions.
    const outcomes = metricsOf(body, 'Decisions by outcome');
    expect(outcomes.map((line) => line.slice(0, 2))).toEqual(Array(5).fill(['PhantomToken', 'Decisions']));
    expect(outcomes.map((line) => line[line.indexOf('Outcome') + 1])).toEqual(['allow', 'deny', 'unauthorized', 'unavailable', 'error']);
    const latency = metricsOf(body, 'Authorization server latency (ms)');
    expect(latency.map((line) => (line.at(-1) as { stat: string }).stat)).toEqual(['p50', 'p99']);
    const refusals = metricsOf(body, 'Refusals by reason');
    expect((refusals[0][0] as { expression: string }).expression).toMatch(/^SEARCH\('\{PhantomToken,service,Reason\} MetricName="Decisions" service="TOKEN" NOT Reason="OK"', 'Sum', 300\)$/);
    const cache = metricsOf(body, 'Token cache: hits by tier and misses');
    expect(cache.some((line) => (line[0] as { expression?: string }).expression?.includes('hits / (hits + misses)'))).toBe(true);
  });

  it('without alarms or a REST API: only the handler rows', () => {
    const { stack, metrics } = observedStack();
    new PhantomTokenDashboard(stack, 'Dashboard', { metrics });
    const body = dashboardBody(Template.fromStack(stack));
    expect(titles(body)).not.toContain('Alarms');
    expect(titles(body).filter((title: string) => title.startsWith('Gateway'))).toEqual([]);
    expect(titles(body)).toHaveLength(6);
  });
});
