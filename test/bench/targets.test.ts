import { ratioOf } from '../../bench/harness/figures';
import { issueTable } from '../../bench/harness/issue-table';
import { assembleResults } from '../../bench/harness/results';
import { TARGETS, expandTargets, judge, judgeAll } from '../../bench/harness/targets';

describe('judge', () => {
  it('compares by the target comparison and never counts a missing figure as met', () => {
    expect(judge(12, { key: 'x', comparison: '<=', limit: 15 }).status).toBe('met');
    expect(judge(16, { key: 'x', comparison: '<=', limit: 15 }).status).toBe('missed');
    expect(judge(3.2, { key: 'x', comparison: '>=', limit: 3 }).status).toBe('met');
    expect(judge(2, { key: 'x', comparison: '==', limit: 1 }).status).toBe('missed');
    expect(judge(undefined, { key: 'x', comparison: '<=', limit: 1 }).status).toBe('not measured');
    expect(judge(Number.NaN, { key: 'x', comparison: '<=', limit: 1 }).status).toBe('not measured');
  });
});

describe('expandTargets', () => {
  it('turns coldStart.<service> into one target per service measured, never the authorizer or the conditions', () => {
    const results = {
      coldStart: { authorizer: { ratioToService: 2.5 }, invoices: { ratioToAwsJwtVerifyService: 0.9 }, streams: { ratioToAwsJwtVerifyService: 1.3 }, conditions: {} },
    };
    const keys = expandTargets(results).map((target) => target.key);
    expect(keys).toContain('coldStart.invoices.ratioToAwsJwtVerifyService');
    expect(keys).toContain('coldStart.streams.ratioToAwsJwtVerifyService');
    expect(keys).not.toContain('coldStart.authorizer.ratioToAwsJwtVerifyService');
    expect(keys).not.toContain('coldStart.conditions.ratioToAwsJwtVerifyService');
    const verdicts = judgeAll(results).filter((verdict) => verdict.key.startsWith('coldStart'));
    expect(verdicts.map((verdict) => [verdict.key, verdict.status])).toEqual([
      ['coldStart.authorizer.ratioToService', 'met'],
      ['coldStart.invoices.ratioToAwsJwtVerifyService', 'met'],
      ['coldStart.streams.ratioToAwsJwtVerifyService', 'missed'],
    ]);
  });

  it('expands a placeholder deeper in the key: authorizer.modes.<mode> per exchange mode', () => {
    const results = { authorizer: { modes: { 'accept-jwt': { ratioToRawCallsWithLookup: 1.1 }, rfc9701: { ratioToRawCallsWithLookup: 1.2 }, conditions: {} } } };
    const verdicts = judgeAll(results).filter((verdict) => verdict.key.startsWith('authorizer.modes'));
    expect(verdicts.map((verdict) => [verdict.key, verdict.status])).toEqual([
      ['authorizer.modes.accept-jwt.ratioToRawCallsWithLookup', 'met'],
      ['authorizer.modes.rfc9701.ratioToRawCallsWithLookup', 'missed'],
    ]);
  });

  it('a <handler> placeholder still expands to every handler', () => {
    const results = { coldStart: { authorizer: { x: 1 }, invoices: { x: 2 }, conditions: {} } };
    const keys = expandTargets(results, [{ key: 'coldStart.<handler>.x', comparison: '<=', limit: 1 }]).map((target) => target.key);
    expect(keys).toEqual(['coldStart.authorizer.x', 'coldStart.invoices.x']);
  });
});

describe('assembleResults', () => {
  it('nests dotted paths, keeps conditions next to the values and adds the targets section', () => {
    const results = assembleResults({ quick: true }, [
      { path: 'authorizer.l1Hit', values: { p50us: 7.123456, p99us: Number.NaN }, conditions: { samples: 10 } },
    ]);
    expect(results.authorizer).toEqual({ l1Hit: { p50us: 7.12, p99us: null, conditions: { samples: 10 } } });
    expect(results.targets?.['authorizer.l1Hit.p50us']).toMatchObject({ status: 'met', value: 7.12 });
    expect(results.targets?.['e2e.local.ratioToUnauthenticated']).toMatchObject({ status: 'not measured' });
  });
});

describe('ratioOf', () => {
  it('is the ratio of the medians, with the per-block ratios alongside', () => {
    const summary = ratioOf([2, 2, 2, 4, 4, 4], [1, 1, 1, 2, 2, 2], 2);
    expect(summary.ratio).toBeCloseTo(2);
    expect(summary.blockRatios).toEqual({ min: 2, median: 2, max: 2 });
    expect(summary.rounds).toBe(6);
  });
});

describe('issueTable', () => {
  it('lists the issue keys with wildcards expanded and says what was not measured', () => {
    const results = assembleResults({}, [
      { path: 'authorizer.modes.rfc9701', values: { missMs: 12.5 }, conditions: { summary: 'n=3' } },
      { path: 'authorizer.modes.accept-jwt', values: { missMs: 10 }, conditions: {} },
      { path: 'coldStart.authorizer', values: { bundleBytes: 1000, ratioToService: 3.4, ratioToBaseline: 1.4 }, conditions: {} },
    ]);
    const table = issueTable(results);
    expect(table).toContain('| `authorizer.modes.rfc9701.missMs` | 12.5 | reported |  | n=3 |');
    expect(table).toContain('| `coldStart.authorizer.ratioToService` | 3.4 | <= 3 | missed |');
    expect(table).toContain('| `coldStart.authorizer.ratioToBaseline` | 1.4 | reported |');
    expect(table).toContain('| `synth.exampleApp.seconds` | not measured |');
  });

  it('has a row for every target, those ISSUE_KEYS does not name included', () => {
    const results = assembleResults({}, [{ path: 'validator.cedar', values: { p50us: 40 }, conditions: {} }]);
    const table = issueTable(results);
    expect(table).toContain('| `validator.cedar.p50us` | 40 | <= 50 | met |');
    for (const target of TARGETS) expect(table).toContain(`| \`${target.key}\` |`);
  });
});
