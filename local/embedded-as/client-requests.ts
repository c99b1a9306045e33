// getToken and revoke: real HTTP requests to the embedded AS, made the way any client makes them.
import { AsRequestError } from './as-request-error';
import { clientCredentialsFor } from './client-auth';
import { CLIENT_CERTIFICATE_HEADER, TOKEN_TTL_HEADER } from './wire-names';
import type { SigningKey } from './signing-keys';
import type { DemoClient, TokenRequestOptions } from './types';

export { AsRequestError };

export interface ClientDirectory {
  readonly issuer: string;
  readonly tokenEndpoint: string;
  readonly revocationEndpoint: string;
  client(clientId: string): DemoClient;
  keyOf(clientId: string): SigningKey | undefined;
}

export async function requestClientCredentialsToken(
  directory: ClientDirectory,
  clientId: string,
  options: TokenRequestOptions = {},
): Promise<string> {
  const answer = await postForm(directory, clientId, directory.tokenEndpoint, {
    grant_type: 'client_credentials',
    ...(options.scope !== undefined ? { scope: options.scope } : {}),
  }, {
    ...(options.ttlSeconds !== undefined ? { [TOKEN_TTL_HEADER]: String(options.ttlSeconds) } : {}),
    ...(options.clientCertificate !== undefined ? { [CLIENT_CERTIFICATE_HEADER]: encodeURIComponent(options.clientCertificate) } : {}),
  });
  const body = (await answer.json()) as { access_token?: unknown };
  if (typeof body.access_token !== 'string') throw new AsRequestError(directory.tokenEndpoint, answer.status, 'no access_token');
  return body.access_token;
}

export async function requestRevocation(directory: ClientDirectory, clientId: string, token: string): Promise<void> {
  const answer = await postForm(directory, clientId, directory.revocationEndpoint, { token });
  await answer.arrayBuffer();
}

async function postForm(
  directory: ClientDirectory,
  clientId: string,
  endpoint: string,
  form: Record<string, string>,
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  const auth = await clientCredentialsFor(directory.client(clientId), directory.keyOf(clientId), directory.issuer);
  const answer = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...auth.headers, ...extraHeaders },
    body: new URLSearchParams({ ...form, ...auth.params }),
  });
  if (!answer.ok) {
    const body = (await answer.json().catch(() => ({}))) as { error?: string; error_description?: string };
    throw new AsRequestError(endpoint, answer.status, body.error, body.error_description);
  }
  return answer;
}
