// Reads a secret's string from AWS Secrets Manager. The SDK client is loaded on first use only, so an
// instance whose secret comes from the environment (local mode) never pays for it.
import type { SecretReader } from '../types';

export function secretsManagerReader(options: { endpoint?: string; timeoutMs: number }): SecretReader {
  let client: Promise<{ read: SecretReader }> | undefined;
  return async (secretId) => {
    client ??= import('@aws-sdk/client-secrets-manager').then(({ SecretsManagerClient, GetSecretValueCommand }) => {
      const sdk = new SecretsManagerClient({ ...(options.endpoint ? { endpoint: options.endpoint } : {}), maxAttempts: 2 });
      return {
        read: async (id: string) => {
          const output = await sdk.send(new GetSecretValueCommand({ SecretId: id }), { abortSignal: AbortSignal.timeout(options.timeoutMs) });
          if (typeof output.SecretString !== 'string') throw new Error('the secret has no SecretString');
          return output.SecretString;
        },
      };
    });
    return (await client).read(secretId);
  };
}
