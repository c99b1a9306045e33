// The compact targets table of bench/results.md: these keys and every target of targets.ts, each with
// its target and verdict and the spread it was measured with, rendered from results.json (never typed by hand).
import { round } from './stats';
import { judgeAll, valueAt } from './targets';

/** `*` stands for every name found at that level (modes, algorithms, handlers). */
export const ISSUE_KEYS: readonly string[] = [
  'authorizer.l1Hit.p50us',
  'authorizer.l1Hit.p99us',
  'authorizer.l2Hit.ratioToRawGetItem',
  'authorizer.miss.ratioToRawCallsWithLookup',
  'authorizer.miss.ratioToRawCalls',
  'authorizer.singleFlight.asCalls',
  'authorizer.modes.*.missMs',
  'validator.firstVerify.*.ratioToRawCrypto',
  'validator.zipf.ratioToAwsJwtVerify',
  'coldStart.*.bundleBytes',
  'coldStart.*.loadMs',
  'coldStart.authorizer.ratioToService',
  'coldStart.authorizer.initMs',
  'coldStart.invoices.ratioToAwsJwtVerifyService',
  'coldStart.streams.ratioToAwsJwtVerifyService',
  'coldStart.*.ratioToBaseline',
  'e2e.local.rps',
  'e2e.local.p99ms',
  'e2e.local.ratioToUnauthenticated',
  'synth.exampleApp.seconds',
  'cost.rest.gatewayHit0.usdPerMillion',
  'cost.rest.gatewayHit0.peerUsdPerMillion',
  'cost.rest.gatewayHit90.usdPerMillion',
  'cost.rest.gatewayHit90.peerUsdPerMillion',
  'cost.rest.soakTraffic.usdPerMillion',
  'cost.rest.soakTraffic.peerUsdPerMillion',
  'cost.http.gatewayHit0.usdPerMillion',
  'cost.http.gatewayHit0.peerUsdPerMillion',
  'cost.http.gatewayHit90.usdPerMillion',
  'cost.http.gatewayHit90.peerUsdPerMillion',
  'cost.http.soakTraffic.usdPerMillion',
  'cost.http.soakTraffic.peerUsdPerMillion',
  'fleet.modelError',
  'fleet.*.asCallsPerSecond',
  'fleet.*.hottestKeyWriteUnitsPerSecond',
  'fleet.*.shareOfRequestsPayingMiss',
];

export function expandKeys(results: unknown, patterns: readonly string[] = ISSUE_KEYS): string[] {
  return patterns.flatMap((pattern) => {
    const parts = pattern.split('.');
    const star = parts.indexOf('*');
    if (star < 0) return [pattern];
    const parent = valueAt(results, parts.slice(0, star).join('.'));
    // Only groups of figures stand for `*`: a figure of the parent itself (fleet.modelError) is no such group.
    const names = parent && typeof parent === 'object'
      ? Object.entries(parent).filter(([name, value]) => name !== 'conditions' && value !== null && typeof value === 'object').map(([name]) => name)
      : [];
    return names.length > 0 ? names.map((name) => [...parts.slice(0, star), name, ...parts.slice(star + 1)].join('.')) : [pattern];
  });
}

export function issueTable(results: unknown): string {
  const verdicts = new Map(judgeAll(results).map((verdict) => [verdict.key, verdict]));
  const listed = expandKeys(results);
  // Every target has its row, whether or not ISSUE_KEYS names it: the table is where verdicts are read.
  const keys = [...listed, ...[...verdicts.keys()].filter((key) => !listed.includes(key))];
  const rows = keys.map((key) => {
    const value = valueAt(results, key);
    const verdict = verdicts.get(key);
    const conditions = valueAt(results, `${key.split('.').slice(0, -1).join('.')}.conditions`) as { summary?: string } | undefined;
    return [
      `\`${key}\``,
      typeof value === 'number' ? String(round(value)) : 'not measured',
      verdict ? `${verdict.comparison} ${verdict.limit}` : 'reported',
      verdict ? verdict.status : '',
      conditions?.summary ?? '',
    ];
  });
  return [
    '| figure | value | target | status | repetitions, min/median/max |',
    '|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}
