// OPA over its REST Data API, against a STAND-IN server on loopback that speaks OPA's documented contract
// (opa-stand-in.ts): the documented input, boolean and object results, and fail-closed answers to an
// undefined document, an HTTP error, a non-JSON body and a slow server.
import { opaPolicy } from '../../../../lambda/validator';
import { decidePolicy } from '../../../../lambda/validator/policy/decide-policy';
import { startOpaStandIn, type OpaStandIn } from './opa-stand-in';
import { INVOICE_1001, INVOICE_2002, policyRequest } from './policy-fixtures';

interface Input {
  principal: { attributes: { subscriber_id?: string } };
  resource: { attributes: { subscriberId?: string } };
  context: { scopes: string[] };
}

// Stands in for:  package invoices.authz
//   default allow := false
//   allow if { input.principal.attributes.subscriber_id == input.resource.attributes.subscriberId }
//   decision := { "allow": allow, "reasons": reasons }
const owns = (input: Input) => input.principal.attributes.subscriber_id !== undefined && input.principal.attributes.subscriber_id === input.resource.attributes.subscriberId;

let opa: OpaStandIn;
beforeAll(async () => {
  opa = await startOpaStandIn({
    'invoices/authz/allow': (input) => owns(input as Input),
    'invoices/authz/decision': (input) => ({ allow: owns(input as Input), reasons: owns(input as Input) ? ['owner'] : ['not the invoice owner'] }),
    'invoices/authz/odd': () => 'yes',
  });
});
afterAll(() => opa.stop());
afterEach(() => {
  opa.fault = undefined;
  opa.seen.length = 0;
});

const policy = (path = 'invoices/authz/allow', extra = {}) => opaPolicy({ url: opa.url, path, resourceType: 'Invoice', ...extra });

describe('opaPolicy (stand-in server for OPA\'s REST Data API)', () => {
  it('POSTs the documented input to /v1/data/<path> and allows on result true', async () => {
    await expect(policy().decide(policyRequest({ resource: INVOICE_1001 }))).resolves.toEqual({ allow: true, reasons: [] });
    const [{ path, body, headers }] = opa.seen;
    expect(path).toBe('invoices/authz/allow');
    expect(headers['content-type']).toBe('application/json');
    expect(body).toEqual({
      input: {
        principal: { type: 'User', id: 'user-1001', attributes: expect.objectContaining({ sub: 'user-1001', subscriber_id: 'sub-1001', client_id: 'invoices-client' }) },
        action: { type: 'Action', id: 'GET /invoices/{id}' },
        resource: { type: 'Invoice', id: '/invoices/inv-1001', attributes: { ...INVOICE_1001, pathParameters: { id: 'inv-1001' } } },
        context: { scopes: ['invoice_read', 'invoice_write'], method: 'GET', path: '/invoices/inv-1001', route: '/invoices/{id}', query: {} },
      },
    });
  });

  it('denies on result false (403 ERR_POLICY_DENIED)', async () => {
    await expect(decidePolicy(policy(), policyRequest({ resource: INVOICE_2002 }), {})).rejects.toMatchObject({ code: 'ERR_POLICY_DENIED', status: 403 });
  });

  it('reads an object result with reasons; a dotted path names the same document', async () => {
    await expect(policy('invoices.authz.decision').decide(policyRequest({ resource: INVOICE_2002 }))).resolves.toEqual({ allow: false, reasons: ['not the invoice owner'] });
    await expect(policy('invoices/authz/decision').decide(policyRequest({ resource: INVOICE_1001 }))).resolves.toEqual({ allow: true, reasons: ['owner'] });
  });

  it.each([
    ['an undefined document (no rule at that path)', { path: 'invoices/authz/missing' }, {}],
    ['a result that is not a decision', { path: 'invoices/authz/odd' }, {}],
    ['HTTP 500', {}, { status: 500 }],
    ['a body that is not JSON', {}, { body: '<html>' }],
  ])('fails closed with ERR_POLICY_ERROR (503) on %s', async (_name, where, fault) => {
    opa.fault = fault;
    await expect(decidePolicy(policy((where as { path?: string }).path), policyRequest({ resource: INVOICE_1001 }), {})).rejects.toMatchObject({ code: 'ERR_POLICY_ERROR', status: 503 });
  });

  it('fails closed with ERR_POLICY_TIMEOUT (503) when OPA is slower than timeoutMs, and on an unreachable server with ERR_POLICY_ERROR', async () => {
    opa.fault = { delayMs: 1000 };
    await expect(decidePolicy(policy(undefined, { timeoutMs: 50 }), policyRequest({ resource: INVOICE_1001 }), {})).rejects.toMatchObject({ code: 'ERR_POLICY_TIMEOUT' });
    const closed = opaPolicy({ url: 'http://127.0.0.1:1', path: 'invoices/authz/allow' });
    await expect(decidePolicy(closed, policyRequest({ resource: INVOICE_1001 }), {})).rejects.toMatchObject({ code: 'ERR_POLICY_ERROR' });
  });

  it('sends the configured headers (an OPA bearer token)', async () => {
    await policy(undefined, { headers: { Authorization: 'Bearer opa-token' } }).decide(policyRequest({ resource: INVOICE_1001 }));
    expect(opa.seen[0].headers.authorization).toBe('Bearer opa-token');
  });

  it('refuses a bad URL or path when it is built', () => {
    expect(() => opaPolicy({ url: 'http://opa.internal:8181', path: 'a/b' })).toThrow(/url: .*must use https \(http is allowed on loopback only\)/);
    expect(() => opaPolicy({ url: 'not a url', path: 'a/b' })).toThrow(/url: "not a url" is not a URL/);
    expect(() => opaPolicy({ url: opa.url, path: '../admin' })).toThrow(/path: "..\/admin" is not a package path/);
    expect(() => opaPolicy({ url: opa.url, path: 'a', timeoutMs: 20_000 })).toThrow(/timeoutMs: must be a whole number from 1 to 10000/);
  });
});
