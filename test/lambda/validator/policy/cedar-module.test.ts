// The V8 11 (Node 20) crash Cedar's calls can trigger, and the workaround cedarModule() applies: the
// reproducer in bench/repro runs in a child process, with and without the workaround.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { avoidJsToWasmInliningCrash } from '../../../../lambda/validator/policy/cedar-module';

const ROOT = join(__dirname, '..', '..', '..', '..');
const REPRO = join(ROOT, 'bench', 'repro', 'cedar-lazy-deopt.ts');
const affected = Number.parseInt(process.versions.v8, 10) < 12;

function runRepro(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', REPRO, '--rounds', '20', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_OPTIONS: '' } });
}

describe('avoidJsToWasmInliningCrash', () => {
  it('applies to V8 11 only', () => {
    expect(avoidJsToWasmInliningCrash('12.4.254.21-node.57')).toBe(false);
    expect(avoidJsToWasmInliningCrash('13.6.233.17-node.53')).toBe(false);
    expect(avoidJsToWasmInliningCrash('11.3.244.8-node.38')).toBe(true);
  });

  it('the reproducer survives through cedarModule()', () => {
    const run = runRepro('--with-workaround');
    expect(run.stderr).not.toMatch(/unreachable code/);
    expect(run.stdout).toMatch(/20 rounds, no crash/);
    expect(run.status).toBe(0);
  }, 150_000);

  it(`without it, the reproducer ${affected ? 'dies in the deoptimizer (V8 11: why the workaround exists)' : 'survives (this V8 is not affected)'}`, () => {
    const run = runRepro();
    if (affected) {
      expect(run.stderr).toMatch(/unreachable code[\s\S]*DoComputeBuiltinContinuation/);
      expect(run.status).not.toBe(0);
    } else {
      expect(run.status).toBe(0);
    }
  }, 150_000);
});
