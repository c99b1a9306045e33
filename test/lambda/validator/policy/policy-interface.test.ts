// The validator's one policy interface, through withJwtValidation with real signed tokens: only a
// well-formed allow lets the handler run; a deny is 403 ERR_POLICY_DENIED, an engine failure 503
// ERR_POLICY_ERROR and a timeout 503 ERR_POLICY_TIMEOUT (with Retry-After); the policy runs only after
// scopes and claim rules allowed, and the resource loader likewise; the decision line names the policy, its
// engine and its time, and the metrics count it per engine.
import { decisionMetrics } from '../../../../lambda/shared/decision-metrics';
import { AccessDeniedError, PolicyEngineError } from '../../../../lambda/shared/errors';
import { withJwtValidation, type AuthorizationPolicy, type PolicyDecision, type PolicyRequest, type ValidatorOptions } from '../../../../lambda/validator';
import { fixedClock, jwksOf, makeKey, mint, phantomClaims, restEvent, type TestKey } from '../token-factory';

let key: TestKey;
beforeAll(async () => {
  key = await makeKey('ES256');
});

function setup() {
  const lines: Record<string, unknown>[] = [];
  const options: ValidatorOptions = {
    issuer: 'https://as.example.com',
    audience: 'https://api.example.com',
    jwks: jwksOf(key),
    tokenType: 'at+jwt',
    clock: fixedClock(),
    logSink: (line) => lines.push(JSON.parse(line)),
  };
  return { lines, options };
}

function invoiceEvent(jwt: string, id = 'inv-1001') {
  return restEvent(jwt, { resource: '/invoices/{id}', path: `/invoices/${id}`, httpMethod: 'GET', pathParameters: { id } });
}

function policyAnswering(answer: (input: PolicyRequest) => Promise<unknown>, seen: PolicyRequest[] = []): AuthorizationPolicy {
  return { name: 'test:answering', engine: 'custom', decide: async (input) => (seen.push(input), answer(input) as Promise<PolicyDecision>) };
}

const ok = async () => ({ statusCode: 200, body: 'served' });

