import { RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { TokenCacheTable } from '../../lib/token-cache-table';
import { testStack } from './support';

describe('TokenCacheTable', () => {
  let template: Template;
  beforeAll(() => {
    const stack = testStack();
    const cache = new TokenCacheTable(stack, 'Cache');
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
        Statement: [{ Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Effect: 'Allow', Resource: Match.anyValue() }],
      },
    });
  });
});
