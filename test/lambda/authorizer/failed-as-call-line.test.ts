// The decision line and its EMF block as the real handler writes them when the AS call fails (5xx,
// timeout, network): the request that made the call carries cacheTier `miss`, asLatencyMs and the error
// kind, so CacheMisses, AsCalls, AsLatency and AsErrors all see the failed call; its single-flight
// followers are misses too but carry no AS figure. Parsed the way CloudWatch reads the line.
import type { AuthorizerConfig } from '../../../lambda/shared/config';
import { emittedMetrics, metricKeys } from '../shared/emf-lines';
import { restRequestEvent, testConfig } from './helpers/config';
import { outcomeOf, type Harness } from './helpers/harness';
import { failedCallDecision, failedCallMetricKeys, joinedFailureMetricKeys, lambdaHarness } from './helpers/lambda-harness';
import { startScriptedAs, type ScriptedAs } from './helpers/scripted-as';

let as: ScriptedAs;
beforeAll(async () => {
  as = await startScriptedAs();
});
afterAll(() => as.stop());
beforeEach(() => {
  as.requests.length = 0;
});

const lambdaHarnessFor = (overrides: Partial<AuthorizerConfig>): Harness => lambdaHarness(testConfig({ issuer: as.issuer, ...overrides }));

describe.each([
  ['a 5xx after 150 ms', { respond: () => ({ status: 502, delayMs: 150 }) }, 'http_5xx', 140, 1000],
  ['no answer within the 250 ms timeout', { respond: () => ({ status: 200, delayMs: 1500 }), asTimeoutMs: 250 }, 'timeout', 240, 1000],
  ['a refused connection', { introspectionEndpoint: 'http://127.0.0.1:1/introspect' }, 'network', 0, 1000],
] as const)('the AS fails with %s', (_name, setup, kind, minLatencyMs, maxLatencyMs) => {
  it('the leader line has cacheTier miss, asLatencyMs and the kind; its EMF block counts the call, its latency and a miss', async () => {
    if ('respond' in setup) as.respond = setup.respond;
    const h = lambdaHarnessFor({
      ...('asTimeoutMs' in setup ? { asTimeoutMs: setup.asTimeoutMs } : {}),
      ...('introspectionEndpoint' in setup ? { introspectionEndpoint: setup.introspectionEndpoint, jwksUri: as.jwksUri } : {}),
    });
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok-failing')))).toBe('Authorizer failure: ERR_AS_UNAVAILABLE');
    const [line] = h.lines;
    const decision = JSON.parse(line);
    expect(decision).toMatchObject(failedCallDecision(kind, 'tok-failing'));
    expect(decision.singleFlight).toBeUndefined();
    expect(decision.asLatencyMs).toBeGreaterThanOrEqual(minLatencyMs);
    expect(decision.asLatencyMs).toBeLessThan(maxLatencyMs);
    expect(metricKeys(line)).toEqual(failedCallMetricKeys(kind));
    const latency = emittedMetrics(line).find((metric) => metric.name === 'AsLatency')!;
    expect(latency).toMatchObject({ unit: 'Milliseconds', value: decision.asLatencyMs, dimensions: { service: 'stack-Authorizer-ABC' } });
  });
});

it('single flight on a failing AS: the followers are misses without AS figures, the leader alone carries the call', async () => {
  as.respond = () => ({ status: 503, delayMs: 150 });
  const h = lambdaHarnessFor({});
  await Promise.all(Array.from({ length: 5 }, () => outcomeOf(h.handler(restRequestEvent('Bearer tok-burst-failing')))));
  expect(as.requests).toHaveLength(1);
  const lines = h.lines.map((line) => ({ line, decision: JSON.parse(line) }));
  const leaders = lines.filter(({ decision }) => decision.singleFlight === undefined);
  const followers = lines.filter(({ decision }) => decision.singleFlight === 'joined');
  expect([leaders.length, followers.length]).toEqual([1, 4]);
  expect(leaders[0].decision).toMatchObject({ cacheTier: 'miss', asErrorKind: 'http_5xx', asLatencyMs: expect.any(Number) });
  expect(metricKeys(leaders[0].line)).toEqual(failedCallMetricKeys('http_5xx'));
  for (const { line, decision } of followers) {
    expect(decision).toMatchObject({ cacheTier: 'miss', outcome: 'unavailable' });
    expect(decision.asLatencyMs).toBeUndefined();
    expect(decision.asErrorKind).toBeUndefined();
    expect(metricKeys(line)).toEqual(joinedFailureMetricKeys);
  }
});
