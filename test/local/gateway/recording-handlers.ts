// Small real handlers for gateway tests: an authorizer that maps a few known tokens to policies the way a
// real one would, and a service that records every event it receives.
import { EXAMPLE_ROUTES } from '../../../lambda/shared/example-routes';
import type { AuthorizerEvent, AuthorizerResult, ProxyEvent, ProxyHandler, RequestAuthorizer } from '../../../local/gateway';

export const TOKENS = {
  invoices: 'opaque-invoices-token-0001',
  streams: 'opaque-streams-token-0002',
  denyInvoice1001: 'opaque-deny-token-0003',
  failing: 'opaque-failing-token-0004',
  malformed: 'opaque-malformed-token-0005',
  slow: 'opaque-slow-token-0006',
} as const;

export const fakeJwt = (name: string) => `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(name).toString('base64url')}.c2ln`;

export function recordingAuthorizer(): { authorizer: RequestAuthorizer; events: AuthorizerEvent[] } {
  const events: AuthorizerEvent[] = [];
  const authorizer: RequestAuthorizer = async (event) => {
    events.push(event);
    const token = event.headers?.Authorization?.replace(/^Bearer /, '') ?? event.headers?.authorization?.replace(/^Bearer /, '');
    const arnBase = event.methodArn.split('/').slice(0, 2).join('/');
    const allow = (resources: string[], extra: AuthorizerResult['policyDocument']['Statement'] = []): AuthorizerResult => ({
      principalId: 'sub-1001',
      policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: resources }, ...extra] },
      context: { jwt: fakeJwt(token!), authorization: `Bearer ${fakeJwt(token!)}`, sub: 'sub-1001', client_id: 'invoices-client', scope: 'invoice_read', expires_in: 60, active: true },
    });
    switch (token) {
      case TOKENS.invoices:
        return allow([`${arnBase}/GET/invoices/*`, `${arnBase}/POST/invoices`]);
      case TOKENS.streams:
        return allow([`${arnBase}/GET/streams/*`]);
      case TOKENS.denyInvoice1001:
        return allow([`${arnBase}/*/*`], [{ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: `${arnBase}/GET/invoices/inv-1001` }]);
      case TOKENS.failing:
        throw Object.assign(new Error('AS unavailable'), { code: 'ERR_AS_UNAVAILABLE' });
      case TOKENS.malformed:
        return { ...allow(['*']), context: { nested: { not: 'allowed' } } } as unknown as AuthorizerResult;
      case TOKENS.slow:
        await new Promise((resolve) => setTimeout(resolve, 500));
        return allow(['*']);
      default:
        throw new Error('Unauthorized');
    }
  };
  return { authorizer, events };
}

export function recordingService(name: string): { handler: ProxyHandler; events: ProxyEvent[] } {
  const events: ProxyEvent[] = [];
  const handler: ProxyHandler = async (event) => {
    events.push(event);
    if (event.path === '/invoices/explode') throw new Error('service bug');
    if (event.path === '/invoices/malformed') return { statusCode: 'ok' } as never;
    return {
      statusCode: event.httpMethod === 'POST' ? 201 : 200,
      headers: { 'Content-Type': 'application/json', 'X-Service': name },
      multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
      body: JSON.stringify({ service: name, path: event.path, id: event.pathParameters?.id ?? null }),
    };
  };
  return { handler, events };
}

export const ROUTES = EXAMPLE_ROUTES;
