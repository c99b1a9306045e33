// Finding an opaque access token in oidc-provider's store, whichever grant issued it.
import Provider, { type OidcToken } from 'oidc-provider';

export type TokenStore = Pick<Provider, 'ClientCredentials' | 'AccessToken'>;

/** The token's RFC 7800 confirmation (`cnf`), as oidc-provider's introspection states it; undefined when unbound. */
export function confirmationOf(token: OidcToken): Record<string, string> | undefined {
  const cnf = {
    ...(token['x5t#S256'] ? { 'x5t#S256': token['x5t#S256'] } : {}),
    ...(token.jkt ? { jkt: token.jkt } : {}),
  };
  return Object.keys(cnf).length > 0 ? cnf : undefined;
}

/** The token if it exists, is unexpired and unrevoked (revocation deletes it); otherwise undefined. */
export async function findActiveToken(provider: TokenStore, value: string): Promise<OidcToken | undefined> {
  const token = (await provider.ClientCredentials.find(value)) ?? (await provider.AccessToken.find(value));
  return token?.isValid ? token : undefined;
}
