// The token cache table local mode creates: the same key schema as the TokenCacheTable construct deploys
// (partition key `pk`, a string holding the token hash; expiry in the numeric `ttl` attribute).
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';

export const CACHE_TABLE_SCHEMA = {
  partitionKey: 'pk',
  ttlAttribute: 'ttl',
} as const;

export const DEFAULT_LOCAL_CACHE_TABLE = 'phantom-token-cache';

/** Creates the table unless it exists, and waits until it is ACTIVE. */
export async function ensureCacheTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'existing'> {
  let outcome: 'created' | 'existing' = 'created';
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [{ AttributeName: CACHE_TABLE_SCHEMA.partitionKey, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: CACHE_TABLE_SCHEMA.partitionKey, KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    outcome = 'existing';
  }
  await waitUntilActive(client, tableName);
  if (outcome === 'created') await enableTtl(client, tableName);
  return outcome;
}

async function waitUntilActive(client: DynamoDBClient, tableName: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`table ${tableName} is still ${Table?.TableStatus} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** DynamoDB Local and real tables honour TTL; dynalite has no UpdateTimeToLive, and the cache checks expiry itself. */
async function enableTtl(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: CACHE_TABLE_SCHEMA.ttlAttribute, Enabled: true } }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'UnknownOperationException') throw error;
  }
}
