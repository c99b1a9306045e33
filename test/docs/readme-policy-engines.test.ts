// The README's "Policy engines" examples, as written: each `<!-- example: NAME -->` block is saved as a
// module (its `cdk-phantom-token` imports pointed at this checkout), the TypeScript ones are type-checked
// together with tsc, then each runs. Cedar decides in-process with real signed tokens, and `npm start`'s
// example service answers the README's curl lines; the Verified Permissions stack synthesises with its
// handler bundled by NodejsFunction, and the handler answers through the Verified Permissions MOCK (an
// in-process HTTP stand-in for IsAuthorized deciding with Cedar); the OPA local-mode script runs against a
// STAND-IN server for OPA's REST Data API (no OPA binary here) whose document mirrors the README's Rego.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { transformSync } from 'esbuild';
import { INVOICE_POLICY_FILE } from '../../lambda/invoices/service';
import type { ProxyHandler } from '../../lambda/validator';
import { startLocalStack } from '../../local';
import { markdownExample, pointImportsAtSource, startPolicyEngineWorld, type PolicyEngineWorld } from '../lambda/validator/policy/doc-examples';

const REPO_ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const EXAMPLES_DIR = join(__dirname, `.readme-engines-${process.pid}`);
const TS_EXAMPLES = ['cedar-handler', 'verified-permissions-stack', 'verified-permissions-handler', 'opa-local-mode'];

const example = (name: string) => markdownExample(README, 'README.md', name);

/**
 * The OPA example is the top-level code of an ES module (top-level await). As a CommonJS module its
 * imports stay on top and the rest becomes the body of an exported async function, unchanged.
 */
function asRunnableModule(source: string): string {
  const lines = source.split('\n');
  const imports = lines.filter((line) => line.startsWith('import '));
  const body = lines.filter((line) => !line.startsWith('import '));
  return `${imports.join('\n')}\n\nexport async function main(): Promise<void> {\n${body.join('\n')}\n}\n`;
}

function moduleSource(name: string): string {
  const source = pointImportsAtSource(example(name));
  return name === 'opa-local-mode' ? asRunnableModule(source) : source;
}

/** Loads a saved example module in isolation (each handler reads its environment when it is built). */
function load<T>(name: string): T {
  let loaded: T | undefined;
  jest.isolateModules(() => {
    loaded = require(join(EXAMPLES_DIR, `${name}.ts`)) as T;
  });
  return loaded as T;
}

/** Policy text without comment lines and blank lines: what Cedar reads. */
const policiesOnly = (text: string) => text.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('//')).join('\n');

let world: PolicyEngineWorld;

beforeAll(async () => {
  mkdirSync(EXAMPLES_DIR, { recursive: true });
  for (const name of TS_EXAMPLES) writeFileSync(join(EXAMPLES_DIR, `${name}.ts`), moduleSource(name));
  writeFileSync(join(EXAMPLES_DIR, 'invoice-policies.cedar'), `${example('invoice-policies.cedar')}\n`);
  world = await startPolicyEngineWorld();
});

afterAll(async () => {
  rmSync(EXAMPLES_DIR, { recursive: true, force: true });
  await world?.stop();
});

const call: PolicyEngineWorld['call'] = (...args) => world.call(...args);
const invoice: PolicyEngineWorld['invoice'] = (...args) => world.invoice(...args);

/** Runs the OPA example's code with OPA_URL set; returns what it printed. */
async function runOpaExample(opaUrl: string): Promise<unknown[][]> {
  process.env.OPA_URL = opaUrl;
  const printed: unknown[][] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...values: unknown[]) => void printed.push(values));
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await load<{ main: () => Promise<void> }>('opa-local-mode').main();
  } finally {
    log.mockRestore();
    write.mockRestore();
    delete process.env.OPA_URL;
  }
  return printed;
}