describe('AuthorizationPolicy through withJwtValidation', () => {
  it('allows on { allow: true } and gives the policy the claims, the route, the request and the loaded resource', async () => {
    const { lines, options } = setup();
    const seen: PolicyRequest[] = [];
    const handler = withJwtValidation(
      { scopes: { anyOf: ['invoice_read'] }, resource: ({ request }) => ({ owner: 'sub-1001', id: request.pathParameters.id }), policy: policyAnswering(async () => ({ allow: true, reasons: ['owner'] }), seen) },
      async ({ resource }) => ({ statusCode: 200, body: JSON.stringify(resource) }),
      options,
    );
    const response = await handler(invoiceEvent(await mint(key)));
    expect(response).toMatchObject({ statusCode: 200, body: '{"owner":"sub-1001","id":"inv-1001"}' });
    expect(seen[0]).toMatchObject({ route: { method: 'GET', template: '/invoices/{id}' }, resource: { owner: 'sub-1001' }, claims: { sub: 'user-1001' } });
    expect(seen[0].request.path).toBe('/invoices/inv-1001');
    expect(lines[0]).toMatchObject({ outcome: 'allow', reason: 'OK', policy: 'test:answering', policyEngine: 'custom', policyMs: expect.any(Number) });
  });

  it.each([
    ['a deny', async () => ({ allow: false, reasons: ['not yours'] }), 403, 'ERR_POLICY_DENIED'],
    ['a throw', async () => { throw new Error('engine exploded'); }, 503, 'ERR_POLICY_ERROR'],
    ['an answer that is not a decision', async () => ({ allow: 'yes' }), 503, 'ERR_POLICY_ERROR'],
    ['nothing', async () => undefined, 503, 'ERR_POLICY_ERROR'],
    ['a timeout', async () => { throw new PolicyEngineError('ERR_POLICY_TIMEOUT', 'too slow'); }, 503, 'ERR_POLICY_TIMEOUT'],
  ])('refuses on %s (fail-closed), with its own code', async (_name, answer, status, code) => {
    const { lines, options } = setup();
    const handler = withJwtValidation({ policy: policyAnswering(answer) }, ok, options);
    const response = await handler(invoiceEvent(await mint(key)));
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(response.body)).toMatchObject({ code });
    expect(response.body).not.toContain('engine exploded');
    if (status === 503) expect(response.headers?.['Retry-After']).toBeDefined();
    expect(lines[0]).toMatchObject({ reason: code, outcome: status === 403 ? 'deny' : 'unavailable', policy: 'test:answering', policyEngine: 'custom' });
  });

  it('passes a 403 the policy throws through unchanged (a claim mismatch it found)', async () => {
    const { options } = setup();
    const handler = withJwtValidation({ policy: policyAnswering(async () => { throw new AccessDeniedError('ERR_CLAIM_MISMATCH', 'not yours'); }) }, ok, options);
    expect(JSON.parse((await handler(invoiceEvent(await mint(key)))).body).code).toBe('ERR_CLAIM_MISMATCH');
  });

  it('can only narrow: neither the loader nor the policy runs when the scopes or claim rules refuse', async () => {
    const { options } = setup();
    const seen: PolicyRequest[] = [];
    let loads = 0;
    const allowAll = policyAnswering(async () => ({ allow: true, reasons: [] }), seen);
    const resource = () => (loads++, { owner: 'x' });
    const byScope = withJwtValidation({ scopes: { anyOf: ['invoice_admin'] }, resource, policy: allowAll }, ok, options);
    const byClaim = withJwtValidation({ claims: [{ claim: 'subscriber_id', oneOf: ['sub-9'] }], resource, policy: allowAll }, ok, options);
    const jwt = await mint(key);
    expect(JSON.parse((await byScope(invoiceEvent(jwt))).body).code).toBe('ERR_SCOPE_INSUFFICIENT');
    expect(JSON.parse((await byClaim(invoiceEvent(jwt))).body).code).toBe('ERR_CLAIM_MISMATCH');
    expect(seen).toHaveLength(0);
    expect(loads).toBe(0);
  });

  it('answers 404 ERR_RESOURCE_NOT_FOUND when the loader finds nothing, without asking the policy', async () => {
    const { lines, options } = setup();
    const seen: PolicyRequest[] = [];
    const handler = withJwtValidation({ resource: () => undefined, policy: policyAnswering(async () => ({ allow: true, reasons: [] }), seen) }, ok, options);
    const response = await handler(invoiceEvent(await mint(key), 'inv-9999'));
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'not_found', code: 'ERR_RESOURCE_NOT_FOUND' });
    expect(seen).toHaveLength(0);
    expect(lines[0]).toMatchObject({ outcome: 'deny', reason: 'ERR_RESOURCE_NOT_FOUND' });
  });

  it('a loader that throws is a 500 that says nothing of the cause', async () => {
    const { options } = setup();
    const handler = withJwtValidation({ resource: () => { throw new Error('db password wrong'); } }, ok, options);
    const response = await handler(invoiceEvent(await mint(key)));
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('password');
  });

  it('the boolean hook still works through the interface, named "hook" in the decision line', async () => {
    const { lines, options } = setup();
    const handler = withJwtValidation({ policy: ({ claims }) => claims.sub === 'user-1001' }, ok, options);
    expect((await handler(invoiceEvent(await mint(key)))).statusCode).toBe(200);
    expect((await handler(invoiceEvent(await mint(key, { claims: phantomClaims({ sub: 'user-2' }) })))).statusCode).toBe(403);
    expect(lines.map((line) => [line.policy, line.policyEngine, line.reason])).toEqual([
      ['hook', 'hook', 'OK'],
      ['hook', 'hook', 'ERR_POLICY_DENIED'],
    ]);
  });

  it('refuses a policy that is neither a function nor an object with decide() at cold start', () => {
    const { options } = setup();
    expect(() => withJwtValidation({ policy: { name: 'x' } as never }, ok, options)).toThrow(/policy: must be a function or an object with a decide\(\) method/);
    expect(() => withJwtValidation({ resource: 'invoice' as never }, ok, options)).toThrow(/resource: must be a function/);
  });
});

describe('policy metrics', () => {
  it('counts a policy decision and its latency per engine (a closed list of dimension values)', () => {
    const point = decisionMetrics({ component: 'validator', outcome: 'allow', reason: 'OK', policy: 'cedar:invoices', policyEngine: 'cedar', policyMs: 0.05 });
    expect(point.values).toMatchObject({ PolicyDecisions: 1, PolicyLatency: 0.05 });
    expect(point.dimensions).toMatchObject({ PolicyEngine: 'cedar' });
    const odd = decisionMetrics({ component: 'validator', outcome: 'deny', reason: 'ERR_POLICY_DENIED', policy: 'x', policyEngine: 'my-engine-42', policyMs: 1 });
    expect(odd.dimensions.PolicyEngine).toBe('custom');
    const none = decisionMetrics({ component: 'validator', outcome: 'allow', reason: 'OK' });
    expect(none.values).not.toHaveProperty('PolicyDecisions');
  });
});
