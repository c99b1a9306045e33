// Runs the examples of docs/policy-engines.md as written: each `<!-- example: NAME -->` block is saved as a
// module (its `cdk-phantom-token` imports pointed at the source tree), loaded with the environment a
// deployed function has, and sent real signed tokens. The Cedar block must be the example service's policy
// file. Verified Permissions answers through its mock (an in-process HTTP stand-in deciding with Cedar), OPA
// through a stand-in server for its REST Data API whose document mirrors the page's Rego.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { INVOICE_POLICY_FILE } from '../../../../lambda/invoices/service';
import type { ProxyHandler } from '../../../../lambda/validator';
import { markdownExample, pointImportsAtSource, startPolicyEngineWorld, type PolicyEngineWorld } from './doc-examples';

const ROOT = join(__dirname, '..', '..', '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'policy-engines.md'), 'utf8');
const EXAMPLES_DIR = join(__dirname, `.doc-examples-${process.pid}`);
const example = (name: string) => markdownExample(DOC, 'docs/policy-engines.md', name);

/** Saves the example as a module and loads it; its imports of the package point at the source tree. */
function load<T>(name: string): T {
  const file = join(EXAMPLES_DIR, `${name}.ts`);
  writeFileSync(file, pointImportsAtSource(example(name)));
  let loaded: T | undefined;
  jest.isolateModules(() => {
    loaded = require(file) as T;
  });
  return loaded as T;
}

let world: PolicyEngineWorld;

beforeAll(async () => {
  mkdirSync(EXAMPLES_DIR, { recursive: true });
  writeFileSync(join(EXAMPLES_DIR, 'invoice-policies.cedar'), `${example('invoice-policies.cedar')}\n`);
  world = await startPolicyEngineWorld();
});

afterAll(async () => {
  rmSync(EXAMPLES_DIR, { recursive: true, force: true });
  await world?.stop();
});

const call: PolicyEngineWorld['call'] = (...args) => world.call(...args);
const invoice: PolicyEngineWorld['invoice'] = (...args) => world.invoice(...args);

describe('docs/policy-engines.md', () => {
  it('shows the example service\'s Cedar policy file as it is', () => {
    expect(`${example('invoice-policies.cedar')}\n`).toBe(readFileSync(INVOICE_POLICY_FILE, 'utf8'));
  });

  it('claim rule: the subscriber in the path reads, another is refused (ERR_CLAIM_MISMATCH)', async () => {
    const { handler } = load<{ handler: ProxyHandler }>('claim-rule');
    const list = (subscriberId: string) => call(handler, `/subscribers/${subscriberId}/invoices`, { subscriberId }, '/subscribers/{subscriberId}/invoices');
    expect(await list('sub-1001')).toEqual({ status: 200, code: undefined });
    expect(await list('sub-2002')).toEqual({ status: 403, code: 'ERR_CLAIM_MISMATCH' });
  });

  it('Cedar: the owner reads, another subscriber is refused as by the claim rule, an unknown invoice is 404', async () => {
    const { handler } = load<{ handler: ProxyHandler }>('cedar-service');
    expect(await invoice(handler, 'inv-1001')).toEqual({ status: 200, code: undefined });
    expect(await invoice(handler, 'inv-2002')).toEqual({ status: 403, code: 'ERR_CLAIM_MISMATCH' });
    expect(await invoice(handler, 'inv-2002', { subscriber_id: 'sub-2002' })).toEqual({ status: 200, code: undefined });
    expect(await invoice(handler, 'inv-9999')).toEqual({ status: 404, code: 'ERR_RESOURCE_NOT_FOUND' });
  });

  it('Verified Permissions (mock: in-process HTTP stand-in for IsAuthorized): the owner reads, another subscriber is refused', async () => {
    const { handler } = load<{ handler: ProxyHandler }>('verified-permissions-service');
    expect(await invoice(handler, 'inv-1001')).toEqual({ status: 200, code: undefined });
    expect(await invoice(handler, 'inv-1001', { subscriber_id: 'sub-2002' })).toEqual({ status: 403, code: 'ERR_POLICY_DENIED' });
    expect(world.avp.requests.at(-1)).toMatchObject({ policyStoreId: 'PSEXAMPLEabcdefg111111' });
  });

  it('Verified Permissions: the stack makes the store from the policy file and grants IsAuthorized on it', () => {
    const { invoicesStack } = load<{ invoicesStack: (app: App, dir: string) => import('aws-cdk-lib').Stack }>('verified-permissions-stack');
    const template = Template.fromStack(invoicesStack(new App(), EXAMPLES_DIR));
    template.resourceCountIs('AWS::VerifiedPermissions::Policy', 2);
    template.hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: [{ Action: 'verifiedpermissions:IsAuthorized', Effect: 'Allow' }] } });
  });

  it('OPA (stand-in server for its REST Data API): the owner reads, another subscriber is refused', async () => {
    const { handler } = load<{ handler: ProxyHandler }>('opa-service');
    expect(await invoice(handler, 'inv-1001')).toEqual({ status: 200, code: undefined });
    expect(await invoice(handler, 'inv-1001', { subscriber_id: 'sub-2002' })).toEqual({ status: 403, code: 'ERR_POLICY_DENIED' });
    expect(world.opa.seen.at(-1)?.path).toBe('invoices/authz/allow');
    expect(example('invoices.rego')).toContain('input.principal.attributes.subscriber_id == input.resource.attributes.subscriberId');
  });
});
