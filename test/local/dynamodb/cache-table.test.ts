import { DescribeTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CACHE_TABLE_SCHEMA, ensureCacheTable, localDynamoDbClient, startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../../local/dynamodb';

describe('embedded DynamoDB and the cache table', () => {
  let dynamo: EmbeddedDynamoDb;
  beforeAll(async () => {
    dynamo = await startEmbeddedDynamoDb({ port: 0 });
  });
  afterAll(() => dynamo.stop());

  it('creates the table with the construct key schema once, then finds it', async () => {
    const client = localDynamoDbClient(dynamo.endpoint, {});
    try {
      expect(await ensureCacheTable(client, 'cache-a')).toBe('created');
      expect(await ensureCacheTable(client, 'cache-a')).toBe('existing');
      const { Table } = await client.send(new DescribeTableCommand({ TableName: 'cache-a' }));
      expect(Table).toMatchObject({
        TableStatus: 'ACTIVE',
        KeySchema: [{ AttributeName: CACHE_TABLE_SCHEMA.partitionKey, KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      });
      await client.send(new PutItemCommand({ TableName: 'cache-a', Item: { pk: { S: 'hash-1' }, ttl: { N: '1' } } }));
      const { Item } = await client.send(new GetItemCommand({ TableName: 'cache-a', Key: { pk: { S: 'hash-1' } } }));
      expect(Item?.ttl).toEqual({ N: '1' });
    } finally {
      client.destroy();
    }
  });
});
