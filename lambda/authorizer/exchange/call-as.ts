// A request to an AS endpoint with client authentication. When the AS refuses our credentials (401, or
// 400 invalid_client: RFC 6749 §5.2 lets an AS answer 400 when no Authorization header was used, as with
// private_key_jwt), the secret may have been rotated: re-read it (or wait for the re-read another request
// started after sending the same old credentials) and retry once; a second refusal is ERR_AS_CLIENT_AUTH
// (503), never the caller's 401.
import { UpstreamError } from '../../shared/errors';
import { clientAuthentication, type ClientCredentials } from '../as-client/client-auth';
import { oauthErrorCode, postForm, type AsResponse } from '../as-client/http';
import type { ExchangeContext } from './types';

export async function callAs(
  context: ExchangeContext,
  url: string,
  params: Record<string, string>,
  accept: string,
): Promise<AsResponse> {
  const first = await send(context, url, params, accept);
  let response = first.response;
  if (isClientAuthFailure(response) && (await context.credentials.refresh(first.used))) {
    response = (await send(context, url, params, accept)).response;
  }
  if (isClientAuthFailure(response)) {
    throw new UpstreamError('ERR_AS_CLIENT_AUTH', 'the AS refused the authorizer client credentials', { endpoint: url, kind: 'client_auth', status: response.status });
  }
  return response;
}

/** The AS's answer, and the credentials it answered (so a refusal can tell whether newer ones exist). */
async function send(
  context: ExchangeContext,
  url: string,
  params: Record<string, string>,
  accept: string,
): Promise<{ response: AsResponse; used: Promise<ClientCredentials> }> {
  const used = context.credentials.get();
  const auth = await clientAuthentication(await used, context.config.issuer, context.now());
  const response = await postForm(
    context.fetch,
    { url, form: new URLSearchParams({ ...params, ...auth.params }), headers: { accept, ...auth.headers } },
    context.config.asTimeoutMs,
    context.now,
  );
  return { response, used };
}

/**
 * Client authentication failing: a 401, unless the AS says the subject token itself is bad, or a 400
 * `invalid_client` (RFC 6749 §5.2).
 */
export function isClientAuthFailure(response: AsResponse): boolean {
  const error = oauthErrorCode(response);
  if (response.status === 400) return error === 'invalid_client';
  if (response.status !== 401) return false;
  return error !== 'invalid_token' && error !== 'invalid_grant';
}

/** The AS rejected the token itself: unknown, expired or revoked. */
export function isTokenRejection(response: AsResponse): boolean {
  if (response.status !== 400 && response.status !== 401) return false;
  const error = oauthErrorCode(response);
  return error === 'invalid_grant' || error === 'invalid_token';
}

/**
 * Introspection only: the AS refuses to introspect this kind of token. oidc-provider answers a JWT
 * presented where its opaque access token belongs with 400 `unsupported_token_type`; RFC 7662 §2.2 wants
 * `active: false` for any token the caller may not be told about, so it is the caller's bad token (401,
 * negatively cached), not a failing AS (503, retried on every request).
 */
export function isIntrospectionTokenRejection(response: AsResponse): boolean {
  return isTokenRejection(response) || (response.status === 400 && oauthErrorCode(response) === 'unsupported_token_type');
}

/**
 * Token exchange only: RFC 8693 §2.2.2's `invalid_scope` and `invalid_target` say the AS will not issue
 * the JWT this gateway asks for (its `exchangeScope`, its `audience`) from this subject token: a live token
 * that is not good here. That is the caller's token (401, negatively cached), not a failing AS (503,
 * counted in AsErrors and retried on every request).
 */
export function isExchangeTokenRejection(response: AsResponse): boolean {
  if (isTokenRejection(response)) return true;
  const error = response.status === 400 ? oauthErrorCode(response) : undefined;
  return error === 'invalid_scope' || error === 'invalid_target';
}
