import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PolicyValidationMode, VerifiedPermissionsPolicyStore } from '../../lib';
import { problemsOf, REPO_ROOT, testStack } from './support';

const INVOICE_POLICIES = join(REPO_ROOT, 'lambda', 'invoices', 'invoice-policies.cedar');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-store-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function role(stack: ReturnType<typeof testStack>) {
  return new iam.Role(stack, 'Api', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
}

describe('VerifiedPermissionsPolicyStore', () => {
  it('stores each Cedar policy of the files as one policy, validation off without a schema', () => {
    const stack = testStack();
    const store = new VerifiedPermissionsPolicyStore(stack, 'Store', { policyFiles: [INVOICE_POLICIES], description: 'invoices' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::VerifiedPermissions::PolicyStore', { ValidationSettings: { Mode: 'OFF' }, Description: 'invoices' });
    const policies = Object.values(template.findResources('AWS::VerifiedPermissions::Policy'));
    expect(policies.map((policy) => policy.Properties.Definition.Static.Description)).toEqual(['read-invoice', 'invoice-owner']);
    expect(policies[0].Properties.Definition.Static.Statement).toMatch(/^@id\("read-invoice"\)\npermit \(principal, action == Action::"GET \/invoices\/\{id\}", resource is Invoice\)\nwhen \{ context\.scopes\.contains\("invoice_read"\) \};$/);
    expect(policies[1].Properties.Definition.Static.Statement).toMatch(/^@id\("invoice-owner"\)\n@claim\("subscriber_id"\)\nforbid/);
    expect(policies[0].Properties.PolicyStoreId).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(store.node.defaultChild as never), 'PolicyStoreId'] });
    expect(store.policies).toHaveLength(2);
  });

  it('grants verifiedpermissions:IsAuthorized on this store alone', () => {
    const stack = testStack();
    const store = new VerifiedPermissionsPolicyStore(stack, 'Store', { policyFiles: [INVOICE_POLICIES] });
    store.grantIsAuthorized(role(stack));
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 'verifiedpermissions:IsAuthorized', Effect: 'Allow', Resource: { 'Fn::GetAtt': [stack.getLogicalId(store.node.defaultChild as never), 'Arn'] } }] },
    });
  });

  it('takes an existing store by id, granting on its ARN', () => {
    const stack = testStack();
    const store = VerifiedPermissionsPolicyStore.fromPolicyStoreId(stack, 'Existing', 'PSEXAMPLEabcdefg111111');
    store.grantIsAuthorized(role(stack));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::VerifiedPermissions::PolicyStore', 0);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{ Action: 'verifiedpermissions:IsAuthorized', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':verifiedpermissions::123456789012:policy-store/PSEXAMPLEabcdefg111111']] } }],
      },
    });
    expect(store.policyStoreId).toBe('PSEXAMPLEabcdefg111111');
  });

  it('with a JSON schema, validates strictly', () => {
    const stack = testStack();
    const schema = file('schema.json', JSON.stringify({ '': { entityTypes: { User: {}, Invoice: {} }, actions: {} } }));
    new VerifiedPermissionsPolicyStore(stack, 'Store', { policyFiles: [INVOICE_POLICIES], schemaFile: schema });
    Template.fromStack(stack).hasResourceProperties('AWS::VerifiedPermissions::PolicyStore', {
      ValidationSettings: { Mode: 'STRICT' },
      Schema: { CedarJson: JSON.stringify({ '': { entityTypes: { User: {}, Invoice: {} }, actions: {} } }) },
    });
  });

  it('splits on top-level ";" only: not inside strings or comments', () => {
    const stack = testStack();
    const tricky = file('tricky.cedar', '// a comment; with a semicolon\npermit(principal, action == Action::"GET /a;b", resource) when { context.path == "x\\";y" };\nforbid(principal, action, resource);\n');
    new VerifiedPermissionsPolicyStore(stack, 'Store', { policyFiles: [tricky] });
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::VerifiedPermissions::Policy')).map((policy) => policy.Properties.Definition.Static);
    expect(statements).toEqual([
      { Statement: 'permit(principal, action == Action::"GET /a;b", resource) when { context.path == "x\\";y" };', Description: 'tricky.cedar#0' },
      { Statement: 'forbid(principal, action, resource);', Description: 'tricky.cedar#1' },
    ]);
  });

  it('reports every prop problem at once, naming the prop', () => {
    const stack = testStack();
    const problems = problemsOf(
      () =>
        new VerifiedPermissionsPolicyStore(stack, 'Store', {
          policyFiles: [join(dir, 'missing.cedar'), file('empty.cedar', '// none\n'), file('open.cedar', 'permit(principal, action, resource)')],
          schemaFile: file('schema.cedarschema', 'entity User;'),
          description: 'x'.repeat(151),
        }),
    );
    expect(problems).toEqual([
      'policyFiles[0]: cannot read ' + join(dir, 'missing.cedar') + ' (ENOENT)',
      'policyFiles[1]: ' + join(dir, 'empty.cedar') + ' holds no Cedar policy',
      'policyFiles[2]: ' + join(dir, 'open.cedar') + ' ends with text that is not a policy ending in ";"',
      'schemaFile: ' + join(dir, 'schema.cedarschema') + ' is not JSON: give the schema\'s JSON form (cedar translate-schema converts the text form)',
      'description: must be at most 150 characters, got 151',
    ]);
    expect(problemsOf(() => new VerifiedPermissionsPolicyStore(testStack(), 'S', { policyFiles: [], validationMode: PolicyValidationMode.STRICT }))).toEqual([
      'policyFiles: must name at least one Cedar policy file',
      'validationMode: STRICT needs a schemaFile to validate against',
    ]);
  });
});
