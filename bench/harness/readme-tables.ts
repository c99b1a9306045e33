// The cost table and the fleet predictions in bench/README.md, rendered from results.json: a full
// `npm run bench` rewrites them between their markers, and test/docs/bench-readme-tables.test.ts keeps
// the committed README equal to the committed results.json, so the page never shows figures no run gave.
import { readFileSync, writeFileSync } from 'node:fs';
import { valueAt } from './targets';

type Results = Record<string, unknown>;

const COST_ROWS: ReadonlyArray<readonly [row: string, label: string]> = [
  ['gatewayHit0', '0 %'],
  ['gatewayHit50', '50 %'],
  ['gatewayHit90', '90 %'],
  ['soakTraffic', "the soak's"],
  ['zipf1kTraffic', 'a 1k rps Zipf fleet'],
];
const API_LABELS: Record<string, string> = { rest: 'REST', http: 'HTTP' };
const FLEET_RATES: ReadonlyArray<readonly [rate: string, label: string]> = [
  ['rps1k', '1k'],
  ['rps10k', '10k'],
  ['rps100k', '100k'],
];

const number = (results: Results, key: string): number => {
  const value = valueAt(results, key);
  if (typeof value !== 'number') throw new Error(`bench/README.md tables: results.json has no number at ${key}`);
  return value;
};
const grouped = (value: number) => Math.round(value).toLocaleString('en-US');
const fixed = (value: number, digits: number) => value.toFixed(digits);
const percent = (share: number, digits = 1) => `${(share * 100).toFixed(digits)} %`;

export function costTable(results: Results): string {
  const lines = [
    '| API | result-cache hits | ours $/M | peer $/M | ours ÷ peer | AS calls per M, ours | peer | $/M with the AS 50 ms away, ours | peer |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const api of Object.keys(API_LABELS)) {
    for (const [row, label] of COST_ROWS) {
      const at = (field: string) => number(results, `cost.${api}.${row}.${field}`);
      const hits = row === 'soakTraffic' || row === 'zipf1kTraffic' ? `${label} (${percent(at('gatewayHitRatio'))})` : label;
      lines.push(
        `| ${API_LABELS[api]} | ${hits} | ${fixed(at('usdPerMillion'), 2)} | ${fixed(at('peerUsdPerMillion'), 2)} | ${fixed(at('ratioToPeer'), 2)} | ` +
          `${grouped(at('asCallsPerMillion'))} | ${grouped(at('peerAsCallsPerMillion'))} | ${fixed(at('usdPerMillionAsAt50ms'), 2)} | ${fixed(at('peerUsdPerMillionAsAt50ms'), 2)} |`,
      );
    }
  }
  return lines.join('\n');
}

export function fleetTable(results: Results): string {
  const lines = [
    '| requests/s | AS calls/s (peak second) | DynamoDB RCU/s | WCU/s | hottest key RCU/s | hottest key WCU/s (of a partition\'s 1,000) | requests paying a miss | instances | cold fleet: peak AS calls/s |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [rate, label] of FLEET_RATES) {
    const at = (field: string) => number(results, `fleet.${rate}.${field}`);
    lines.push(
      `| ${label} | ${grouped(at('asCallsPerSecond'))} (${grouped(at('peakAsCallsPerSecond'))}) | ${grouped(at('dynamoDbReadUnitsPerSecond'))} | ${grouped(at('dynamoDbWriteUnitsPerSecond'))} | ` +
        `${grouped(at('hottestKeyReadUnitsPerSecond'))} | ${grouped(at('hottestKeyWriteUnitsPerSecond'))} (${percent(at('hottestKeyShareOfPartitionWrites'), 0)}) | ${percent(at('shareOfRequestsPayingMiss'))} | ` +
        `${grouped(at('instances'))} | ${grouped(at('startupPeakAsCallsPerSecond'))} |`,
    );
  }
  const without = FLEET_RATES.filter(([rate]) => valueAt(results, `fleet.${rate}.withoutRefillLease.hottestKeyWriteUnitsPerSecond`) !== undefined).map(([rate, label]) => {
    const at = (field: string) => number(results, `fleet.${rate}.withoutRefillLease.${field}`);
    return `${label} requests/s: hottest key ${grouped(at('hottestKeyWriteUnitsPerSecond'))} WCU/s, peak ${grouped(at('peakAsCallsPerSecond'))} AS calls/s, ${grouped(at('dynamoDbWriteUnitsPerSecond'))} WCU/s in all`;
  });
  const error = number(results, 'fleet.modelError');
  const comparedWith = String(valueAt(results, 'fleet.conditions.comparedWith') ?? 'decisions at the miss tier');
  const soak =
    `The model against the soak (\`fleet.modelError\`, target <= 0.2): ${fixed(Math.abs(error) * 100, 1)} %, ` +
    `the model's ${grouped(number(results, 'fleet.modelAsLoad'))} against the soak's ${grouped(number(results, 'fleet.soakAsLoad'))} (${comparedWith}).`;
  return [...lines, '', `Without the refill lease (\`withoutRefillLease\`): ${without.join('; ')}.`, '', soak].join('\n');
}

const TABLES: Record<string, (results: Results) => string> = { 'cost-table': costTable, 'fleet-table': fleetTable };

const markers = (name: string) => [`<!-- ${name}: written by npm run bench from results.json -->`, `<!-- /${name} -->`] as const;

/** The README with each table's text between its markers replaced by the table rendered from `results`. */
export function withTables(readme: string, results: Results): string {
  let text = readme;
  for (const [name, render] of Object.entries(TABLES)) {
    const [open, close] = markers(name);
    const start = text.indexOf(open);
    const end = text.indexOf(close);
    if (start < 0 || end < start) throw new Error(`bench/README.md has no ${open} ... ${close} block`);
    text = `${text.slice(0, start + open.length)}\n${render(results)}\n${text.slice(end)}`;
  }
  return text;
}

export function writeReadmeTables(readmePath: string, results: Results): void {
  writeFileSync(readmePath, withTables(readFileSync(readmePath, 'utf8'), results));
}
