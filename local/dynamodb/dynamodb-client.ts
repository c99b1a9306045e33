// A DynamoDB client for a local endpoint. An embedded or DynamoDB Local endpoint accepts any credentials,
// so fixed ones are used when the environment has none; a real endpoint uses the usual credential chain.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export const LOCAL_REGION = 'us-east-1';

export function localDynamoDbClient(endpoint: string, useEnvironmentCredentials: boolean): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? LOCAL_REGION,
    ...(useEnvironmentCredentials ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    maxAttempts: 2,
  });
}
