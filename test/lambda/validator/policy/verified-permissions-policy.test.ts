// Amazon Verified Permissions through the real SDK client (@aws-sdk/client-verifiedpermissions) against a
// MOCK: an in-process HTTP stand-in for IsAuthorized that decides with Cedar (verified-permissions-stand-in.ts).
// Allow, deny, error and timeout paths, the decision cache, and agreement with Cedar in-process on the
// same policies and requests.
import { readFileSync } from 'node:fs';
import { VerifiedPermissionsClient } from '@aws-sdk/client-verifiedpermissions';
import { INVOICE_POLICY_FILE } from '../../../../lambda/invoices/service';
import { cedarPolicy } from '../../../../lambda/validator/cedar';
import { cedarPolicySet } from '../../../../lambda/validator/policy/cedar-policy-set';
import { decidePolicy } from '../../../../lambda/validator/policy/decide-policy';
import type { AuthorizationPolicy } from '../../../../lambda/validator/policy/policy-decision';
import { verifiedPermissionsPolicy, type VerifiedPermissionsPolicyOptions } from '../../../../lambda/validator/verified-permissions';
import { INVOICE_1001, INVOICE_2002, policyRequest, type RequestShape } from './policy-fixtures';
import { startVerifiedPermissionsStandIn, type VerifiedPermissionsStandIn } from './verified-permissions-stand-in';

const POLICY_STORE_ID = 'PSEXAMPLEabcdefg111111';
const { policies } = cedarPolicySet([{ file: INVOICE_POLICY_FILE, text: readFileSync(INVOICE_POLICY_FILE, 'utf8') }]);

let standIn: VerifiedPermissionsStandIn;
beforeAll(async () => {
  standIn = await startVerifiedPermissionsStandIn(policies);
});
afterAll(() => standIn.stop());
afterEach(() => {
  standIn.fault = undefined;
  standIn.requests.length = 0;
});

function client() {
  return new VerifiedPermissionsClient({ region: 'eu-west-1', endpoint: standIn.url, credentials: { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'stand-in' }, maxAttempts: 1 });
}

function avp(options: Partial<VerifiedPermissionsPolicyOptions> = {}) {
  return verifiedPermissionsPolicy({ policyStoreId: POLICY_STORE_ID, client: client(), resourceType: 'Invoice', name: 'invoices', ...options });
}

/** allow or deny, whichever way the policy says it (a thrown refusal is a deny). */
async function verdict(policy: AuthorizationPolicy, shape: RequestShape): Promise<'allow' | 'deny'> {
  try {
    await decidePolicy(policy, policyRequest(shape), {});
    return 'allow';
  } catch (error) {
    if ((error as { status?: number }).status === 403) return 'deny';
    throw error;
  }
}

