import { CfnParameter, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { TokenCacheTable } from '../../lib/token-cache-table';
import { problemsOf, testStack } from './support';

/** Every IAM policy statement in the stack. */
function policyStatements(template: Template): Array<Record<string, unknown>> {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

/** What grantReadWriteCache must add for a table with a customer managed key, besides GetItem and PutItem. */
const KEY_ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];

describe('TokenCacheTable', () => {
  let template: Template;
  let cacheLogicalId: string;
  beforeAll(() => {
    const stack = testStack();
    const cache = new TokenCacheTable(stack, 'Cache');
    cacheLogicalId = stack.getLogicalId(cache.table.node.defaultChild as dynamodb.CfnGlobalTable);
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    cache.grantReadWriteCache(role);
    const kept = new TokenCacheTable(stack, 'Kept', {
      removalPolicy: RemovalPolicy.RETAIN,
      pointInTimeRecovery: true,
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(new kms.Key(stack, 'Key', { enableKeyRotation: true })),
    });
    expect(kept.table).toBeDefined();
    template = Template.fromStack(stack);
  });

  test('pk string partition key, ttl enabled, on demand, AWS managed KMS key, no PITR, DESTROY by default', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      Properties: Match.objectLike({
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } })],
      }),
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });

  test('removalPolicy, pointInTimeRecovery and encryption are honoured', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      Properties: Match.objectLike({
        Replicas: [Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { KMSMasterKeyId: Match.anyValue() },
        })],
      }),
      DeletionPolicy: 'Retain',
    });
  });

  test('grantReadWriteCache grants GetItem and PutItem on the table only', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Reader') }],
      PolicyDocument: {
        // The table's ARN and nothing else: no index ARNs, no wildcard.
        Statement: [{ Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [cacheLogicalId, 'Arn'] } }],
      },
    });
  });

  test('the static grantCacheAccess grants the same on an existing table, by its ARN only', () => {
    const stack = testStack();
    const existing = dynamodb.TableV2.fromTableName(stack, 'Existing', 'my-cache');
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    TokenCacheTable.grantCacheAccess(existing, role);
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([
      {
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:eu-west-1:123456789012:table/my-cache']] },
      },
    ]);
  });

  test('the AWS managed default key (aws/dynamodb) adds no KMS statement', () => {
    expect(JSON.stringify(policyStatements(template))).not.toMatch(/kms:/);
  });
});

describe('TokenCacheTable.grantReadWriteCache on a customer managed key', () => {
  test('a new table: GetItem and PutItem on the table, the encrypt/decrypt actions on its key by the key\'s ARN', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key');
    const cache = new TokenCacheTable(stack, 'Cache', { encryption: dynamodb.TableEncryptionV2.customerManagedKey(key) });
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    cache.grantReadWriteCache(role);
    expect(policyStatements(Template.fromStack(stack))).toEqual([
      { Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [stack.getLogicalId(cache.table.node.defaultChild as dynamodb.CfnGlobalTable), 'Arn'] } },
      { Action: KEY_ACTIONS, Effect: 'Allow', Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } },
    ]);
  });

  test('an existing table with its key: the same, on the imported key\'s ARN', () => {
    const stack = testStack();
    const keyArn = 'arn:aws:kms:eu-west-1:123456789012:key/0f6b3c9e-1111-2222-3333-444455556666';
    const existing = dynamodb.TableV2.fromTableAttributes(stack, 'Existing', { tableName: 'my-cache', encryptionKey: kms.Key.fromKeyArn(stack, 'Key', keyArn) });
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    TokenCacheTable.grantCacheAccess(existing, role);
    expect(policyStatements(Template.fromStack(stack))).toEqual([
      expect.objectContaining({ Action: ['dynamodb:GetItem', 'dynamodb:PutItem'] }),
      { Action: KEY_ACTIONS, Effect: 'Allow', Resource: keyArn },
    ]);
  });
});

describe('TokenCacheTable prop validation', () => {
  test.each([
    ['a space and a !', 'bad name!'],
    ['fewer than 3 characters', 'ab'],
    ['more than 255 characters', 'a'.repeat(256)],
  ])('a tableName with %s is refused, naming it', (_name, tableName) => {
    const stack = testStack();
    expect(problemsOf(() => new TokenCacheTable(stack, 'Cache', { tableName }))).toEqual([
      `tableName: must be 3 to 255 letters, digits, _ . or - (DynamoDB's rule), got "${tableName}"`,
    ]);
  });

  test.each([
    ['letters, digits, _ . and -', 'Phantom_cache.v2-eu'],
    ['exactly 3 characters', 'abc'],
    ['exactly 255 characters', 'a'.repeat(255)],
  ])('a tableName with %s is accepted', (_name, tableName) => {
    const stack = testStack();
    new TokenCacheTable(stack, 'Cache', { tableName });
    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::GlobalTable', { TableName: tableName });
  });

  test('an unresolved tableName (a token) is not judged', () => {
    const stack = testStack();
    const tableName = new CfnParameter(stack, 'Name').valueAsString;
    expect(() => new TokenCacheTable(stack, 'Cache', { tableName })).not.toThrow();
  });
});
