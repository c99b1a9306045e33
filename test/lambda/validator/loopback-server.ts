// A real HTTP server on loopback (port 0) whose every answer the test writes (the JWKS fetcher tests, the
// policy engine stand-ins):
// stalls, redirects, oversized and cut-off bodies, and the requests it saw.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Loopback {
  readonly url: string;
  readonly paths: string[];
  readonly headers: IncomingMessage['headers'][];
  stop(): Promise<void>;
}

export async function serveLoopback(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<Loopback> {
  const paths: string[] = [];
  const headers: IncomingMessage['headers'][] = [];
  const server: Server = createServer((request, response) => {
    paths.push(request.url ?? '');
    headers.push(request.headers);
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/jwks`,
    paths,
    headers,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The code of the error a promise rejects with, or 'RESOLVED'. */
/** A JWKS fetch failure as `code jwks` (`ERR_AS_UNAVAILABLE timeout`), or a network error's code. */
export async function jwksFailureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    const { code, detail } = error as { code?: unknown; detail?: { jwks?: string } };
    return detail?.jwks === undefined ? code : `${String(code)} ${detail.jwks}`;
  }
  return 'RESOLVED';
}

export async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return 'RESOLVED';
}
