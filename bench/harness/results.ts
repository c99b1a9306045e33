// Assembles bench/results.json from the sections the groups return, and the table `npm run bench` prints.
import type { Section } from './figures';
import { round } from './stats';
import { judgeAll, type TargetVerdict } from './targets';

export type Results = Record<string, unknown> & { targets?: Record<string, Omit<TargetVerdict, 'key'>> };

export function setAt(root: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = root;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

export function assembleResults(meta: Record<string, unknown>, sections: readonly Section[]): Results {
  const results: Results = { meta };
  for (const section of sections) {
    for (const [name, value] of Object.entries(section.values)) {
      setAt(results, `${section.path}.${name}`, Number.isFinite(value) ? round(value) : null);
    }
    setAt(results, `${section.path}.conditions`, section.conditions);
  }
  const verdicts = judgeAll(results);
  results.targets = Object.fromEntries(verdicts.map(({ key, ...verdict }) => [key, verdict]));
  return results;
}

export function formatTable(sections: readonly Section[], verdicts: readonly TargetVerdict[]): string {
  const byKey = new Map(verdicts.map((verdict) => [verdict.key, verdict]));
  const rows: string[][] = [['figure', 'value', 'target', 'status', 'repetitions / spread']];
  for (const section of sections) {
    for (const [index, [name, value]] of Object.entries(section.values).entries()) {
      const key = `${section.path}.${name}`;
      const verdict = byKey.get(key);
      rows.push([
        key,
        Number.isFinite(value) ? String(round(value)) : 'n/a',
        verdict ? `${verdict.comparison} ${verdict.limit}` : 'reported',
        verdict ? verdict.status : '',
        index === 0 ? String(section.conditions.summary ?? '') : '',
      ]);
    }
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}
