// Cedar in-process (@cedar-policy/cedar-wasm): the invoices example's policy file, allow and deny, a
// `@claim` forbid refusing as a claim rule does, a request Cedar cannot evaluate (fail-closed), and policy
// and schema problems found at cold start, naming the file and the line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INVOICE_POLICY_FILE } from '../../../../lambda/invoices/service';
import { cedarPolicy, cedarRequest } from '../../../../lambda/validator/cedar';
import { cedarAttributeReads } from '../../../../lambda/validator/policy/cedar-attribute-reads';
import { cedarModule } from '../../../../lambda/validator/policy/cedar-module';
import { authorizationModel } from '../../../../lambda/validator/policy/entity-mapping';
import { decidePolicy } from '../../../../lambda/validator/policy/decide-policy';
import { INVOICE_1001, INVOICE_2002, policyRequest } from './policy-fixtures';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cedar-policy-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const invoices = () => cedarPolicy({ name: 'invoices', policyFiles: [INVOICE_POLICY_FILE], resourceType: 'Invoice' });

describe('cedarPolicy: the invoices policy file', () => {
  it('allows the owner, naming the permit that decided', async () => {
    await expect(invoices().decide(policyRequest({ resource: INVOICE_1001 }))).resolves.toEqual({ allow: true, reasons: ['read-invoice'] });
  });

  it('refuses another subscriber\'s invoice as the subscriber_id claim rule would (ERR_CLAIM_MISMATCH)', async () => {
    await expect(invoices().decide(policyRequest({ resource: INVOICE_2002 }))).rejects.toMatchObject({
      code: 'ERR_CLAIM_MISMATCH',
      detail: { claim: 'subscriber_id', policy: 'cedar:invoices', reasons: ['invoice-owner'] },
    });
    await expect(invoices().decide(policyRequest({ resource: INVOICE_1001, claims: { subscriber_id: undefined } }))).rejects.toMatchObject({ code: 'ERR_CLAIM_MISMATCH' });
  });

  it('denies what no policy permits: another action, or a token without invoice_read', async () => {
    await expect(invoices().decide(policyRequest({ method: 'DELETE', resource: INVOICE_1001 }))).resolves.toEqual({ allow: false, reasons: ['no policy permits'] });
    const denied = decidePolicy(invoices(), policyRequest({ resource: INVOICE_1001, claims: { scope: 'invoice_write' } }), {});
    await expect(denied).rejects.toMatchObject({ code: 'ERR_POLICY_DENIED', status: 403 });
  });
});

describe('cedarPolicy: evaluation', () => {
  it('a policy that errors on a request does not apply, and the error is named among the reasons', async () => {
    const policy = cedarPolicy({ policies: [{ file: 'inline', text: '@id("by-level") permit(principal, action, resource) when { principal.level > 3 };' }] });
    await expect(policy.decide(policyRequest())).resolves.toEqual({ allow: false, reasons: ['no policy permits', 'by-level (error)'] });
    await expect(policy.decide(policyRequest({ claims: { level: 4 } }))).resolves.toEqual({ allow: true, reasons: ['by-level'] });
  });

  it('fails closed with ERR_POLICY_ERROR (503) when Cedar cannot evaluate the request at all', async () => {
    const policy = cedarPolicy({ policies: [{ file: 'inline', text: 'permit(principal, action, resource);' }], resourceType: 'not a type' });
    const trace = {};
    await expect(decidePolicy(policy, policyRequest(), trace)).rejects.toMatchObject({ code: 'ERR_POLICY_ERROR', status: 503 });
    expect(trace).toMatchObject({ policy: 'cedar:policies', engine: 'cedar', durationMs: expect.any(Number) });
  });

  it('combines files; ids come from @id, else <file>#<n>', async () => {
    const a = file('a.cedar', 'permit(principal, action == Action::"GET /a", resource);');
    const b = file('b.cedar', '@id("b-rule") permit(principal, action == Action::"GET /b", resource);');
    const policy = cedarPolicy({ policyFiles: [a, b] });
    await expect(policy.decide(policyRequest({ template: '/a' }))).resolves.toEqual({ allow: true, reasons: ['a.cedar#0'] });
    await expect(policy.decide(policyRequest({ template: '/b' }))).resolves.toEqual({ allow: true, reasons: ['b-rule'] });
  });
});

