// A real JWKS endpoint on loopback (port 0) that counts its requests and can be told to fail or to
// serve other keys, for the remote-JWKS and "never follow jku/x5u" tests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';

export interface JwksServer {
  readonly url: string;
  readonly requests: () => number;
  serve(jwks: JSONWebKeySet): void;
  failWith(status: number | undefined): void;
  stop(): Promise<void>;
}

export async function startJwksServer(initial: JSONWebKeySet): Promise<JwksServer> {
  let jwks = initial;
  let failure: number | undefined;
  let count = 0;
  const server: Server = createServer((request, response) => {
    count += 1;
    request.resume();
    if (failure !== undefined) {
      response.writeHead(failure, { 'Content-Type': 'text/plain' }).end('failure');
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/jwks`,
    requests: () => count,
    serve: (next) => {
      jwks = next;
    },
    failWith: (status) => {
      failure = status;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
