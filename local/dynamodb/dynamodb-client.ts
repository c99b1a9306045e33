// A DynamoDB client for local mode. Embedded dynalite and DynamoDB Local accept any credentials, so a
// loopback endpoint gets fixed ones when the environment has none; anything else uses the usual chain.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export const LOCAL_REGION = 'us-east-1';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function localDynamoDbClient(endpoint: string, env: Readonly<Record<string, string | undefined>> = process.env): DynamoDBClient {
  const environmentHasCredentials = Boolean(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE);
  const loopback = LOOPBACK_HOSTS.has(new URL(endpoint).hostname);
  return new DynamoDBClient({
    endpoint,
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? LOCAL_REGION,
    ...(loopback && !environmentHasCredentials ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: 2,
  });
}
