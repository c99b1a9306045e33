// The 15-second soak: the same run as `npm run soak` (real AS, DynamoDB, authorizer, gateway and services
// on loopback; good and bad traffic; the AS stopped, DynamoDB stopped, the AS slowed past the authorizer's
// timeout, a token revoked), with shorter fault windows and cache lifetimes, and the same zero tolerance.
import { SHORT_SOAK, SOAK_DEFAULTS } from '../../bench/soak/options';
import type { SoakReport } from '../../bench/soak/report';
import { runSoak } from '../../bench/soak/run-soak';
import { FAULT_KINDS } from '../../bench/soak/schedule';

describe('soak: 15 s of load with faults', () => {
  let report: SoakReport;
  beforeAll(async () => {
    report = await runSoak({ ...SOAK_DEFAULTS, ...SHORT_SOAK });
  }, 120_000);

  it('answered every request, good and bad', () => {
    expect(report.requests).toBeGreaterThan(100);
    expect(report.lost).toBe(0);
    expect(Object.keys(report.byKind).sort()).toEqual(
      ['expired', 'forged-jwt', 'fresh', 'garbage', 'good', 'malformed', 'missing-token', 'oversized-headers', 'oversized-token',
        'replayed-jwt', 'revoked', 'unique-garbage', 'unknown-route', 'wrong-scope'],
    );
  });

  it('never allowed wrongly, never answered an unexpected 5xx, never refused good traffic outside a fault', () => {
    const offending = report.offendingSamples.map((sample) => `${sample.verdict} ${sample.kind} ${sample.path} -> ${sample.status ?? sample.failure}`);
    expect({ wrongAllows: report.wrongAllows, unexpected5xx: report.unexpected5xx, wrongRefusals: report.wrongRefusals, offending }).toEqual({
      wrongAllows: 0,
      unexpected5xx: 0,
      wrongRefusals: 0,
      offending: [],
    });
    expect(report.mismatches).toBe(0);
    expect(report.authorizer.errors).toBe(0);
  });

  it('the DPoP lane: every fresh proof served, every replayed or stolen use refused, no 5xx', () => {
    expect(report.dpop).toBeDefined();
    expect(report.dpop!.byKind['dpop-fresh']).toBeGreaterThan(5);
    expect(Object.keys(report.dpop!.byKind).sort()).toEqual(['dpop-as-bearer', 'dpop-fresh', 'dpop-missing-proof', 'dpop-other-key', 'dpop-replayed', 'dpop-wrong-htu']);
    expect({ wrongAllows: report.dpop!.wrongAllows, wrongRefusals: report.dpop!.wrongRefusals, unexpected5xx: report.dpop!.unexpected5xx, lost: report.dpop!.lost }).toEqual({
      wrongAllows: 0,
      wrongRefusals: 0,
      unexpected5xx: 0,
      lost: 0,
    });
  });

  it('ran every fault kind, and good traffic recovered within the 2 s target after each', () => {
    expect(report.faults.map((fault) => fault.kind)).toEqual(FAULT_KINDS);
    for (const fault of report.faults) {
      expect(fault.endSeconds).toEqual(expect.any(Number));
      expect(fault.requests).toBeGreaterThan(0);
    }
    for (const kind of FAULT_KINDS) {
      expect(report.recoverySeconds[kind]).not.toBeNull();
      expect(report.recoverySeconds[kind]).toBeLessThanOrEqual(report.recoveryTargetSeconds);
      expect(report.lastGoodRefusalAfterFaultSeconds[kind]).toBeLessThanOrEqual(report.recoveryTargetSeconds);
    }
  });

  it('while the AS was stopped, cached tokens kept working and uncached ones got 503 with Retry-After', () => {
    const asDown = report.faults.find((fault) => fault.kind === 'as-down')!;
    expect(asDown.cachedGoodServed).toBeGreaterThan(0);
    expect(asDown.freshRefusedAsDesigned).toBeGreaterThan(0);
    // Every 503 anywhere carried Retry-After and fell in an AS fault or its recovery allowance: otherwise it
    // would be an unexpected 5xx.
    expect(report.authorizer.unavailable).toBeGreaterThan(0);
  });

  it('while the AS was slower than the timeout, uncached tokens got 503 with Retry-After', () => {
    const asSlow = report.faults.find((fault) => fault.kind === 'as-slow')!;
    expect(asSlow.freshRefusedAsDesigned).toBeGreaterThan(0);
  });

  it('reports the 503s of the recovery allowance apart, each within the recovery target', () => {
    for (const kind of ['as-down', 'as-slow'] as const) {
      const { requests, byKind, latestSecondsAfterEnd } = report.refusedDuringRecovery[kind];
      expect(Object.values(byKind).reduce((sum, count) => sum + count, 0)).toBe(requests);
      if (requests > 0) expect(latestSecondsAfterEnd).toBeLessThanOrEqual(report.recoveryTargetSeconds);
      else expect(latestSecondsAfterEnd).toBeNull();
    }
    expect(report.byVerdict['refused-during-recovery'] ?? 0).toBe(report.refusedDuringRecovery['as-down'].requests + report.refusedDuringRecovery['as-slow'].requests);
  });

  it('while DynamoDB was down, requests were still answered from tier 1 and the AS', () => {
    const dynamoDb = report.faults.find((fault) => fault.kind === 'dynamodb-down')!;
    expect(dynamoDb.goodServed).toBeGreaterThan(0);
    expect(dynamoDb.freshServed).toBeGreaterThan(0);
    expect(report.authorizer.dynamoDbErrors).toBeGreaterThan(0);
  });

  it('refused the revoked token once its cache lifetime had passed', () => {
    expect(report.revocation.refusedAfterRevocation).toEqual(expect.any(Number));
    expect(report.revocation.refusedAfterRevocation as number).toBeGreaterThan(0);
  });

  it('kept memory bounded', () => {
    expect(report.heapAfterGcEndMb - report.heapAfterGcStartMb).toBeLessThan(64);
    expect(report.rssEndMb - report.rssStartMb).toBeLessThan(256);
  });
});
