// Policy requests for the policy tests: verified claims (a VerifiedJwt built directly, the signature is
// not what these tests are about), a request for a route, and an optional loaded resource.
import type { ApiRequest } from '../../../../lambda/validator/api-event';
import { VerifiedJwt, type JwtClaims } from '../../../../lambda/validator/claims';
import type { PolicyRequest } from '../../../../lambda/validator/policy/policy-decision';
import { phantomClaims } from '../token-factory';

export interface RequestShape {
  readonly claims?: Record<string, unknown>;
  readonly method?: string;
  readonly template?: string;
  readonly path?: string;
  readonly pathParameters?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly resource?: unknown;
}

export function apiRequestFor(shape: RequestShape = {}): ApiRequest {
  return {
    method: shape.method ?? 'GET',
    route: shape.template ?? '/invoices/{id}',
    path: shape.path ?? '/invoices/inv-1001',
    pathParameters: shape.pathParameters ?? { id: 'inv-1001' },
    queryParameters: shape.query ?? {},
    headers: { authorization: 'Bearer must-never-reach-a-policy' },
  };
}

export function policyRequest(shape: RequestShape = {}): PolicyRequest<JwtClaims, unknown> {
  const claims = phantomClaims(shape.claims) as unknown as JwtClaims;
  const jwt = new VerifiedJwt('header.payload.signature', { alg: 'ES256' }, claims, 'ab'.repeat(32));
  const request = apiRequestFor(shape);
  return { claims: jwt.claims, jwt, request, route: { method: request.method, template: request.route }, resource: shape.resource };
}

export const INVOICE_1001 = { id: 'inv-1001', subscriberId: 'sub-1001', amount: 42, currency: 'EUR' };
export const INVOICE_2002 = { id: 'inv-2002', subscriberId: 'sub-2002', amount: 99, currency: 'EUR' };
