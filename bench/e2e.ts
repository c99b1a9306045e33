// End-to-end figures (issue 6): autocannon against the local gateway with a cached token, for a bounded
// duration per run. Runs alternate between the full flow and the same route with auth switched off
// (both served by one server process, same handler instances), so machine noise hits both. Latency
// percentiles come from autocannon's per-response times (floating-point ms; its own histogram rounds to
// whole milliseconds, too coarse on loopback).
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { E2eServerReady } from './fixtures/e2e-server';
import { machine, roundedSpread, type Section } from './harness/figures';
import { pick, type Profile } from './harness/profile';
import { distribution, median, round } from './harness/stats';

const ROUTE = '/invoices';
const CONNECTIONS = 8;

export interface Run {
  readonly rps: number;
  readonly p50ms: number;
  readonly p99ms: number;
  readonly responses: number;
}

export async function e2eBenchmarks(profile: Profile): Promise<Section[]> {
  const server = await startServer();
  try {
    const { ready } = server;
    const full = { url: `${ready.urls.full}${ROUTE}`, authorization: `Bearer ${ready.token}` };
    const open = { url: `${ready.urls.open}${ROUTE}`, authorization: `Bearer ${ready.jwt}` };
    const cached = { url: `${ready.urls.gatewayCached}${ROUTE}`, authorization: `Bearer ${ready.token}` };
    for (const target of [full, open, cached]) await expectOk(target.url, target.authorization);
    const { seconds, rounds, runs: [fullRuns, openRuns, cachedRuns] } = await measureRounds(profile, [full, open, cached]);
    const fullP50 = median(fullRuns.map((run) => run.p50ms));
    const openP50 = median(openRuns.map((run) => run.p50ms));
    const conditions = {
      ...machine(),
      tool: `autocannon, ${CONNECTIONS} connections, ${seconds} s per run, ${rounds} round(s), GET ${ROUTE}, loopback; server in its own process`,
      what: 'full: opaque token -> local gateway -> REQUEST authorizer (memory-tier hit; gateway result cache off) -> invoices service verifies the forwarded JWT. unauthenticated: same route, auth switched off (unauthenticatedRoutes), the caller sends the JWT and the service verifies it. Medians over rounds. The authorizer sees the embedded AS answers as sent (Cache-Control: no-store, which by default does not stop its cache: honorNoStore off).',
      full: summarize(fullRuns),
      unauthenticated: summarize(openRuns),
      summary: `${rounds} x ${seconds} s, p50 full ${round(fullP50)} ms / open ${round(openP50)} ms`,
    };
    return [
      {
        path: 'e2e.local',
        values: fullVersusOpen(fullRuns, openRuns),
        conditions,
      },
      {
        path: 'e2e.gatewayCache',
        values: { rps: median(cachedRuns.map((run) => run.rps)), p50ms: median(cachedRuns.map((run) => run.p50ms)), p99ms: median(cachedRuns.map((run) => run.p99ms)) },
        conditions: {
          ...machine(),
          what: 'as e2e.local full, with the gateway result cache on (TTL 300 s): the authorizer is not called after the first request, as on a deployed REST API with resultsCacheTtl',
          runs: summarize(cachedRuns),
          summary: `${cachedRuns.length} x ${seconds} s`,
        },
      },
    ];
  } finally {
    await server.stop();
  }
}

/** The figures of the full flow next to the same route unauthenticated: rps, p99, p50 and their ratio. */
export function fullVersusOpen(fullRuns: readonly Run[], openRuns: readonly Run[]) {
  const fullP50 = median(fullRuns.map((run) => run.p50ms));
  const openP50 = median(openRuns.map((run) => run.p50ms));
  return {
    rps: median(fullRuns.map((run) => run.rps)),
    p99ms: median(fullRuns.map((run) => run.p99ms)),
    ratioToUnauthenticated: fullP50 / openP50,
    p50ms: fullP50,
    unauthenticatedRps: median(openRuns.map((run) => run.rps)),
    unauthenticatedP50ms: openP50,
  };
}

export interface LoadTarget {
  readonly url: string;
  readonly authorization: string;
}

/**
 * Warms up the first two targets (the full flow and its unauthenticated twin), then loads each target for
 * `seconds` per round, the first two swapping places every other round so drift hits both alike.
 */
export async function measureRounds(profile: Profile, targets: readonly LoadTarget[]): Promise<{ seconds: number; rounds: number; runs: Run[][] }> {
  const seconds = pick(profile, 5, 1);
  const rounds = pick(profile, 3, 1);
  // Warm-up: JIT, connection setup, the authorizer's memory tier and the services' verified-token caches.
  for (const target of targets.slice(0, 2)) await load(target, 1);
  const runs: Run[][] = targets.map(() => []);
  for (let i = 0; i < rounds; i++) {
    const order = targets.map((_, index) => index);
    if (i % 2 === 1) [order[0], order[1]] = [order[1], order[0]];
    for (const index of order) runs[index].push(await load(targets[index], seconds));
  }
  return { seconds, rounds, runs };
}

async function load(target: LoadTarget, seconds: number): Promise<Run> {
  const latencies: number[] = [];
  const instance = autocannon({ url: target.url, connections: CONNECTIONS, duration: seconds, headers: { authorization: target.authorization }, timeout: 10 });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode === 200) latencies.push(responseTime);
  });
  const result = await instance;
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${target.url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts under load`);
  }
  const stats = distribution(latencies);
  return { rps: latencies.length / seconds, p50ms: stats.p50, p99ms: stats.p99, responses: latencies.length };
}

export function summarize(runs: readonly Run[]) {
  return {
    runs: runs.length,
    rps: roundedSpread(runs.map((run) => run.rps)),
    p50ms: roundedSpread(runs.map((run) => run.p50ms)),
    p99ms: roundedSpread(runs.map((run) => run.p99ms)),
    responses: runs.reduce((sum, run) => sum + run.responses, 0),
  };
}

export async function expectOk(url: string, authorization: string): Promise<void> {
  const response = await fetch(url, { headers: { authorization }, signal: AbortSignal.timeout(10_000) });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${url}: expected 200, got ${response.status} ${body.slice(0, 200)}`);
}

/** The e2e server in its own process; `api: 'http'` puts local HTTP APIs in front instead of REST APIs. */
export async function startServer(api: 'rest' | 'http' = 'rest'): Promise<{ ready: E2eServerReady; stop: () => Promise<void> }> {
  const child: ChildProcess = fork(join(__dirname, 'fixtures', 'e2e-server.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, NODE_NO_WARNINGS: '1', E2E_SERVER_API: api },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.connected) child.send('stop');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const ready = await new Promise<E2eServerReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the e2e server did not start within 60 s')), 60_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as E2eServerReady);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the e2e server exited with code ${code}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  return { ready, stop };
}
