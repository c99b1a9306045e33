// DynamoDB in-process: dynalite, in memory, on a loopback port. Tables become ACTIVE at once so start-up
// does not wait on the half-second CREATING state dynalite imitates by default.
import { Server } from 'node:http';
import dynalite from 'dynalite';
import { close, listen } from '../listen';

export interface EmbeddedDynamoDb {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** Stops listening and drops open connections: requests fail until `start()`. Tables and items survive. */
  stop(): Promise<void>;
  /** Listens again on the same port after `stop()`, with the same tables and items (an outage, not a wipe). */
  start(): Promise<void>;
}

export async function startEmbeddedDynamoDb(options: { port?: number; host?: string } = {}): Promise<EmbeddedDynamoDb> {
  const host = options.host ?? '127.0.0.1';
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  // dynalite's own close() also closes its store, and its next listen() starts with an empty one; an
  // outage must keep the data, so only the listener is closed (the in-memory store needs no closing).
  server.close = Server.prototype.close;
  const port = await listen(server, options.port ?? 0, host);
  return {
    endpoint: `http://${host}:${port}`,
    port,
    stop: async () => {
      // Keep-alive connections would otherwise go on serving the SDK's pooled sockets after close.
      server.closeAllConnections();
      await close(server);
      server.closeAllConnections();
    },
    start: async () => {
      if (!server.listening) await listen(server, port, host);
    },
  };
}
