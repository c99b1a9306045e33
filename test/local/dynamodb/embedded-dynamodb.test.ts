import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureCacheTable, localDynamoDbClient, startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../../local/dynamodb';

describe('embedded DynamoDB outage: stop() and start()', () => {
  let dynamo: EmbeddedDynamoDb;
  let client: DynamoDBClient;
  const key = { pk: { S: 'outage-item' } };
  beforeAll(async () => {
    dynamo = await startEmbeddedDynamoDb({ port: 0 });
    client = localDynamoDbClient(dynamo.endpoint);
    await ensureCacheTable(client, 'outage-table');
    await client.send(new PutItemCommand({ TableName: 'outage-table', Item: key }));
  });
  afterAll(async () => {
    client.destroy();
    await dynamo.stop();
  });

  it('refuses connections while stopped, then serves the same table and items on the same port', async () => {
    await dynamo.stop();
    await expect(client.send(new GetItemCommand({ TableName: 'outage-table', Key: key }))).rejects.toThrow(/ECONNREFUSED/);
    await dynamo.start();
    const { Item } = await client.send(new GetItemCommand({ TableName: 'outage-table', Key: key }));
    expect(Item).toEqual(key);
    expect(dynamo.endpoint).toBe(`http://127.0.0.1:${dynamo.port}`);
  });
});
