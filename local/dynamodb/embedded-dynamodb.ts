// DynamoDB in-process: dynalite, in memory, on a loopback port. Tables become ACTIVE at once so start-up
// does not wait on the half-second CREATING state dynalite imitates by default.
import dynalite from 'dynalite';
import { close, listen } from '../listen';

export interface EmbeddedDynamoDb {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startEmbeddedDynamoDb(options: { port?: number; host?: string } = {}): Promise<EmbeddedDynamoDb> {
  const host = options.host ?? '127.0.0.1';
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const port = await listen(server, options.port ?? 0, host);
  return { endpoint: `http://${host}:${port}`, port, stop: () => close(server) };
}
