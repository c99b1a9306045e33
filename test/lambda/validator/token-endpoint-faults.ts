// (mock) A loopback token endpoint for faults a real AS cannot be made to produce on demand: 5xx,
// garbage, a hang. Counts requests and records the last form it received.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultAnswer {
  readonly status: number;
  readonly body: string;
  readonly delayMs?: number;
}

export interface FaultyTokenEndpoint {
  readonly url: string;
  readonly requests: () => number;
  readonly lastForm: () => URLSearchParams | undefined;
  readonly lastAuthorization: () => string | undefined;
  answer(next: FaultAnswer): void;
  stop(): Promise<void>;
}

export async function startFaultyTokenEndpoint(initial: FaultAnswer): Promise<FaultyTokenEndpoint> {
  let current = initial;
  let count = 0;
  let form: URLSearchParams | undefined;
  let authorization: string | undefined;
  const server = createServer((request, response) => {
    count += 1;
    authorization = request.headers.authorization;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const { status, body, delayMs } = current;
      setTimeout(() => {
        if (!response.destroyed) response.writeHead(status, { 'Content-Type': 'application/json' }).end(body);
      }, delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/token`,
    requests: () => count,
    lastForm: () => form,
    lastAuthorization: () => authorization,
    answer: (next) => {
      current = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
