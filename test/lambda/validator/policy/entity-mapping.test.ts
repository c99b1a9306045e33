// The one mapping every engine is given: principal from sub (else client_id) with the claims, action from
// the route, resource from the path and the loaded resource, context from the scopes and the request.
import { authorizationModel, modelValue } from '../../../../lambda/validator/policy/entity-mapping';
import { INVOICE_1001, policyRequest } from './policy-fixtures';

describe('authorizationModel', () => {
  it('maps sub, the claims, the route, the path parameters, the loaded resource, the scopes and the query', () => {
    const model = authorizationModel(policyRequest({ resource: INVOICE_1001, query: { expand: 'lines' } }), { resourceType: 'Invoice' });
    expect(model.principal).toMatchObject({ type: 'User', id: 'user-1001', attributes: { subscriber_id: 'sub-1001', client_id: 'invoices-client', scope: 'invoice_read invoice_write' } });
    expect(model.action).toEqual({ type: 'Action', id: 'GET /invoices/{id}' });
    expect(model.resource).toEqual({ type: 'Invoice', id: '/invoices/inv-1001', attributes: { ...INVOICE_1001, pathParameters: { id: 'inv-1001' } } });
    expect(model.context).toEqual({ scopes: ['invoice_read', 'invoice_write'], method: 'GET', path: '/invoices/inv-1001', route: '/invoices/{id}', query: { expand: 'lines' } });
  });

  it('never carries headers (the Authorization header least of all)', () => {
    expect(JSON.stringify(authorizationModel(policyRequest()))).not.toContain('must-never-reach-a-policy');
  });

  it('uses client_id when the token has no sub, and refuses a token naming neither', () => {
    expect(authorizationModel(policyRequest({ claims: { sub: undefined } })).principal).toMatchObject({ type: 'Client', id: 'invoices-client' });
    expect(() => authorizationModel(policyRequest({ claims: { sub: undefined, client_id: undefined } }))).toThrow(expect.objectContaining({ code: 'ERR_POLICY_DENIED' }));
  });

  it('prefixes a namespace, except on a type that already has one', () => {
    const model = authorizationModel(policyRequest(), { namespace: 'Billing', resourceType: 'Store::Invoice' });
    expect([model.principal.type, model.action.type, model.resource.type]).toEqual(['Billing::User', 'Billing::Action', 'Store::Invoice']);
  });

  it('keeps path parameters out of reach of a loaded field, and reads attributes through resourceAttributes', () => {
    const model = authorizationModel(policyRequest({ resource: { pathParameters: { id: 'forged' }, owner: 'a' } }));
    expect(model.resource.attributes.pathParameters).toEqual({ id: 'inv-1001' });
    const picked = authorizationModel(policyRequest({ resource: INVOICE_1001 }), { resourceAttributes: (invoice) => ({ owner: (invoice as typeof INVOICE_1001).subscriberId }) });
    expect(picked.resource.attributes).toEqual({ owner: 'sub-1001', pathParameters: { id: 'inv-1001' } });
  });

  it('keeps only what Cedar can hold: no null, no fractions, no unsafe integers, no __ escapes', () => {
    expect(modelValue({ a: null, b: 1.5, c: 2 ** 60, d: 3, e: [1, null, 'x'], __entity: { type: 'Admin', id: 'root' }, f: { __extn: 'x', g: true } })).toEqual({ d: 3, e: [1, 'x'], f: { g: true } });
    expect(modelValue(undefined)).toBeUndefined();
  });
});
