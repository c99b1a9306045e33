// Synth figure (issue 6): wall time of the real CDK CLI synthesizing the example app (bin/app.ts through
// cdk.json, cdk-nag included), `npx cdk synth --quiet`, output to a scratch directory, offline.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { machine, roundedSpread, spreadText, type Section } from './harness/figures';
import { pick, type Profile } from './harness/profile';
import { median } from './harness/stats';

const ROOT = resolve(__dirname, '..');

export async function synthBenchmarks(profile: Profile): Promise<Section[]> {
  const repetitions = pick(profile, 3, 1);
  const deadline = Date.now() + pick(profile, 240_000, 40_000);
  const seconds: number[] = [];
  for (let i = 0; i < repetitions && Date.now() < deadline; i++) seconds.push(synthOnce());
  return [
    {
      path: 'synth.exampleApp',
      values: { seconds: median(seconds) },
      conditions: {
        ...machine(),
        what: '`npx cdk synth --quiet -o <scratch>` of the example app (bin/app.ts, cdk-nag AwsSolutions on), wall time of the CLI process',
        repetitions: seconds.length,
        seconds: roundedSpread(seconds),
        summary: `n=${seconds.length}, min/med/max ${spreadText(roundedSpread(seconds))} s`,
      },
    },
  ];
}

function synthOnce(): number {
  const out = mkdtempSync(join(tmpdir(), 'phantom-bench-synth-'));
  try {
    const started = process.hrtime.bigint();
    const child = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '--no-version-reporting', '-o', out], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 180_000,
      env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
    });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    if (child.status !== 0) throw new Error(`cdk synth failed (${child.status ?? child.signal}): ${(child.stderr || child.error?.message || '').slice(-1500)}`);
    if (!existsSync(join(out, 'PhantomTokenExample.template.json'))) throw new Error('cdk synth wrote no PhantomTokenExample template');
    return elapsed;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