describe('cedarPolicy: only what the policies can read is passed', () => {
  it('keeps the attributes and context entries the policies read, by `.name`, `["name"]` or `has`', () => {
    const reads = cedarAttributeReads(['permit(principal, action, resource) when { principal["level"] > 3 && context.query has expand && resource.owner like "a\\*" };']);
    const request = cedarRequest(authorizationModel(policyRequest({ claims: { level: 4 }, resource: { owner: 'a', secret: 's' }, query: { expand: 'x' } })), reads);
    expect(request.entities.map((entity) => Object.keys(entity.attrs))).toEqual([['level'], ['owner']]);
    expect(request.context).toEqual({ query: { expand: 'x' } });
  });

  it('decides on those alone as on everything (a computed key does not exist in Cedar)', async () => {
    const policy = cedarPolicy({ policies: [{ file: 'inline', text: 'permit(principal, action, resource) when { principal["level"] > 3 && context.query has expand };' }] });
    await expect(policy.decide(policyRequest({ claims: { level: 4 }, query: { expand: 'x' } }))).resolves.toMatchObject({ allow: true });
    await expect(policy.decide(policyRequest({ claims: { level: 4 } }))).resolves.toMatchObject({ allow: false });
  });
});

describe('cedarPolicy: answers reused for the very same request', () => {
  afterEach(() => jest.restoreAllMocks());
  const cached = (extra: object = {}) => cedarPolicy({ name: 'invoices', policyFiles: [INVOICE_POLICY_FILE], resourceType: 'Invoice', ...extra });

  it('asks Cedar once for a repeated request, again when anything sent differs, never for what is not sent', async () => {
    const policy = cached();
    const calls = jest.spyOn(cedarModule(), 'statefulIsAuthorized');
    const owner = policyRequest({ resource: INVOICE_1001 });
    await expect(policy.decide(owner)).resolves.toEqual({ allow: true, reasons: ['read-invoice'] });
    await expect(policy.decide(policyRequest({ resource: INVOICE_1001, claims: { jti: 'another-token' } }))).resolves.toEqual({ allow: true, reasons: ['read-invoice'] });
    expect(calls).toHaveBeenCalledTimes(1);
    await expect(policy.decide(policyRequest({ resource: INVOICE_2002 }))).rejects.toMatchObject({ code: 'ERR_CLAIM_MISMATCH' });
    await expect(policy.decide(policyRequest({ resource: INVOICE_1001, claims: { subscriber_id: 'sub-2002' } }))).rejects.toMatchObject({ code: 'ERR_CLAIM_MISMATCH' });
    await expect(policy.decide(policyRequest({ resource: INVOICE_1001, claims: { scope: 'invoice_write' } }))).resolves.toEqual({ allow: false, reasons: ['no policy permits'] });
    expect(calls).toHaveBeenCalledTimes(4);
    await expect(policy.decide(owner)).resolves.toEqual({ allow: true, reasons: ['read-invoice'] });
    await expect(policy.decide(policyRequest({ resource: INVOICE_2002 }))).rejects.toMatchObject({ code: 'ERR_CLAIM_MISMATCH', detail: { reasons: ['invoice-owner'] } });
    expect(calls).toHaveBeenCalledTimes(4);
  });

  it('a reused answer is not shared: changing a returned decision does not change the next one', async () => {
    const policy = cached();
    const first = await policy.decide(policyRequest({ resource: INVOICE_1001 }));
    (first.reasons as string[]).push('tampered');
    await expect(policy.decide(policyRequest({ resource: INVOICE_1001 }))).resolves.toEqual({ allow: true, reasons: ['read-invoice'] });
  });

  it('forgets an answer after cacheTtlMs, asks every time with 0, and never keeps a failure', async () => {
    let now = 1_000_000;
    const policy = cached({ cacheTtlMs: 1000, clock: () => now });
    const uncached = cached({ cacheTtlMs: 0 });
    const broken = cedarPolicy({ policies: [{ file: 'inline', text: 'permit(principal, action, resource);' }], resourceType: 'not a type' });
    const calls = jest.spyOn(cedarModule(), 'statefulIsAuthorized');
    await policy.decide(policyRequest({ resource: INVOICE_1001 }));
    now += 999;
    await policy.decide(policyRequest({ resource: INVOICE_1001 }));
    expect(calls).toHaveBeenCalledTimes(1);
    now += 1;
    await policy.decide(policyRequest({ resource: INVOICE_1001 }));
    expect(calls).toHaveBeenCalledTimes(2);
    await uncached.decide(policyRequest({ resource: INVOICE_1001 }));
    await uncached.decide(policyRequest({ resource: INVOICE_1001 }));
    expect(calls).toHaveBeenCalledTimes(4);
    await expect(broken.decide(policyRequest())).rejects.toMatchObject({ code: 'ERR_POLICY_ERROR' });
    await expect(broken.decide(policyRequest())).rejects.toMatchObject({ code: 'ERR_POLICY_ERROR' });
    expect(calls).toHaveBeenCalledTimes(6);
  });

  it('refuses cache options out of range at cold start, naming them', () => {
    expect(() => cached({ cacheTtlMs: 60_001 })).toThrow(/cacheTtlMs: must be a whole number from 0 to 60000/);
    expect(() => cached({ cacheEntries: -1 })).toThrow(/cacheEntries: must be a whole number from 0 to 100000/);
  });
});

