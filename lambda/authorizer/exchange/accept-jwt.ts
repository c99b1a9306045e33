// Mode `accept-jwt`: RFC 7662 introspection asking for `Accept: application/jwt`; the AS answers with the
// phantom JWT as the body, or 204 (or `active: false`) for an inactive token.
import { invalidResponse } from '../as-client/http';
import { callAs, isIntrospectionTokenRejection } from './call-as';
import { cacheLifetimeSeconds } from './cache-control';
import { inactiveJson, introspectionParams, verifyAnsweredJwt } from './introspection';
import type { ExchangeContext, ExchangeToken } from './types';

export function acceptJwtExchange(context: ExchangeContext): ExchangeToken {
  return async (token) => {
    const { introspectionEndpoint: url } = await context.endpoints();
    const response = await callAs(context, url!, introspectionParams(token), 'application/jwt');
    const asLatencyMs = response.latencyMs;
    if (response.status === 204 || isIntrospectionTokenRejection(response)) return { active: false, asLatencyMs };
    if (response.status !== 200) throw invalidResponse(url!, `status ${response.status}`, { status: response.status });
    if (response.contentType === 'application/json' && inactiveJson(response.body)) return { active: false, asLatencyMs };
    if (response.contentType !== 'application/jwt') {
      throw invalidResponse(url!, `content type "${response.contentType}", expected application/jwt`);
    }
    const jwt = response.body.trim();
    const identity = await verifyAnsweredJwt(context, url!, jwt);
    return { active: true, identity, maxAgeSeconds: cacheLifetimeSeconds(response.cacheControl, context.config.honorNoStore), asLatencyMs };
  };
}
