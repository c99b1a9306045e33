// End-to-end figures on the local HTTP API (what PhantomTokenHttpGateway deploys): the same server, load
// and alternation as e2e.ts, with local HTTP APIs in front. full: opaque token -> REQUEST authorizer with
// payload 2.0 events and simple responses (result cache off) -> invoices service verifying the JWT from
// requestContext.authorizer.lambda; unauthenticated: the same route with authorization off.
import { expectOk, fullVersusOpen, measureRounds, startServer, summarize } from './e2e';
import { machine, type Section } from './harness/figures';
import type { Profile } from './harness/profile';
import { round } from './harness/stats';

const ROUTE = '/invoices';

export async function e2eHttpBenchmarks(profile: Profile): Promise<Section[]> {
  const server = await startServer('http');
  try {
    const { ready } = server;
    const full = { url: `${ready.urls.full}${ROUTE}`, authorization: `Bearer ${ready.token}` };
    const open = { url: `${ready.urls.open}${ROUTE}`, authorization: `Bearer ${ready.jwt}` };
    for (const target of [full, open]) await expectOk(target.url, target.authorization);
    const { seconds, rounds, runs: [fullRuns, openRuns] } = await measureRounds(profile, [full, open]);
    const values = fullVersusOpen(fullRuns, openRuns);
    return [{
      path: 'e2e.localHttp',
      values,
      conditions: {
        ...machine(),
        tool: `autocannon, 8 connections, ${seconds} s per run, ${rounds} round(s), GET ${ROUTE}, loopback; server in its own process`,
        what: 'as e2e.local, on local HTTP APIs: payload 2.0 authorizer events (simple responses, result cache off, so the authorizer runs per request on its memory tier) and payload 2.0 service events. unauthenticated: same route, auth switched off, the caller sends the JWT. Medians over rounds.',
        full: summarize(fullRuns),
        unauthenticated: summarize(openRuns),
        summary: `${rounds} x ${seconds} s, p50 full ${round(values.p50ms)} ms / open ${round(values.unauthenticatedP50ms)} ms`,
      },
    }];
  } finally {
    await server.stop();
  }
}
