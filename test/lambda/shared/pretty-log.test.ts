import { DecisionLogger } from '../../../lambda/shared/decision-log';
import { formatPrettyLine, prettySink, terminalAwareSink } from '../../../lambda/shared/pretty-log';

const ESC = '\u001b[';

function jsonLines(level: 'info' | 'warn' = 'info'): string[] {
  const lines: string[] = [];
  const logger = new DecisionLogger(level, (line) => lines.push(line), { metrics: { service: 'local' } });
  logger.decision({
    component: 'authorizer',
    outcome: 'allow',
    reason: 'OK',
    route: 'GET /invoices',
    cacheTier: 'miss',
    asLatencyMs: 12,
    tokenHashPrefix: 'ab12cd34ef56',
    sub: 'alice',
    clientId: 'web-app',
    requestId: 'req-7',
    durationMs: 15,
  });
  logger.event('dynamodb_error', { kind: 'throttle', operation: 'PutItem' });
  return lines;
}

describe('formatPrettyLine', () => {
  it('a decision: outcome, reason and route first, labelled fields after, no metrics block', () => {
    const [decision] = jsonLines();
    const time = JSON.parse(decision).time.slice(11, 23);
    expect(formatPrettyLine(decision)).toBe(
      `${time} INFO  authorizer allow OK GET /invoices cache=miss as=12ms took=15ms sub=alice client=web-app hash=ab12cd34ef56 req=req-7`,
    );
  });

  it('an event: its name and fields, without the metric members', () => {
    const [, event] = jsonLines();
    const pretty = formatPrettyLine(event)!;
    expect(pretty).toMatch(/ WARN  dynamodb_error kind=throttle operation=PutItem$/);
    expect(pretty).not.toMatch(/DynamoDbErrors|ErrorKind|service|_aws/);
  });

  it('metrics-only lines are not shown; text that is not a JSON object passes unchanged', () => {
    const [metricsOnly] = jsonLines('warn');
    expect(JSON.parse(metricsOnly).msg).toBe('metrics');
    expect(formatPrettyLine(metricsOnly)).toBeUndefined();
    expect(formatPrettyLine('listening on 127.0.0.1:3000')).toBe('listening on 127.0.0.1:3000');
    expect(formatPrettyLine('[1,2]')).toBe('[1,2]');
  });

  it('other lines: values with spaces are quoted', () => {
    const line = JSON.stringify({ level: 'error', time: '2026-11-28T12:00:00.000Z', msg: 'cold_start_failed', detail: 'PHANTOM_ISSUER: is required' });
    expect(formatPrettyLine(line)).toBe('12:00:00.000 ERROR cold_start_failed detail="PHANTOM_ISSUER: is required"');
  });

  it('colours the level and the outcome only when asked', () => {
    const [decision] = jsonLines();
    expect(formatPrettyLine(decision, { color: true })).toContain(`${ESC}32mallow${ESC}0m`);
    expect(formatPrettyLine(decision)).not.toContain(ESC);
  });
});

describe('sinks', () => {
  it('prettySink writes one pretty line per shown line', () => {
    const written: string[] = [];
    const sink = prettySink((text) => written.push(text));
    for (const line of jsonLines('warn')) sink(line);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/dynamodb_error kind=throttle operation=PutItem\n$/);
  });

  it('terminalAwareSink: pretty and coloured on a terminal, the JSON line unchanged otherwise', () => {
    const [decision] = jsonLines();
    const tty: string[] = [];
    const pipe: string[] = [];
    terminalAwareSink({ isTTY: true, write: (text: string) => tty.push(text) > 0 })(decision);
    terminalAwareSink({ isTTY: false, write: (text: string) => pipe.push(text) > 0 })(decision);
    expect(tty[0]).toContain(`${ESC}32mallow`);
    expect(tty[0]).not.toContain('_aws');
    expect(pipe).toEqual([`${decision}\n`]);
  });
});
