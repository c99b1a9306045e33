// The e2e tests' client: openid-client v6, as an application would use it. Client credentials at the AS
// (found by discovery), revocation, and API calls with the opaque token; challenges (401/403 with
// WWW-Authenticate) come back as answers, not throws, so tests can assert on them.
import * as oidc from 'openid-client';

export interface ApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  /** Parsed WWW-Authenticate challenges, if any. */
  readonly challenges?: readonly oidc.WWWAuthenticateChallenge[];
}

export async function discoverClient(issuer: string, clientId: string, clientSecret: string): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(issuer), clientId, undefined, oidc.ClientSecretBasic(clientSecret), { execute: [oidc.allowInsecureRequests] });
}

export async function clientCredentialsToken(config: oidc.Configuration, scope?: string): Promise<string> {
  const tokens = await oidc.clientCredentialsGrant(config, scope ? { scope } : {});
  return tokens.access_token;
}

export async function revokeToken(config: oidc.Configuration, token: string): Promise<void> {
  await oidc.tokenRevocation(config, token, { token_type_hint: 'access_token' });
}

export async function callApi(config: oidc.Configuration, token: string, url: string, method = 'GET', body?: unknown): Promise<ApiAnswer> {
  const headers = new Headers(body === undefined ? {} : { 'content-type': 'application/json' });
  try {
    const response = await oidc.fetchProtectedResource(config, token, new URL(url), method, body === undefined ? null : JSON.stringify(body), headers);
    return { status: response.status, headers: response.headers, body: await readBody(response) };
  } catch (error) {
    if (!(error instanceof oidc.WWWAuthenticateChallengeError)) throw error;
    const { response } = error as unknown as { response: Response };
    return { status: error.status, headers: response.headers, body: await readBody(response), challenges: error.cause };
  }
}

/** No token at all: openid-client always sends one, so this is a bare request. */
export async function callApiWithoutToken(url: string): Promise<ApiAnswer> {
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, body: await readBody(response) };
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
