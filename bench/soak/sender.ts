// Sends one planned request over a keep-alive connection pool and reports what came back (or that
// nothing did). Never throws: every request ends in an answer or a recorded failure within the timeout.
import { Agent, request } from 'node:http';
import type { PlannedRequest } from './traffic';

export interface SentRequest {
  readonly startMs: number;
  readonly endMs: number;
  readonly status?: number;
  readonly retryAfter?: string;
  readonly reset?: boolean;
  /** Why no answer came (error code or 'timeout'). */
  readonly failure?: string;
}

export class Sender {
  private readonly agent: Agent;
  private readonly base: URL;

  constructor(
    baseUrl: string,
    maxSockets: number,
    private readonly timeoutMs: number,
    private readonly clock: () => number,
  ) {
    this.base = new URL(baseUrl);
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  send(planned: PlannedRequest): Promise<SentRequest> {
    const startMs = this.clock();
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: Omit<SentRequest, 'startMs' | 'endMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ startMs, endMs: this.clock(), ...outcome });
      };
      const body = planned.body === undefined ? undefined : Buffer.from(planned.body);
      const outgoing = request(
        {
          agent: this.agent,
          hostname: this.base.hostname,
          port: this.base.port,
          method: planned.method,
          path: planned.path,
          headers: { ...planned.headers, ...(body ? { 'content-length': body.length } : {}) },
        },
        (response) => {
          const retryAfter = response.headers['retry-after'];
          response.on('error', (error: NodeJS.ErrnoException) => finish({ failure: error.code ?? error.message }));
          // The body is drained (so the socket is reused) but not kept.
          response.on('data', () => undefined);
          response.on('end', () => finish({ status: response.statusCode, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined }));
        },
      );
      const timer = setTimeout(() => {
        finish({ failure: 'timeout' });
        outgoing.destroy();
      }, this.timeoutMs);
      outgoing.on('error', (error: NodeJS.ErrnoException) => finish({ failure: error.code ?? error.message, reset: error.code === 'ECONNRESET' || error.code === 'EPIPE' }));
      outgoing.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
