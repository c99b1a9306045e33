// One deadline per invocation, against a real scripted AS on loopback and a fake Lambda context whose
// remaining time is shorter than the AS takes: the handler answers as for an AS timeout (503, its decision
// line and metrics written) before the invocation would end, and never allows; the AS's late answer may
// still fill the cache. A fast miss and a memory hit are unaffected, and a memory hit arms no timer.
import type { AuthorizerConfig } from '../../../lambda/shared/config';
import { DECISION_LINE_MARGIN_MS } from '../../../lambda/authorizer/deadline';
import { metricKeys } from '../shared/emf-lines';
import { restRequestEvent, testConfig } from './helpers/config';
import { outcomeOf, type Harness } from './helpers/harness';
import { failedCallDecision, failedCallMetricKeys, joinedFailureMetricKeys, lambdaHarness } from './helpers/lambda-harness';
import { jwtAnswer, startScriptedAs, type ScriptedAs } from './helpers/scripted-as';

let as: ScriptedAs;
let jwt: string;
beforeAll(async () => {
  as = await startScriptedAs();
  jwt = await as.mint({ sub: 'user-1', client_id: 'invoices-client', scp: ['invoice_read'] });
});
afterAll(() => as.stop());
beforeEach(() => {
  as.requests.length = 0;
});

/** A Lambda context whose invocation ends `remainingMs` from now. */
function lambdaContext(remainingMs: number) {
  const endsAt = Date.now() + remainingMs;
  return { awsRequestId: 'aws-req', getRemainingTimeInMillis: () => Math.max(0, endsAt - Date.now()) };
}

