// The EMF lines DecisionLogger emits, read back as CloudWatch would: metric names, units, dimensions.
import fc from 'fast-check';
import { DecisionLogger, type DecisionRecord } from '../../../lambda/shared/decision-log';
import { metricsSettingsFromEnv } from '../../../lambda/shared/emf';
import { DIMENSION, METRICS_NAMESPACE } from '../../../lambda/shared/metric-names';
import { emittedMetrics, metricKeys } from './emf-lines';

function capture(options: ConstructorParameters<typeof DecisionLogger>[2] = { metrics: { service: 'authorizer-fn' } }, level: 'debug' | 'info' | 'warn' = 'info') {
  const lines: string[] = [];
  const logger = new DecisionLogger(level, (line) => lines.push(line), options);
  return { logger, lines };
}

const allowFromMemory: DecisionRecord = {
  component: 'authorizer',
  outcome: 'allow',
  reason: 'OK',
  route: 'GET /invoices',
  cacheTier: 'memory',
  tokenHashPrefix: '3f9a0c1b2d4e',
  sub: 'alice',
  clientId: 'web-app',
  requestId: 'c0ffee00-1111-2222-3333-444455556666',
  durationMs: 3,
};

describe('decision lines carry their metrics', () => {
  it('an allow from the memory tier: one line with the log fields and the decision and cache-hit metrics', () => {
    const { logger, lines } = capture();
    logger.decision(allowFromMemory);
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({
      level: 'info',
      msg: 'decision',
      outcome: 'allow',
      reason: 'OK',
      route: 'GET /invoices',
      cacheTier: 'memory',
      tokenHashPrefix: '3f9a0c1b2d4e',
      sub: 'alice',
      clientId: 'web-app',
      requestId: allowFromMemory.requestId,
    });
    expect(metricKeys(lines[0])).toEqual([
      'CacheHits{CacheTier=memory}',
      'CacheHits{}',
      'DecisionDuration{}',
      'Decisions{Outcome=allow}',
      'Decisions{Reason=OK}',
      'Decisions{}',
    ]);
    for (const metric of emittedMetrics(lines[0])) {
      expect(metric.namespace).toBe(METRICS_NAMESPACE);
      expect(metric.dimensions.service).toBe('authorizer-fn');
      expect(metric.unit).toBe(metric.name === 'DecisionDuration' ? 'Milliseconds' : 'Count');
    }
  });

  it('a miss that called the AS: CacheMisses, AsCalls and AsLatency in milliseconds', () => {
    const { logger, lines } = capture();
    logger.decision({ ...allowFromMemory, cacheTier: 'miss', asLatencyMs: 42, durationMs: undefined });
    expect(metricKeys(lines[0])).toEqual(['AsCalls{}', 'AsLatency{}', 'CacheMisses{}', 'Decisions{Outcome=allow}', 'Decisions{Reason=OK}', 'Decisions{}']);
    const latency = emittedMetrics(lines[0]).find((metric) => metric.name === 'AsLatency')!;
    expect(latency).toMatchObject({ unit: 'Milliseconds', value: 42 });
  });

  it('a DynamoDB hit and a negative-cache hit count as hits of their tier', () => {
    const { logger, lines } = capture();
    logger.decision({ ...allowFromMemory, cacheTier: 'dynamodb' });
    logger.decision({ component: 'authorizer', outcome: 'unauthorized', reason: 'ERR_TOKEN_INACTIVE', cacheTier: 'negative' });
    expect(metricKeys(lines[0])).toContain('CacheHits{CacheTier=dynamodb}');
    expect(metricKeys(lines[1])).toEqual([
      'CacheHits{CacheTier=negative}',
      'CacheHits{}',
      'Decisions{Outcome=unauthorized}',
      'Decisions{Reason=ERR_TOKEN_INACTIVE}',
      'Decisions{}',
    ]);
  });

  it('an AS timeout: a warn line, AsErrors by the finer kind, the call still timed', () => {
    const { logger, lines } = capture();
    logger.decision({ component: 'authorizer', outcome: 'unavailable', reason: 'ERR_AS_UNAVAILABLE', asErrorKind: 'timeout', cacheTier: 'miss', asLatencyMs: 2500 });
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'warn', asErrorKind: 'timeout' });
    expect(metricKeys(lines[0])).toEqual(expect.arrayContaining(['AsErrors{ErrorKind=timeout}', 'AsErrors{}', 'AsCalls{}', 'AsLatency{}']));
  });

  it.each([
    ['ERR_AS_UNAVAILABLE', 'unavailable'],
    ['ERR_AS_RESPONSE_INVALID', 'invalid_response'],
    ['ERR_AS_CLIENT_AUTH', 'client_auth'],
  ])('%s without a finer kind counts as AsErrors{ErrorKind=%s} and one AS call', (reason, kind) => {
    const { logger, lines } = capture();
    logger.decision({ component: 'authorizer', outcome: 'unavailable', reason, cacheTier: 'miss' });
    expect(metricKeys(lines[0])).toEqual(expect.arrayContaining([`AsErrors{ErrorKind=${kind}}`, 'AsErrors{}', 'AsCalls{}']));
    expect(metricKeys(lines[0])).not.toContain('AsLatency{}');
  });

  it('a single-flight follower counts its miss and decision but no AS call, latency or AS error', () => {
    const { logger, lines } = capture();
    logger.decision({ ...allowFromMemory, cacheTier: 'miss', singleFlight: 'joined', asLatencyMs: 42 });
    logger.decision({ component: 'authorizer', outcome: 'unavailable', reason: 'ERR_AS_UNAVAILABLE', asErrorKind: 'timeout', cacheTier: 'miss', singleFlight: 'joined' });
    expect(JSON.parse(lines[0])).toMatchObject({ singleFlight: 'joined' });
    expect(metricKeys(lines[0])).toEqual(['CacheMisses{}', 'DecisionDuration{}', 'Decisions{Outcome=allow}', 'Decisions{Reason=OK}', 'Decisions{}']);
    expect(metricKeys(lines[1])).toEqual(['CacheMisses{}', 'Decisions{Outcome=unavailable}', 'Decisions{Reason=ERR_AS_UNAVAILABLE}', 'Decisions{}']);
  });

  it('a request without a token: only the decision metrics (no cache, no AS)', () => {
    const { logger, lines } = capture();
    logger.decision({ component: 'authorizer', outcome: 'unauthorized', reason: 'ERR_TOKEN_MISSING', route: 'GET /invoices' });
    expect(metricKeys(lines[0])).toEqual(['Decisions{Outcome=unauthorized}', 'Decisions{Reason=ERR_TOKEN_MISSING}', 'Decisions{}']);
  });

  it('a validator decision uses its own service dimension', () => {
    const { logger, lines } = capture({ metrics: { service: 'invoices-fn', namespace: 'Billing' } });
    logger.decision({ component: 'validator', outcome: 'deny', reason: 'ERR_SCOPE_INSUFFICIENT' });
    for (const metric of emittedMetrics(lines[0])) {
      expect(metric).toMatchObject({ namespace: 'Billing', dimensions: expect.objectContaining({ service: 'invoices-fn' }) });
    }
  });
});

