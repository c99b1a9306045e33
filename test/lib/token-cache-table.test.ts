import { RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { TokenCacheTable } from '../../lib/token-cache-table';
import { testStack } from './support';

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

  test('the static grantReadWriteCache grants the same on an existing table, by its ARN only', () => {
    const stack = testStack();
    const existing = dynamodb.TableV2.fromTableName(stack, 'Existing', 'my-cache');
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    TokenCacheTable.grantReadWriteCache(existing, role);
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([
      {
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:eu-west-1:123456789012:table/my-cache']] },
      },
    ]);
  });
});