describe('README.md: Policy engines', () => {
  it('its TypeScript examples type-check (strict, as this repository compiles)', () => {
    writeFileSync(join(EXAMPLES_DIR, 'tsconfig.json'), JSON.stringify({
      extends: join(REPO_ROOT, 'tsconfig.json'),
      compilerOptions: { noEmit: true, noUnusedLocals: false },
      files: TS_EXAMPLES.map((name) => `${name}.ts`),
    }));
    try {
      execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(EXAMPLES_DIR, 'tsconfig.json')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      throw new Error(`tsc: ${(error as { stdout?: string }).stdout ?? error}`);
    }
  }, 120_000);

  it('shows the example invoices service\'s Cedar policies as they are in its file', () => {
    expect(policiesOnly(example('invoice-policies.cedar'))).toBe(policiesOnly(readFileSync(INVOICE_POLICY_FILE, 'utf8')));
  });

  it('Cedar: the claim rule and the Cedar policy both let the owner read and refuse another subscriber with ERR_CLAIM_MISMATCH', async () => {
    const { handler } = load<{ handler: ProxyHandler }>('cedar-handler');
    const list = (subscriberId: string) => call(handler, `/subscribers/${subscriberId}/invoices`, { subscriberId }, '/subscribers/{subscriberId}/invoices');
    expect(await list('sub-1001')).toEqual({ status: 200, code: undefined });
    expect(await list('sub-2002')).toEqual({ status: 403, code: 'ERR_CLAIM_MISMATCH' });
    expect(await invoice(handler, 'inv-1001')).toEqual({ status: 200, code: undefined });
    expect(await invoice(handler, 'inv-2002')).toEqual({ status: 403, code: 'ERR_CLAIM_MISMATCH' });
    expect(await invoice(handler, 'inv-2002', { subscriber_id: 'sub-2002' })).toEqual({ status: 200, code: undefined });
    expect(await invoice(handler, 'inv-9999')).toEqual({ status: 404, code: 'ERR_RESOURCE_NOT_FOUND' });
  });

  it('Cedar in local mode: the example invoices service answers the README\'s curl lines (200 for the owner, 403 ERR_CLAIM_MISMATCH)', async () => {
    const curl = example('cedar-local-mode');
    expect(curl).toMatch(/invoices\/inv-1001 +# 200: its owner/);
    const [, refusal] = /invoices\/inv-2002 +# 403: (\{.*\})$/m.exec(curl) ?? [];
    const stack = await startLocalStack({ accessLog: false, decisionLog: false });
    try {
      const token = await stack.as!.getToken('invoices-client');
      const get = (id: string) => fetch(`${stack.gatewayUrl}/invoices/${id}`, { headers: { Authorization: `Bearer ${token}` } });
      expect((await get('inv-1001')).status).toBe(200);
      const refused = await get('inv-2002');
      expect(refused.status).toBe(403);
      const body = await refused.json();
      const [, error, code] = /^\{"error":"([^"]+)",\.\.\.,"code":"([A-Z_]+)"\}$/.exec(refusal ?? '') ?? [];
      expect(body).toMatchObject({ error, code });
      expect(code).toBe('ERR_CLAIM_MISMATCH');
    } finally {
      await stack.stop();
    }
  });

  it('Verified Permissions: the stack makes the store from the policy file, bundles the handler and grants IsAuthorized on the store alone', () => {
    const project = mkdtempSync(join(tmpdir(), 'readme-avp-'));
    mkdirSync(join(project, 'lambda', 'invoices'), { recursive: true });
    writeFileSync(join(project, 'package-lock.json'), '{ "lockfileVersion": 3 }\n');
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
    writeFileSync(join(project, 'lambda', 'invoices', 'index.ts'), readFileSync(join(EXAMPLES_DIR, 'verified-permissions-handler.ts'), 'utf8'));
    writeFileSync(join(project, 'lambda', 'invoices', 'invoice-policies.cedar'), `${example('invoice-policies.cedar')}\n`);
    const { code } = transformSync(moduleSource('verified-permissions-stack'), { loader: 'ts', format: 'cjs', target: 'node22' });
    const cwd = process.cwd();
    process.chdir(project);
    let stack: Stack;
    try {
      ({ stack } = new Function('require', 'module', 'exports', `${code}\nreturn { stack };`)(require, { exports: {} }, {}) as { stack: Stack });
    } finally {
      process.chdir(cwd);
    }
    const template = Template.fromStack(stack);
    rmSync(project, { recursive: true, force: true });
    template.resourceCountIs('AWS::VerifiedPermissions::PolicyStore', 1);
    template.resourceCountIs('AWS::VerifiedPermissions::Policy', 2);
    const storeId = Object.keys(template.findResources('AWS::VerifiedPermissions::PolicyStore'))[0];
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'verifiedpermissions:IsAuthorized', Effect: 'Allow', Resource: { 'Fn::GetAtt': [storeId, 'Arn'] } }]) },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Environment: { Variables: Match.objectLike({ POLICY_STORE_ID: { 'Fn::GetAtt': [storeId, 'PolicyStoreId'] }, PHANTOM_AUDIENCE: 'https://api.example.com' }) },
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', AuthorizationType: 'CUSTOM' });
  }, 60_000);

  it('Verified Permissions (mock: in-process HTTP stand-in for IsAuthorized): the owner reads, another subscriber is refused with ERR_POLICY_DENIED', async () => {
    const { handler } = load<{ handler: ProxyHandler }>('verified-permissions-handler');
    expect(await invoice(handler, 'inv-1001')).toEqual({ status: 200, code: undefined });
    expect(await invoice(handler, 'inv-1001', { subscriber_id: 'sub-2002' })).toEqual({ status: 403, code: 'ERR_POLICY_DENIED' });
    expect(world.avp.requests.at(-1)).toMatchObject({ policyStoreId: 'PSEXAMPLEabcdefg111111' });
  });

  it('OPA (stand-in server for its REST Data API): the local-mode script prints owner 200, other 403; with OPA down, 503', async () => {
    expect(example('invoices.rego')).toContain('input.principal.attributes.subscriber_id == input.resource.attributes.subscriberId');
    expect(example('opa-local-mode')).toContain('// owner 200, other 403 (ERR_POLICY_DENIED); with OPA stopped, 503 (ERR_POLICY_ERROR)');
    expect(await runOpaExample(world.opa.url)).toEqual([['owner', 200], ['other', 403]]);
    expect(world.opa.seen.at(-1)?.path).toBe('invoices/authz/allow');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    expect(await runOpaExample(`http://127.0.0.1:${port}`)).toEqual([['owner', 503], ['other', 503]]);
  }, 60_000);
});
