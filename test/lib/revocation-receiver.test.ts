// The RevocationReceiver construct: its function from the prebundled asset, the push URL, the table grant
// limited to revocation items, and the flush grant scoped to one stage's authorizer cache.
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AuthorizerCacheFlushTarget, JwtAlgorithm, RevocationPushAuth, RevocationReceiver, TokenCacheTable } from '../../lib';
import { REVOCATION_RECEIVER_ENV } from '../../lambda/shared/env-names';
import { problemsOf, testStack } from './support';

const ISSUER = 'https://as.example.com';

function restStack() {
  const stack = testStack();
  const api = new apigateway.RestApi(stack, 'Api');
  api.root.addMethod('GET');
  const cache = new TokenCacheTable(stack, 'Cache');
  return { stack, api, cache };
}

it('grants the flush on that REST stage\'s authorizer cache only, and table writes on rev# keys only', () => {
  const { stack, api, cache } = restStack();
  const receiver = new RevocationReceiver(stack, 'Revocations', {
    issuer: ISSUER,
    jwksUri: `${ISSUER}/jwks`,
    audience: 'https://gateway.example.com',
    cacheTable: cache.table,
    flushTarget: AuthorizerCacheFlushTarget.restApiStage(api.deploymentStage),
  });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      // In the order the construct adds them: the table grant, then the flush grant.
      Statement: Match.arrayWith([
        {
          Action: ['dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Cache'), 'Arn'] },
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['rev#*'] } },
        },
        {
          Action: 'apigateway:DELETE',
          Effect: 'Allow',
          Resource: {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:eu-west-1::/restapis/', { Ref: Match.stringLikeRegexp('^Api') }, '/stages/', { Ref: Match.stringLikeRegexp('^ApiDeploymentStage') }, '/cache/authorizers']],
          },
        },
      ]),
    },
  });
  // No other apigateway action, and no wildcard resource for it.
  const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
  expect(policies.match(/"apigateway:[A-Z]+"/g)).toEqual(['"apigateway:DELETE"']);
  expect(policies).not.toMatch(/dynamodb:(GetItem|Scan|Query)/);
  template.hasResourceProperties('AWS::Lambda::Function', {
    Handler: 'index.handler',
    Environment: {
      Variables: Match.objectLike({
        [REVOCATION_RECEIVER_ENV.issuer]: ISSUER,
        [REVOCATION_RECEIVER_ENV.audience]: 'https://gateway.example.com',
        [REVOCATION_RECEIVER_ENV.flushApiKind]: 'rest',
        [REVOCATION_RECEIVER_ENV.revocationPollIntervalMs]: '2000',
      }),
    },
  });
  template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE' });
  expect(receiver.pushUrl).toBeDefined();
  // The public URL reaches the push door only: anyone's InvokeFunction holds through the URL alone, so the
  // operator call (a direct invocation) stays IAM-authenticated.
  const publicInvokes = Object.values(template.findResources('AWS::Lambda::Permission')).filter(
    (permission) => permission.Properties.Principal === '*' && permission.Properties.Action === 'lambda:InvokeFunction',
  );
  expect(publicInvokes.map((permission) => permission.Properties.InvokedViaFunctionUrl)).toEqual([true]);
});

it('an HTTP API stage is flushed through /apis/ID/stages/STAGE, and the push URL can require IAM', () => {
  const stack = testStack();
  const api = new apigwv2.HttpApi(stack, 'HttpApi');
  const cache = new TokenCacheTable(stack, 'Cache');
  new RevocationReceiver(stack, 'Revocations', {
    issuer: ISSUER,
    jwksUri: `${ISSUER}/jwks`,
    audience: 'gw',
    cacheTable: cache.table,
    flushTarget: AuthorizerCacheFlushTarget.httpApiStage(api.defaultStage!),
    pushAuth: RevocationPushAuth.AWS_IAM,
  });
  const template = Template.fromStack(stack);
  const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
  expect(policies).toContain(':apigateway:eu-west-1::/apis/');
  expect(policies).toContain('/stages/$default/cache/authorizers');
  template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM' });
  template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ [REVOCATION_RECEIVER_ENV.flushApiKind]: 'http' }) } });
});

it('grantRevoke lets a principal invoke the function directly (the operator call)', () => {
  const { stack, cache } = restStack();
  const receiver = new RevocationReceiver(stack, 'Revocations', { issuer: ISSUER, jwksUri: `${ISSUER}/jwks`, audience: 'gw', cacheTable: cache.table });
  const operator = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
  receiver.grantRevoke(operator);
  const policies = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
  expect(policies).toContain('lambda:InvokeFunction');
  expect(policies).not.toMatch(/"apigateway:[A-Z]+"/);
});

it('bad props fail synth with messages naming them', () => {
  const { stack, cache } = restStack();
  const problems = problemsOf(
    () =>
      new RevocationReceiver(stack, 'Bad', {
        issuer: 'http://as.example.com',
        jwksUri: 'not a url',
        audience: ' ',
        cacheTable: cache.table,
        cacheMaxTtl: Duration.hours(2),
        allowedAlgorithms: ['HS256' as JwtAlgorithm],
        revocationPollInterval: Duration.minutes(2),
      }),
  );
  expect(problems.join('\n')).toMatch(/issuer/);
  expect(problems.join('\n')).toMatch(/jwksUri/);
  expect(problems.join('\n')).toMatch(/audience/);
  expect(problems.join('\n')).toMatch(/cacheMaxTtl/);
  expect(problems.join('\n')).toMatch(/allowedAlgorithms.*HS256/);
  expect(problems.join('\n')).toMatch(/revocationPollInterval: must be between 0 and 60000 ms/);
});