describe('verifiedPermissionsPolicy (mock: in-process HTTP stand-in for IsAuthorized)', () => {
  it('allows the owner: sends the mapped request to the policy store and names the determining policy', async () => {
    await expect(avp().decide(policyRequest({ resource: INVOICE_1001 }))).resolves.toEqual({ allow: true, reasons: ['read-invoice'] });
    const [sent] = standIn.requests;
    expect(sent).toMatchObject({
      policyStoreId: POLICY_STORE_ID,
      principal: { entityType: 'User', entityId: 'user-1001' },
      action: { actionType: 'Action', actionId: 'GET /invoices/{id}' },
      resource: { entityType: 'Invoice', entityId: '/invoices/inv-1001' },
      context: { contextMap: { scopes: { set: [{ string: 'invoice_read' }, { string: 'invoice_write' }] }, method: { string: 'GET' } } },
    });
    const entities = sent.entities && 'entityList' in sent.entities ? sent.entities.entityList : [];
    expect(entities?.[1]).toMatchObject({ identifier: { entityType: 'Invoice' }, attributes: { subscriberId: { string: 'sub-1001' }, amount: { long: 42 } } });
  });

  it('denies another subscriber\'s invoice (403 ERR_POLICY_DENIED, the forbid named)', async () => {
    await expect(avp().decide(policyRequest({ resource: INVOICE_2002 }))).resolves.toEqual({ allow: false, reasons: ['invoice-owner'] });
    await expect(decidePolicy(avp(), policyRequest({ resource: INVOICE_2002 }), {})).rejects.toMatchObject({ code: 'ERR_POLICY_DENIED', status: 403 });
  });

  it('fails closed with ERR_POLICY_ERROR (503) on a service error or an answer without a decision', async () => {
    standIn.fault = { status: 500 };
    await expect(decidePolicy(avp(), policyRequest({ resource: INVOICE_1001 }), {})).rejects.toMatchObject({ code: 'ERR_POLICY_ERROR', status: 503 });
    standIn.fault = { body: '{"determiningPolicies":[]}' };
    await expect(decidePolicy(avp(), policyRequest({ resource: INVOICE_1001 }), {})).rejects.toMatchObject({ code: 'ERR_POLICY_ERROR' });
  });

  it('fails closed with ERR_POLICY_TIMEOUT (503) when the answer is slower than timeoutMs', async () => {
    standIn.fault = { delayMs: 1000 };
    const started = Date.now();
    await expect(decidePolicy(avp({ timeoutMs: 50 }), policyRequest({ resource: INVOICE_1001 }), {})).rejects.toMatchObject({ code: 'ERR_POLICY_TIMEOUT', status: 503 });
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('reuses a decision for the very same request within cacheTtlMs, keeps at most cacheEntries, and never caches a failure', async () => {
    let now = 1_000_000;
    const policy = avp({ cacheTtlMs: 5000, cacheEntries: 2, clock: () => now });
    const owner = policyRequest({ resource: INVOICE_1001 });
    await policy.decide(owner);
    await policy.decide(owner);
    expect(standIn.requests).toHaveLength(1);
    now += 5000;
    await policy.decide(owner);
    expect(standIn.requests).toHaveLength(2);
    await policy.decide(policyRequest({ resource: INVOICE_2002 }));
    await policy.decide(policyRequest({ resource: INVOICE_1001, query: { a: '1' } }));
    await policy.decide(owner); // evicted by the two newer ones
    expect(standIn.requests).toHaveLength(5);

    const failing = avp({ clock: () => now });
    standIn.fault = { status: 500 };
    await expect(failing.decide(owner)).rejects.toBeDefined();
    standIn.fault = undefined;
    await expect(failing.decide(owner)).resolves.toMatchObject({ allow: true });
  });

  it('checks its options when it is built', () => {
    expect(() => verifiedPermissionsPolicy({ policyStoreId: '' })).toThrow(/policyStoreId: is required/);
    expect(() => avp({ timeoutMs: 0 })).toThrow(/timeoutMs: must be a whole number from 1 to 10000/);
    expect(() => avp({ cacheTtlMs: 120_000 })).toThrow(/cacheTtlMs: must be a whole number from 0 to 60000/);
  });

  it('agrees with Cedar in-process on the same policies and requests', async () => {
    const inProcess = cedarPolicy({ name: 'invoices', policyFiles: [INVOICE_POLICY_FILE], resourceType: 'Invoice' });
    const remote = avp({ cacheTtlMs: 0 });
    const requests: RequestShape[] = [
      { resource: INVOICE_1001 },
      { resource: INVOICE_2002 },
      { resource: INVOICE_2002, claims: { subscriber_id: 'sub-2002' } },
      { resource: INVOICE_1001, claims: { subscriber_id: undefined } },
      { resource: INVOICE_1001, claims: { scope: 'invoice_write' } },
      { resource: INVOICE_1001, claims: { sub: undefined } },
      { resource: INVOICE_1001, method: 'DELETE' },
      { resource: INVOICE_1001, template: '/invoices' },
      { resource: { ...INVOICE_1001, subscriberId: 1001 }, claims: { subscriber_id: 1001 } },
    ];
    const answers = [];
    for (const shape of requests) answers.push([await verdict(inProcess, shape), await verdict(remote, shape)]);
    expect(answers.map(([local]) => local)).toEqual(['allow', 'deny', 'allow', 'deny', 'deny', 'allow', 'deny', 'deny', 'allow']);
    for (const [local, remoteAnswer] of answers) expect(remoteAnswer).toBe(local);
  });
});