describe('cedarPolicy: checked at cold start', () => {
  it('names the file and line of a syntax error', () => {
    const broken = file('broken.cedar', '// first line\npermit(principal, action, resource);\n\nforbid(principal, action resource);\n');
    expect(() => cedarPolicy({ policyFiles: [broken] })).toThrow(`${broken}: line 4: unexpected token \`resource\``);
  });

  it('names a file it cannot read, an empty file, a duplicate id, templates, and no policies at all', () => {
    expect(() => cedarPolicy({ policyFiles: [join(dir, 'missing.cedar')] })).toThrow(/missing\.cedar: cannot read the Cedar file \(ENOENT\)/);
    expect(() => cedarPolicy({ policyFiles: [file('empty.cedar', '// nothing\n')] })).toThrow(/empty\.cedar: holds no Cedar policy/);
    const twice = file('twice.cedar', '@id("x") permit(principal, action, resource);\n@id("x") forbid(principal, action, resource);');
    expect(() => cedarPolicy({ policyFiles: [twice] })).toThrow(/twice\.cedar: policy id "x" is used twice/);
    expect(() => cedarPolicy({ policies: [{ file: 'tpl', text: 'permit(principal == ?principal, action, resource);' }] })).toThrow(/tpl: policy templates are not supported/);
    expect(() => cedarPolicy({})).toThrow(/policyFiles: name at least one Cedar policy file/);
  });

  it('validates every policy against a schema, naming the file and line of the first problem', () => {
    const schema = file('invoices.cedarschema', [
      'entity User = { subscriber_id?: String };',
      'entity Invoice = { subscriberId: String };',
      'action "GET /invoices/{id}" appliesTo { principal: User, resource: Invoice, context: { scopes: Set<String> } };',
    ].join('\n'));
    expect(() => cedarPolicy({ policyFiles: [INVOICE_POLICY_FILE], schemaFile: schema, resourceType: 'Invoice' })).not.toThrow();
    const wrong = file('wrong.cedar', '\n\npermit(principal, action == Action::"GET /invoices/{id}", resource)\nwhen { resource.owner == "x" };');
    expect(() => cedarPolicy({ policyFiles: [wrong], schemaFile: schema })).toThrow(/wrong\.cedar: line 4: .*attribute `owner` on entity type `Invoice` not found/);
    const badSchema = file('bad.cedarschema', 'entity User = {\n  name: Strin\n');
    expect(() => cedarPolicy({ policyFiles: [wrong], schemaFile: badSchema })).toThrow(/bad\.cedarschema: /);
  });
});
