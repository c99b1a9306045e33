// Runs the examples of docs/policy-engines.md as written: each `<!-- example: NAME -->` block is saved as a
// module (its `cdk-phantom-token` imports pointed at the source tree), loaded with the environment a
// deployed function has, and sent real signed tokens. The Cedar block must be the example service's policy
// file. Verified Permissions answers through its mock (an in-process HTTP stand-in deciding with Cedar), OPA
// through a stand-in server for its REST Data API whose document mirrors the page's Rego.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { validatorConfigToEnv } from '../../../../lambda/shared/config';
import { INVOICE_POLICY_FILE } from '../../../../lambda/invoices/service';
import type { ProxyHandler } from '../../../../lambda/validator';
import { cedarPolicySet } from '../../../../lambda/validator/policy/cedar-policy-set';
import { startJwksServer, type JwksServer } from '../jwks-server';
import { AUDIENCE, ISSUER, jwksOf, makeKey, mint, phantomClaims, restEvent, type TestKey } from '../token-factory';
import { startOpaStandIn, type OpaStandIn } from './opa-stand-in';
import { startVerifiedPermissionsStandIn, type VerifiedPermissionsStandIn } from './verified-permissions-stand-in';

const ROOT = join(__dirname, '..', '..', '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'policy-engines.md'), 'utf8');
const EXAMPLES_DIR = join(__dirname, `.doc-examples-${process.pid}`);

function example(name: string): string {
  const match = new RegExp(`<!-- example: ${name.replace(/\./g, '\\.')} -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\\n\`\`\``).exec(DOC);
  if (!match) throw new Error(`docs/policy-engines.md has no example "${name}"`);
  return match[1];
}

const IMPORTS: Record<string, string> = {
  'cdk-phantom-token/validator/verified-permissions': join(ROOT, 'lambda', 'validator', 'verified-permissions'),
  'cdk-phantom-token/validator/cedar': join(ROOT, 'lambda', 'validator', 'cedar'),
  'cdk-phantom-token/validator': join(ROOT, 'lambda', 'validator'),
  'cdk-phantom-token': join(ROOT, 'lib'),
};

/** Saves the example as a module and loads it; its imports of the package point at the source tree. */
function load<T>(name: string): T {
  let source = example(name);
  for (const [from, to] of Object.entries(IMPORTS)) source = source.replaceAll(`'${from}'`, JSON.stringify(to));
  const file = join(EXAMPLES_DIR, `${name}.ts`);
  writeFileSync(file, source);
  let loaded: T | undefined;
  jest.isolateModules(() => {
    loaded = require(file) as T;
  });
  return loaded as T;
}

let key: TestKey;
let jwks: JwksServer;
let avp: VerifiedPermissionsStandIn;
let opa: OpaStandIn;
const savedEnv = { ...process.env };

beforeAll(async () => {
  mkdirSync(EXAMPLES_DIR, { recursive: true });
  writeFileSync(join(EXAMPLES_DIR, 'invoice-policies.cedar'), `${example('invoice-policies.cedar')}\n`);
  key = await makeKey('ES256');
  jwks = await startJwksServer(jwksOf(key));
  const { policies } = cedarPolicySet([{ file: INVOICE_POLICY_FILE, text: readFileSync(INVOICE_POLICY_FILE, 'utf8') }]);
  avp = await startVerifiedPermissionsStandIn(policies);
  // Mirrors the page's invoices.rego.
  opa = await startOpaStandIn({
    'invoices/authz/allow': (input) => {
      const { action, context, principal, resource } = input as { action: { id: string }; context: { scopes: string[] }; principal: { attributes: Record<string, unknown> }; resource: { attributes: Record<string, unknown> } };
      return action.id === 'GET /invoices/{id}' && context.scopes.includes('invoice_read') && principal.attributes.subscriber_id !== undefined && principal.attributes.subscriber_id === resource.attributes.subscriberId;
    },
  });
  Object.assign(process.env, validatorConfigToEnv({ issuer: ISSUER, audience: AUDIENCE, jwksUri: jwks.url, localMode: true, logLevel: 'error' }), {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDSTANDIN',
    AWS_SECRET_ACCESS_KEY: 'stand-in',
    AWS_ENDPOINT_URL_VERIFIEDPERMISSIONS: avp.url,
    POLICY_STORE_ID: 'PSEXAMPLEabcdefg111111',
    OPA_URL: opa.url,
  });
});

afterAll(async () => {
  process.env = savedEnv;
  rmSync(EXAMPLES_DIR, { recursive: true, force: true });
  await Promise.all([jwks?.stop(), avp?.stop(), opa?.stop()]);
});

async function call(handler: ProxyHandler, path: string, pathParameters: Record<string, string>, resource: string, claims = {}) {
  const jwt = await mint(key, { claims: phantomClaims({ iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 60, ...claims }) });
  const response = await handler(restEvent(jwt, { resource, path, httpMethod: 'GET', pathParameters }));
  return { status: response.statusCode, code: response.statusCode === 200 ? undefined : JSON.parse(response.body).code };
}

const invoice = (handler: ProxyHandler, id: string, claims = {}) => call(handler, `/invoices/${id}`, { id }, '/invoices/{id}', claims);

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
    expect(avp.requests.at(-1)).toMatchObject({ policyStoreId: 'PSEXAMPLEabcdefg111111' });
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
    expect(opa.seen.at(-1)?.path).toBe('invoices/authz/allow');
    expect(example('invoices.rego')).toContain('input.principal.attributes.subscriber_id == input.resource.attributes.subscriberId');
  });
});
