// `npm run soak`: load with good and bad traffic against local mode while the AS and DynamoDB fail, every
// answer judged; prints a table and writes bench/soak.json. Loopback only; stops by itself.
// Flags: npm run soak -- --help
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseSoakArgs, SoakUsageError } from './soak/options';
import { formatSoakTable } from './soak/report';
import { runSoak } from './soak/run-soak';

async function main(): Promise<number> {
  const options = parseSoakArgs(process.argv.slice(2));
  const report = await runSoak(options, (line) => console.log(`soak: ${line}`));
  console.log(formatSoakTable(report));
  if (options.out) {
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`soak: wrote ${options.out}`);
  }
  const dpop = report.dpop;
  const dpopFailures = dpop ? dpop.wrongAllows + dpop.wrongRefusals + dpop.unexpected5xx + dpop.lost : 0;
  const lane = report.revocation as { neverRefused?: number; allowsAfterFirstRefusal?: number };
  const revocationFailures = (lane.neverRefused ?? 0) + (lane.allowsAfterFirstRefusal ?? 0);
  const failed = report.wrongAllows + report.wrongRefusals + report.unexpected5xx + report.lost + dpopFailures + revocationFailures > 0;
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof SoakUsageError ? error.message : error);
    process.exit(2);
  },
);
