// `npm run bench`: every benchmark group, a table on stdout, bench/results.json and bench/results.md.
//   npm run bench                       full run (the figures bench/README.md discusses; several minutes)
//   npm run bench -- --quick            smoke run: fewer repetitions, no synth (CI; well under a minute)
//   npm run bench -- --only validator,e2e   some groups only (results.json then holds only those)
//   npm run bench -- --out <file>       write the results elsewhere
// `npm run bench` bundles the handlers first, so the cold-start and policy groups never measure stale assets.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { authorizerBenchmarks } from './authorizer';
import { coldStartBenchmarks } from './cold-start';
import { costBenchmarks } from './cost';
import { e2eBenchmarks } from './e2e';
import { fleetBenchmarks } from './fleet-model';
import { policyBenchmarks } from './policy';
import { e2eHttpBenchmarks } from './e2e-http';
import type { Section } from './harness/figures';
import type { Profile } from './harness/profile';
import { issueTable } from './harness/issue-table';
import { writeReadmeTables } from './harness/readme-tables';
import { assembleResults, formatTable } from './harness/results';
import { round } from './harness/stats';
import { judgeAll } from './harness/targets';
import { synthBenchmarks } from './synth';
import { validatorBenchmarks } from './validator';

const GROUPS: Record<string, { run: (profile: Profile) => Promise<Section[]>; inQuick: boolean }> = {
  authorizer: { run: authorizerBenchmarks, inQuick: true },
  validator: { run: validatorBenchmarks, inQuick: true },
  coldStart: { run: coldStartBenchmarks, inQuick: true },
  e2e: { run: e2eBenchmarks, inQuick: true },
  cost: { run: costBenchmarks, inQuick: true },
  fleet: { run: fleetBenchmarks, inQuick: true },
  policy: { run: policyBenchmarks, inQuick: true },
  e2eHttp: { run: e2eHttpBenchmarks, inQuick: true },
  // The CLI alone takes 10-20 s here; a quick run skips it (its key is then "not measured").
  synth: { run: synthBenchmarks, inQuick: false },
};

const DEFAULT_OUT = resolve(__dirname, 'results.json');

interface Arguments {
  readonly quick: boolean;
  readonly only?: readonly string[];
  readonly out: string;
}

function parseArguments(argv: readonly string[]): Arguments {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const only = value('--only')?.split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of only ?? []) {
    if (!(name in GROUPS)) throw new Error(`--only: unknown group "${name}" (groups: ${Object.keys(GROUPS).join(', ')})`);
  }
  return { quick: argv.includes('--quick'), only, out: resolve(value('--out') ?? DEFAULT_OUT) };
}

async function main(): Promise<number> {
  const args = parseArguments(process.argv.slice(2));
  const profile: Profile = { quick: args.quick };
  const started = Date.now();
  const loadBefore = loadavg()[0];
  const sections: Section[] = [];
  const failures: Record<string, string> = {};
  const skipped: string[] = [];
  for (const [name, group] of Object.entries(GROUPS)) {
    if (args.only ? !args.only.includes(name) : args.quick && !group.inQuick) {
      skipped.push(name);
      continue;
    }
    const groupStarted = Date.now();
    process.stderr.write(`bench: ${name}...`);
    try {
      sections.push(...(await group.run(profile)));
      process.stderr.write(` ${round((Date.now() - groupStarted) / 1000)} s\n`);
    } catch (error) {
      failures[name] = (error as Error).stack ?? String(error);
      process.stderr.write(` FAILED after ${round((Date.now() - groupStarted) / 1000)} s: ${(error as Error).message}\n`);
    }
  }
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    loadavg1m: { start: round(loadBefore, 2), end: round(loadavg()[0], 2) },
    quick: args.quick,
    skipped,
    failures,
    seconds: round((Date.now() - started) / 1000),
  };
  const results = assembleResults(meta, sections);
  writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
  // The targets' table bench/README.md points to, rendered from the same results. It states the run's
  // conditions and the command that reproduces it; the date stays in results.json.
  const tableFile = args.out.replace(/\.json$/, '') + '.md';
  const flags = [...(args.quick ? ['--quick'] : []), ...(args.only ? ['--only', args.only.join(',')] : [])];
  const command = flags.length > 0 ? `npm run bench -- ${flags.join(' ')}` : 'npm run bench';
  writeFileSync(tableFile, `${issueTable(results)}\n\n${args.quick ? 'Quick' : 'Full'} run (\`${command}\`), Node ${meta.node}, ${meta.cpus} CPUs (${meta.cpuModel}), load average ${meta.loadavg1m.start} at start, ${meta.loadavg1m.end} at end, ${meta.seconds} s.\n`);
  // The cost and fleet tables in bench/README.md come from a full run's results, written where the page reads them.
  if (!args.quick && !args.only && args.out === DEFAULT_OUT) writeReadmeTables(resolve(__dirname, 'README.md'), results);
  const verdicts = judgeAll(results);
  console.log(formatTable(sections, verdicts));
  const missed = verdicts.filter((verdict) => verdict.status === 'missed').map((verdict) => verdict.key);
  console.log(`\n${args.quick ? 'quick' : 'full'} run, node ${process.version}, ${meta.cpus} cpus, load ${meta.loadavg1m.start} -> ${meta.loadavg1m.end}, ${meta.seconds} s; wrote ${args.out} and ${tableFile}`);
  console.log(`targets: ${verdicts.filter((verdict) => verdict.status === 'met').length} met, ${missed.length} missed${missed.length ? ` (${missed.join(', ')})` : ''}, ${verdicts.filter((verdict) => verdict.status === 'not measured').length} not measured`);
  // Missed targets are findings, not failures; a group that could not run is a failure.
  return Object.keys(failures).length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
