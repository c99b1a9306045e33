// A STAND-IN for an OPA server (no OPA binary installs here): a loopback HTTP server speaking OPA's
// documented REST Data API, `POST /v1/data/<path>` with `{"input": ...}` answered `200 {"result": ...}`,
// and `200 {}` when no document exists at the path (OPA's "undefined"). Its documents are JavaScript
// functions of the input, standing in for Rego rules.
import type { IncomingHttpHeaders } from 'node:http';
import { serveLoopback } from '../loopback-server';

export type OpaDocument = (input: unknown) => unknown;

export interface OpaStandIn {
  readonly url: string;
  readonly seen: { readonly path: string; readonly body: unknown; readonly headers: IncomingHttpHeaders }[];
  /** Instead of a decision: a delay, an HTTP status, or a raw body. */
  fault?: { readonly delayMs?: number; readonly status?: number; readonly body?: string };
  stop(): Promise<void>;
}

export async function startOpaStandIn(documents: Record<string, OpaDocument>): Promise<OpaStandIn> {
  const standIn: OpaStandIn = { url: '', seen: [], stop: async () => undefined };
  const loopback = await serveLoopback((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      const answer = (status: number, body: string) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(body);
      };
      const path = (request.url ?? '').replace(/^\/v1\/data\//, '');
      let body: { input?: unknown };
      try {
        body = JSON.parse(text);
      } catch {
        return answer(400, JSON.stringify({ code: 'invalid_parameter', message: 'body is not JSON' }));
      }
      standIn.seen.push({ path, body, headers: request.headers });
      const fault = standIn.fault;
      if (request.method !== 'POST' || !request.url?.startsWith('/v1/data/')) return answer(404, JSON.stringify({ code: 'resource_not_found' }));
      if (fault?.status !== undefined) return answer(fault.status, JSON.stringify({ code: 'internal_error', message: 'stand-in fault' }));
      if (fault?.body !== undefined) return answer(200, fault.body);
      const document = documents[path];
      const result = document ? JSON.stringify({ result: document(body.input) }) : '{}';
      if (fault?.delayMs) setTimeout(() => answer(200, result), fault.delayMs);
      else answer(200, result);
    });
  });
  // The loopback server's own URL names a path; the stand-in is addressed by its origin.
  return Object.assign(standIn, { url: new URL(loopback.url).origin, stop: loopback.stop });
}
