// Runs `npm start`'s entry point (tsx local/start.ts) as a child process, as a user would, and waits for
// its `ready` line.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

export interface StartedProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

export function spawnStart(env: Record<string, string>): StartedProcess {
  const child = spawn(TSX, ['local/start.ts'], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Waits until stdout holds a complete banner (ends with the stop hint) or the process exits. */
export async function waitForBanner(started: StartedProcess, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void started.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    if (/^ready /m.test(started.stdout()) && /Stop with Ctrl\+C\./.test(started.stdout())) return started.stdout();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ready banner within ${timeoutMs} ms (exited: ${exited}); stderr: ${started.stderr().slice(0, 500)}`);
}