describe('dimensions stay low-cardinality', () => {
  const ALLOWED_KEYS = new Set(Object.values(DIMENSION));
  const record = fc.record({
    component: fc.constantFrom('authorizer' as const, 'validator' as const),
    outcome: fc.constantFrom('allow' as const, 'deny' as const, 'unauthorized' as const, 'unavailable' as const, 'error' as const),
    reason: fc.oneof(fc.constantFrom('OK', 'ERR_AS_UNAVAILABLE', 'ERR_SCOPE_INSUFFICIENT'), fc.string()),
    route: fc.string().map((path) => `GET /${path}`),
    cacheTier: fc.option(fc.constantFrom('memory' as const, 'dynamodb' as const, 'miss' as const, 'negative' as const), { nil: undefined }),
    asLatencyMs: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
    tokenHashPrefix: fc.stringMatching(/^[0-9a-f]{12}$/),
    sub: fc.string().map((name) => `user:${name}`),
    clientId: fc.string().map((name) => `client:${name}`),
    requestId: fc.uuid(),
  });

  const CLOSED_VALUES: Record<string, RegExp> = {
    [DIMENSION.outcome]: /^(allow|deny|unauthorized|unavailable|error)$/,
    [DIMENSION.reason]: /^(OK|OTHER|ERR_[A-Z0-9_]{1,40})$/,
    [DIMENSION.cacheTier]: /^(memory|dynamodb|negative)$/,
    [DIMENSION.errorKind]: /^(timeout|network|http_5xx|client_auth|invalid_response|unavailable)$/,
  };

  it('never uses sub, client id, token hash, route or request id as a dimension, whatever the record', () => {
    fc.assert(
      fc.property(record, (rec) => {
        const { logger, lines } = capture();
        logger.decision(rec);
        const identifying = new Set([rec.sub, rec.clientId, rec.tokenHashPrefix, rec.requestId, rec.route]);
        for (const metric of emittedMetrics(lines[0])) {
          for (const [key, value] of Object.entries(metric.dimensions)) {
            expect(ALLOWED_KEYS.has(key as never)).toBe(true);
            expect(identifying.has(value)).toBe(false);
            if (key !== DIMENSION.service) expect(value).toMatch(CLOSED_VALUES[key]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a reason that is not a code is counted as OTHER, an unknown tier or kind falls back to a fixed value', () => {
    const { logger, lines } = capture();
    logger.decision({ component: 'authorizer', outcome: 'deny', reason: 'user alice@example.com refused' });
    logger.decision({ component: 'authorizer', outcome: 'unavailable', reason: 'ERR_AS_UNAVAILABLE', asErrorKind: 'weird' as never, cacheTier: 'l3' as never });
    expect(metricKeys(lines[0])).toContain('Decisions{Reason=OTHER}');
    expect(metricKeys(lines[1])).toEqual(expect.arrayContaining(['AsErrors{ErrorKind=unavailable}', 'CacheMisses{}']));
  });
});

describe('events that are not decisions', () => {
  it('jwks_refresh: an info line and JwksRefreshes', () => {
    const { logger, lines } = capture();
    logger.event('jwks_refresh', { reason: 'unknown_kid', kid: 'key-2' });
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', msg: 'jwks_refresh', reason: 'unknown_kid', kid: 'key-2' });
    expect(metricKeys(lines[0])).toEqual(['JwksRefreshes{}']);
  });

  it('dynamodb_error: a warn line and DynamoDbErrors by kind, unknown kinds as other', () => {
    const { logger, lines } = capture();
    logger.event('dynamodb_error', { kind: 'throttle', operation: 'GetItem', errorName: 'ProvisionedThroughputExceededException' });
    logger.event('dynamodb_error', { kind: 'disk-on-fire' as never });
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'warn', msg: 'dynamodb_error', kind: 'throttle', operation: 'GetItem' });
    expect(metricKeys(lines[0])).toEqual(['DynamoDbErrors{ErrorKind=throttle}', 'DynamoDbErrors{}']);
    expect(metricKeys(lines[1])).toEqual(['DynamoDbErrors{ErrorKind=other}', 'DynamoDbErrors{}']);
  });

  it('secret_refresh: a warn line and SecretRefreshes', () => {
    const { logger, lines } = capture();
    logger.event('secret_refresh');
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'warn', msg: 'secret_refresh' });
    expect(metricKeys(lines[0])).toEqual(['SecretRefreshes{}']);
  });

  it('logger.log stays a plain line without metrics', () => {
    const { logger, lines } = capture();
    logger.log('info', 'cold_start', { mode: 'accept-jwt' });
    expect(JSON.parse(lines[0])._aws).toBeUndefined();
  });
});

describe('log level and switches', () => {
  it('below the log level the metrics are still written, in a line without the identifying fields', () => {
    const { logger, lines } = capture(undefined, 'warn');
    logger.decision(allowFromMemory);
    logger.event('jwks_refresh');
    expect(lines).toHaveLength(2);
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({ msg: 'metrics', component: 'authorizer' });
    for (const field of ['sub', 'clientId', 'tokenHashPrefix', 'requestId', 'route', 'level']) expect(entry[field]).toBeUndefined();
    expect(metricKeys(lines[0])).toContain('Decisions{Outcome=allow}');
    expect(metricKeys(lines[1])).toEqual(['JwksRefreshes{}']);
  });

  it('with metrics off, the line is the plain decision line and nothing is written below the level', () => {
    const { logger, lines } = capture({ metrics: false }, 'info');
    logger.decision(allowFromMemory);
    expect(Object.keys(JSON.parse(lines[0])).sort()).toEqual(['level', 'msg', 'time', ...Object.keys(allowFromMemory)].sort());
    const quiet = capture({ metrics: false }, 'warn');
    quiet.logger.decision(allowFromMemory);
    expect(quiet.lines).toEqual([]);
  });

  it.each([
    [{}, false],
    [{ AWS_LAMBDA_FUNCTION_NAME: 'stack-Authorizer-ABC' }, { service: 'stack-Authorizer-ABC' }],
    [{ AWS_LAMBDA_FUNCTION_NAME: 'stack-Authorizer-ABC', PHANTOM_METRICS: 'off' }, false],
    [{ PHANTOM_METRICS: 'on' }, { service: 'local' }],
  ])('metricsSettingsFromEnv(%j) is %j', (env, expected) => {
    expect(metricsSettingsFromEnv(env)).toEqual(expected);
  });

  it('a switch value other than on or off, an empty namespace or service: ERR_CONFIG naming the setting', () => {
    expect(() => metricsSettingsFromEnv({ PHANTOM_METRICS: 'yes' })).toThrow(expect.objectContaining({ code: 'ERR_CONFIG', setting: 'PHANTOM_METRICS' }));
    expect(() => new DecisionLogger('info', () => {}, { metrics: { namespace: '' } })).toThrow(expect.objectContaining({ setting: 'metrics.namespace' }));
    expect(() => new DecisionLogger('info', () => {}, { metrics: { service: '' } })).toThrow(expect.objectContaining({ setting: 'metrics.service' }));
  });

  it('by default the logger reads the switch from the environment (on inside Lambda)', () => {
    const saved = process.env.AWS_LAMBDA_FUNCTION_NAME;
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'stack-Authorizer-XYZ';
    try {
      const lines: string[] = [];
      new DecisionLogger('info', (line) => lines.push(line)).decision(allowFromMemory);
      expect(emittedMetrics(lines[0])[0].dimensions.service).toBe('stack-Authorizer-XYZ');
    } finally {
      if (saved === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
      else process.env.AWS_LAMBDA_FUNCTION_NAME = saved;
    }
  });
});
