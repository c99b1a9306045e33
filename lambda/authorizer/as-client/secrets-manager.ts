// Reads a secret's string from AWS Secrets Manager. The SDK client is built on first use only, so an
// instance whose secret comes from the environment (local mode) never sends a request. The package is
// imported statically: a dynamic import() makes the bundler wrap every module it shares with the DynamoDB
// client in a lazy initializer, which costs a cold start more (about 15 % of the authorizer's load) than
// defining the Secrets Manager modules does.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretReader } from '../types';

export function secretsManagerReader(options: { endpoint?: string; timeoutMs: number }): SecretReader {
  let sdk: SecretsManagerClient | undefined;
  return async (secretId) => {
    sdk ??= new SecretsManagerClient({ ...(options.endpoint ? { endpoint: options.endpoint } : {}), maxAttempts: 2 });
    const output = await sdk.send(new GetSecretValueCommand({ SecretId: secretId }), { abortSignal: AbortSignal.timeout(options.timeoutMs) });
    if (typeof output.SecretString !== 'string') throw new Error('the secret has no SecretString');
    return output.SecretString;
  };
}
