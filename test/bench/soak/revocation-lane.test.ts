// The soak's revocation lane against local mode with every cache on: each kind (token by RFC 7009, sub
// and client_id by the operator call) is refused within the 5 s target and never allowed after; and the
// quiet windows leave out every planned fault with its recovery allowance.
import { quietWindows, REVOCATION_TARGET_SECONDS, RevocationLane, revocationLaneSummary, type RevocationSample } from '../../../bench/soak/revocation-lane';
import { startLocalStack, type LocalStack } from '../../../local/local-stack';

it('the quiet windows are the run minus each fault, from 500 ms before it to its recovery allowance after', () => {
  const faults = [{ kind: 'as-down' as const, atMs: 6_000, forMs: 10_000 }, { kind: 'dynamodb-down' as const, atMs: 22_000, forMs: 10_000 }];
  expect(quietWindows(faults, 40_000, 2_000)).toEqual([
    { startMs: 0, endMs: 5_500 },
    { startMs: 18_000, endMs: 21_500 },
    { startMs: 34_000, endMs: 40_000 },
  ]);
});

it('the summary reports p95, never-refused and allows after the first refusal', () => {
  const sample = (kind: RevocationSample['kind'], toFirstRefusalMs: number | undefined, allowsAfterFirstRefusal = 0): RevocationSample => ({ kind, revokedAtMs: 0, toFirstRefusalMs, allowsAfterFirstRefusal, probes: 10, firstRefusalTier: 'memory' });
  const summary = revocationLaneSummary([sample('token', 1_000), sample('sub', 3_000, 1), sample('client_id', undefined)]);
  expect(summary).toMatchObject({ p95Seconds: 3, targetSeconds: REVOCATION_TARGET_SECONDS, revocations: 3, neverRefused: 1, allowsAfterFirstRefusal: 1, firstRefusalTiers: { memory: 2 } });
  expect(summary.byKind).toEqual({ token: { revocations: 1, p95Seconds: 1 }, sub: { revocations: 1, p95Seconds: 3 }, client_id: { revocations: 1, p95Seconds: null } });
});

describe('the lane in local mode', () => {
  let stack: LocalStack;
  let lane: RevocationLane;
  beforeAll(async () => {
    stack = await startLocalStack({ accessLog: false, decisionLog: (line) => lane?.observe(line) });
  }, 60_000);
  afterAll(() => stack?.stop());

  it('refuses a victim of each kind within 5 s, and never allows it after', async () => {
    const started = Date.now();
    lane = new RevocationLane({ gatewayUrl: stack.gatewayUrl, as: stack.as!, receiver: stack.revocationReceiver!, clock: () => Date.now() - started, probeIntervalMs: 100 });
    const samples = await lane.run([{ startMs: 0, endMs: 3 * 6_000 }]);
    expect(samples.map((sample) => sample.kind)).toEqual(expect.arrayContaining(['token', 'sub', 'client_id']));
    const summary = revocationLaneSummary(samples);
    expect(summary).toMatchObject({ neverRefused: 0, allowsAfterFirstRefusal: 0 });
    expect(summary.p95Seconds).toBeLessThan(REVOCATION_TARGET_SECONDS);
  }, 60_000);
});
