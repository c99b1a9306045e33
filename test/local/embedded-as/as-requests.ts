// Raw HTTP requests to the embedded AS for the tests: exactly what a gateway sends, nothing hidden.
import { importJWK, type CryptoKey } from 'jose';
import { basicAuthorization, clientAssertion, CLIENT_ASSERTION_TYPE, DEMO_CLIENTS, JWT_TOKEN_TYPE, ACCESS_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT, type EmbeddedAs } from '../../../local/embedded-as';

export const FORM = 'application/x-www-form-urlencoded';

export function basicFor(clientId: string, secret?: string): string {
  const client = DEMO_CLIENTS.find((demo) => demo.clientId === clientId);
  return basicAuthorization(clientId, secret ?? client?.clientSecret ?? '');
}

export async function introspect(
  as: EmbeddedAs,
  token: string,
  options: { accept?: string; clientId?: string; authorization?: string; privateKeyJwt?: boolean } = {},
): Promise<Response> {
  const auth: { headers: Record<string, string>; params: Record<string, string> } = options.privateKeyJwt
    ? { headers: {}, params: await privateKeyJwtParams(as) }
    : { headers: { authorization: options.authorization ?? basicFor(options.clientId ?? 'gateway-client') }, params: {} };
  return fetch(as.introspectionEndpoint, {
    method: 'POST',
    headers: { 'content-type': FORM, accept: options.accept ?? 'application/json', ...auth.headers },
    body: new URLSearchParams({ token, ...auth.params }),
  });
}

/** Body parameters authenticating gateway-pkjwt-client (RFC 7523), with a fresh assertion each time. */
export async function privateKeyJwtParams(as: EmbeddedAs): Promise<Record<string, string>> {
  const jwk = as.gatewayPrivateJwk;
  const key = { alg: 'ES256', kid: jwk.kid as string, privateKey: (await importJWK(jwk, 'ES256')) as CryptoKey };
  return {
    client_id: 'gateway-pkjwt-client',
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: await clientAssertion('gateway-pkjwt-client', key, as.issuer),
  };
}

export interface ExchangeRequest {
  readonly subjectToken: string;
  readonly subjectTokenType?: string;
  readonly audience?: string;
  readonly scope?: string;
  readonly clientId?: string;
}

export async function exchange(as: EmbeddedAs, request: ExchangeRequest): Promise<Response> {
  return fetch(as.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': FORM, accept: 'application/json', authorization: basicFor(request.clientId ?? 'gateway-client') },
    body: new URLSearchParams({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: request.subjectToken,
      subject_token_type: request.subjectTokenType ?? ACCESS_TOKEN_TYPE,
      requested_token_type: JWT_TOKEN_TYPE,
      ...(request.audience ? { audience: request.audience } : {}),
      ...(request.scope ? { scope: request.scope } : {}),
    }),
  });
}

/** Tokens from this AS are opaque: not a JWS, not a JWE, just a random string. */
export function isOpaque(token: string): boolean {
  return /^[A-Za-z0-9_-]{20,}$/.test(token) && !token.includes('.');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
