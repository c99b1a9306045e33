// Mode `token-exchange`: RFC 8693 at the token endpoint, the opaque access token as subject, a JWT
// requested back. `invalid_grant` (the subject token is inactive), `invalid_scope` and `invalid_target`
// (it cannot become this gateway's JWT) are the caller's 401.
import { invalidResponse } from '../as-client/http';
import { callAs, isExchangeTokenRejection } from './call-as';
import { cacheLifetimeSeconds } from './cache-control';
import { verifyAnsweredJwt } from './introspection';
import type { ExchangeContext, ExchangeToken } from './types';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
export const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';

export function tokenExchange(context: ExchangeContext): ExchangeToken {
  const { config } = context;
  return async (token) => {
    const { tokenEndpoint: url } = await context.endpoints();
    const params: Record<string, string> = {
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: token,
      subject_token_type: ACCESS_TOKEN_TYPE,
      requested_token_type: JWT_TOKEN_TYPE,
      ...(config.exchangeAudience ? { audience: config.exchangeAudience } : {}),
      ...(config.exchangeScope ? { scope: config.exchangeScope } : {}),
    };
    const response = await callAs(context, url!, params, 'application/json');
    const asLatencyMs = response.latencyMs;
    if (isExchangeTokenRejection(response)) return { active: false, asLatencyMs };
    if (response.status !== 200) throw invalidResponse(url!, `status ${response.status}`, { status: response.status });
    if (response.contentType !== 'application/json') {
      throw invalidResponse(url!, `content type "${response.contentType}", expected application/json`);
    }
    let body: { access_token?: unknown; issued_token_type?: unknown };
    try {
      body = JSON.parse(response.body) as typeof body;
    } catch {
      throw invalidResponse(url!, 'the body is not JSON');
    }
    if (body?.issued_token_type !== undefined && body.issued_token_type !== JWT_TOKEN_TYPE && body.issued_token_type !== ACCESS_TOKEN_TYPE) {
      throw invalidResponse(url!, `issued_token_type "${String(body.issued_token_type)}"`);
    }
    const jwt = body?.access_token;
    if (typeof jwt !== 'string') throw invalidResponse(url!, 'access_token is not a JWT');
    const identity = await verifyAnsweredJwt(context, url!, jwt);
    return { active: true, identity, maxAgeSeconds: cacheLifetimeSeconds(response.cacheControl, context.config.honorNoStore), asLatencyMs };
  };
}
