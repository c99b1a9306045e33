// Stands in for @aws-sdk/credential-provider-node in the Lambda bundles. A Lambda function receives its
// role's credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, so the default
// chain's other links (SSO, ini files, credential_process, web identity, IMDS, and the STS/SSO clients
// they bring) never run there but cost the bundle about a third of its size. The exports keep the
// package's names and shapes, so the SDK clients use this file unchanged.
import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';

export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}): AwsCredentialIdentityProvider => fromEnv(init);

export const credentialsWillNeedRefresh = (credentials: AwsCredentialIdentity | undefined): boolean => credentials?.expiration !== undefined;

/** As the real chain: credentials within five minutes of their expiration are fetched again. */
export const credentialsTreatedAsExpired = (credentials: AwsCredentialIdentity | undefined): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