/** The handler as inside Lambda (metrics on); each call's own timeout is far off. */
const lambdaHarnessFor = (overrides: Partial<AuthorizerConfig> = {}): Harness =>
  lambdaHarness(testConfig({ issuer: as.issuer, asTimeoutMs: 5000, ...overrides }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const allows = (h: Harness) => h.decisions().filter((line) => line.outcome === 'allow');

describe('an AS slower than the invocation has left', () => {
  it('is answered as an AS timeout before the context expires, with its line and metrics; the late answer fills the cache but never allows this request', async () => {
    as.respond = () => ({ ...jwtAnswer(jwt), delayMs: 1200 });
    const h = lambdaHarnessFor();
    const remainingMs = 800;
    const started = Date.now();
    const outcome = await outcomeOf(h.handler(restRequestEvent('Bearer tok-slow'), lambdaContext(remainingMs)));
    const elapsedMs = Date.now() - started;

    expect(outcome).toBe('Authorizer failure: ERR_AS_UNAVAILABLE');
    expect(elapsedMs).toBeGreaterThanOrEqual(remainingMs - DECISION_LINE_MARGIN_MS - 10);
    expect(elapsedMs).toBeLessThan(remainingMs);
    expect(h.lines).toHaveLength(1);
    const decision = JSON.parse(h.lines[0]);
    expect(decision).toMatchObject(failedCallDecision('timeout', 'tok-slow'));
    expect(decision.singleFlight).toBeUndefined();
    expect(decision.asLatencyMs).toBeGreaterThan(0);
    expect(decision.asLatencyMs).toBeLessThan(remainingMs);
    expect(metricKeys(h.lines[0])).toEqual(failedCallMetricKeys('timeout'));

    await sleep(1200 - elapsedMs + 200); // the AS answers now, after the request was answered
    expect(h.lines).toHaveLength(1);
    expect(allows(h)).toEqual([]);

    const next = await h.handler(restRequestEvent('Bearer tok-slow'), lambdaContext(remainingMs));
    expect(next).toMatchObject({ principalId: 'user-1' });
    expect(h.decisions()[1]).toMatchObject({ outcome: 'allow', cacheTier: 'memory' });
    expect(as.requests).toHaveLength(1);
  });

  it('when the late answer is a failure, nothing more is written and nothing escapes as an unhandled rejection', async () => {
    as.respond = () => ({ status: 502, delayMs: 500 });
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const h = lambdaHarnessFor();
      expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok-slow-failing'), lambdaContext(700)))).toBe('Authorizer failure: ERR_AS_UNAVAILABLE');
      expect(h.decisions()[0]).toMatchObject({ outcome: 'unavailable', asErrorKind: 'timeout', cacheTier: 'miss' });
      await sleep(600);
      expect(h.lines).toHaveLength(1);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('a request joining another\'s in-flight call obeys its own deadline; the leader, with time left, still allows', async () => {
    as.respond = () => ({ ...jwtAnswer(jwt), delayMs: 800 });
    const h = lambdaHarnessFor();
    const leader = h.handler(restRequestEvent('Bearer tok-shared'), lambdaContext(5000));
    await sleep(50);
    const started = Date.now();
    const follower = await outcomeOf(h.handler(restRequestEvent('Bearer tok-shared'), lambdaContext(DECISION_LINE_MARGIN_MS + 200)));
    const followerMs = Date.now() - started;

    expect(follower).toBe('Authorizer failure: ERR_AS_UNAVAILABLE');
    expect(followerMs).toBeLessThan(DECISION_LINE_MARGIN_MS + 200);
    const followerLine = h.lines.find((line) => JSON.parse(line).singleFlight === 'joined')!;
    const decision = JSON.parse(followerLine);
    expect(decision).toMatchObject({ outcome: 'unavailable', reason: 'ERR_AS_UNAVAILABLE', cacheTier: 'miss', singleFlight: 'joined' });
    // The call is the leader's and still running: the follower counts no AS call and no AS error.
    expect(decision.asErrorKind).toBeUndefined();
    expect(decision.asLatencyMs).toBeUndefined();
    expect(metricKeys(followerLine)).toEqual(joinedFailureMetricKeys);

    await expect(leader).resolves.toMatchObject({ principalId: 'user-1' });
    expect(as.requests).toHaveLength(1);
    expect(allows(h)).toHaveLength(1);
    expect(allows(h)[0]).toMatchObject({ cacheTier: 'miss' });
    expect(allows(h)[0].singleFlight).toBeUndefined();
  });
});

describe('requests the deadline must not change', () => {
  it('a fast miss is allowed as before, and a memory hit is allowed without arming a timer, even with no time left', async () => {
    as.respond = () => jwtAnswer(jwt);
    const h = lambdaHarnessFor();
    await expect(h.handler(restRequestEvent('Bearer tok-fast'), lambdaContext(3000))).resolves.toMatchObject({ principalId: 'user-1' });
    expect(h.decisions()[0]).toMatchObject({ outcome: 'allow', reason: 'OK', cacheTier: 'miss' });
    expect(h.decisions()[0].asErrorKind).toBeUndefined();

    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    try {
      await expect(h.handler(restRequestEvent('Bearer tok-fast'), lambdaContext(0))).resolves.toMatchObject({ principalId: 'user-1' });
      expect(setTimeoutSpy).not.toHaveBeenCalled();
    } finally {
      setTimeoutSpy.mockRestore();
    }
    expect(h.decisions()[1]).toMatchObject({ outcome: 'allow', cacheTier: 'memory' });
    expect(as.requests).toHaveLength(1);
  });

  it('without a Lambda context (tests, in-process callers) a miss gets API Gateway\'s limit as its budget', async () => {
    as.respond = () => ({ ...jwtAnswer(jwt), delayMs: 300 });
    const h = lambdaHarnessFor();
    await expect(h.handler(restRequestEvent('Bearer tok-no-context'))).resolves.toMatchObject({ principalId: 'user-1' });
    expect(h.decisions()[0]).toMatchObject({ outcome: 'allow', cacheTier: 'miss' });
  });

  it('a per-call AS timeout shorter than the budget is still that call\'s own timeout', async () => {
    as.respond = () => ({ ...jwtAnswer(jwt), delayMs: 600 });
    const h = lambdaHarnessFor({ asTimeoutMs: 200 });
    expect(await outcomeOf(h.handler(restRequestEvent('Bearer tok-own-timeout'), lambdaContext(5000)))).toBe('Authorizer failure: ERR_AS_UNAVAILABLE');
    const decision = h.decisions()[0];
    expect(decision).toMatchObject({ outcome: 'unavailable', asErrorKind: 'timeout', cacheTier: 'miss' });
    expect(decision.asLatencyMs).toBeGreaterThanOrEqual(190);
    expect(decision.asLatencyMs).toBeLessThan(600);
  });
});
