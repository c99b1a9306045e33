// Stands in for @smithy/core's shared-ini-file-loader/loadSharedConfigFiles in the Lambda bundles. A Lambda
// function has no ~/.aws/config or ~/.aws/credentials: the SDK's settings come from the environment (the
// region from AWS_REGION), and its credentials from fromEnv (credentials-from-env.ts). The real loader
// looks for both files on every setting the environment leaves unset (finding none) and loads
// node:fs/promises for that at cold start, about 2 ms. Answering "no files" is what it finds there.
export const CONFIG_PREFIX_SEPARATOR = '.';

export const loadSharedConfigFiles = async (): Promise<{ configFile: Record<string, never>; credentialsFile: Record<string, never> }> => ({
  configFile: {},
  credentialsFile: {},
});
