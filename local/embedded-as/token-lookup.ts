// Finding an opaque access token in oidc-provider's store, whichever grant issued it.
import type Provider from 'oidc-provider';
import type { OidcToken } from 'oidc-provider';

export type TokenStore = Pick<Provider, 'ClientCredentials' | 'AccessToken'>;

/** The token if it exists, is unexpired and unrevoked (revocation deletes it); otherwise undefined. */
export async function findActiveToken(provider: TokenStore, value: string): Promise<OidcToken | undefined> {
  const token = (await provider.ClientCredentials.find(value)) ?? (await provider.AccessToken.find(value));
  return token?.isValid ? token : undefined;
}
