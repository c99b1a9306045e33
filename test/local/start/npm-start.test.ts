// `npm start` as a user runs it: a child process that prints `ready`, a banner whose curl example works
// when pasted into a shell, a clean stop on SIGTERM, and a one-line error for a busy port.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import { promisify } from 'node:util';
import { REPO_ROOT, spawnStart, waitForBanner, type StartedProcess } from './spawn-start';

const exec = promisify(execFile);
const READY_WITHIN_MS = 15_000;

async function occupiedPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

describe('npm start', () => {
  let started: StartedProcess;
  let banner: string;
  let readyAfterMs: number;

  beforeAll(async () => {
    const began = Date.now();
    started = spawnStart({ PORT: '0', AS_PORT: '0' });
    banner = await waitForBanner(started, READY_WITHIN_MS * 2);
    readyAfterMs = Date.now() - began;
  }, READY_WITHIN_MS * 2 + 5_000);

  afterAll(async () => {
    if (started.child.exitCode === null) {
      started.child.kill('SIGKILL');
      await started.exited;
    }
  });

  it(`prints one line beginning "ready" with the gateway and AS URLs within ${READY_WITHIN_MS / 1000} s`, () => {
    const readyLines = banner.split('\n').filter((line) => line.startsWith('ready'));
    expect(readyLines).toHaveLength(1);
    expect(readyLines[0]).toMatch(/^ready gateway=http:\/\/127\.0\.0\.1:\d+ as=http:\/\/127\.0\.0\.1:\d+ mode=accept-jwt /);
    expect(banner).toContain('invoices-client / invoices-secret: invoice_read invoice_write');
    expect(banner).toContain('streaming-client / streaming-secret: video_stream video_metadata');
    expect(readyAfterMs).toBeLessThan(READY_WITHIN_MS);
  });

  it('prints a curl example that works when pasted into a shell', async () => {
    const lines = banner.split('\n');
    const script = lines.slice(lines.indexOf('Try it:') + 1, lines.indexOf('Try it:') + 3).map((line) => line.trim());
    expect(script[0]).toMatch(/^TOKEN=\$\(curl /);
    expect(script[1]).toMatch(/^curl -i -H "Authorization: Bearer \$TOKEN" http:\/\/127\.0\.0\.1:\d+\/invoices\/inv-1001$/);
    const { stdout } = await exec('bash', ['-c', `set -euo pipefail\n${script.join('\n')}`], { timeout: 15_000 });
    expect(stdout).toMatch(/^HTTP\/1\.1 200 /);
    expect(JSON.parse(stdout.slice(stdout.indexOf('\r\n\r\n') + 4))).toMatchObject({ id: 'inv-1001' });
  });

  it("runs the README's curl example against this instance", async () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Local mode'));
    const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]);
    const example = blocks.find((block) => block.includes('curl -i'));
    expect(example).toBeDefined();
    const [, gatewayUrl, asUrl] = /^ready gateway=(\S+) as=(\S+)/m.exec(banner)!;
    // One pass: a gateway URL on port 4000x must not be rewritten again as the AS's.
    const script = example!.replace(/http:\/\/127\.0\.0\.1:(3000|4000)/g, (_url, port: string) => (port === '3000' ? gatewayUrl : asUrl));
    const { stdout } = await exec('bash', ['-c', `set -euo pipefail\n${script}`], { timeout: 15_000 });
    expect(stdout).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('stops cleanly on SIGTERM', async () => {
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    expect(started.stderr()).toBe('');
  });
});

describe('npm start and Ctrl+C', () => {
  it('stops cleanly on SIGINT', async () => {
    const started = spawnStart({ PORT: '0', AS_PORT: '0' });
    try {
      await waitForBanner(started, READY_WITHIN_MS * 2);
      started.child.kill('SIGINT');
      expect(await started.exited).toBe(0);
      expect(started.stdout()).toContain('SIGINT: stopping');
    } finally {
      if (started.child.exitCode === null) started.child.kill('SIGKILL');
    }
  }, READY_WITHIN_MS * 2 + 10_000);
});

describe('npm start with a busy port', () => {
  it.each([
    ['PORT', 'AS_PORT'],
    ['AS_PORT', 'PORT'],
  ])('prints one line naming the port and %s, and exits 1', async (busyVariable, otherVariable) => {
    const { server, port } = await occupiedPort();
    try {
      const started = spawnStart({ [busyVariable]: String(port), [otherVariable]: '0' });
      expect(await started.exited).toBe(1);
      const errorLines = started.stderr().trim().split('\n');
      expect(errorLines).toEqual([`error: port ${port} is already in use; set ${busyVariable} to a free port`]);
      expect(started.stdout()).not.toMatch(/^ready/m);
    } finally {
      server.close();
    }
  }, 30_000);
});
