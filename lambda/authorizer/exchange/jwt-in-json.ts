// Mode `jwt-in-json`: plain RFC 7662 JSON introspection whose answer carries the phantom JWT in a
// configured field (default `jwt`), as several commercial servers do.
import { invalidResponse } from '../as-client/http';
import { callAs, isIntrospectionTokenRejection } from './call-as';
import { cacheLifetimeSeconds } from './cache-control';
import { introspectionParams, verifyAnsweredJwt } from './introspection';
import { bindingFromCnf } from '../sender-constraint/token-binding';
import type { ExchangeContext, ExchangeToken, VerifiedIdentity } from './types';

export function jwtInJsonExchange(context: ExchangeContext): ExchangeToken {
  const field = context.config.jwtField;
  return async (token) => {
    const { introspectionEndpoint: url } = await context.endpoints();
    const response = await callAs(context, url!, introspectionParams(token), 'application/json');
    const asLatencyMs = response.latencyMs;
    if (response.status === 204 || isIntrospectionTokenRejection(response)) return { active: false, asLatencyMs };
    if (response.status !== 200) throw invalidResponse(url!, `status ${response.status}`, { status: response.status });
    if (response.contentType !== 'application/json') {
      throw invalidResponse(url!, `content type "${response.contentType}", expected application/json`);
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(response.body) as Record<string, unknown>;
    } catch {
      throw invalidResponse(url!, 'the body is not JSON');
    }
    if (body === null || typeof body !== 'object') throw invalidResponse(url!, 'the body is not a JSON object');
    if (body.active === false) return { active: false, asLatencyMs };
    if (body.active !== true) throw invalidResponse(url!, 'no boolean "active"');
    const jwt = body[field];
    if (typeof jwt !== 'string') throw invalidResponse(url!, `no JWT in field "${field}"`);
    const identity = await verifyAnsweredJwt(context, url!, jwt);
    if (!sameBinding(body.cnf, identity)) throw invalidResponse(url!, 'the answer binds the token (cnf) and its JWT does not say the same');
    return { active: true, identity, maxAgeSeconds: cacheLifetimeSeconds(response.cacheControl, context.config.honorNoStore), asLatencyMs };
  };
}

/**
 * The JWT is what the caches keep and rebuild the identity from, so a binding the JSON answer states must
 * be the JWT's too: otherwise a bound token would turn into a bearer one on its next cache hit.
 */
function sameBinding(cnf: unknown, identity: VerifiedIdentity): boolean {
  if (cnf === undefined) return true;
  return JSON.stringify(bindingFromCnf(cnf)) === JSON.stringify(identity.binding ?? null);
}
