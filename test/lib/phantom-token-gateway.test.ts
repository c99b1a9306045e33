import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { GATEWAY_RESPONSES, gatewayResponseBody } from '../../lambda/shared/gateway-responses';
import { GatewayWebAcl, HttpMethod, JwtExchange, PhantomTokenAccessLog, PhantomTokenGateway, ServiceBackend } from '../../lib';
import { ROUTES, testCredentials, testStack } from './support';

const { DEFAULT_MANAGED_RULE_GROUPS } = GatewayWebAcl;

const CODE = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');

function gatewayStack(extra: Partial<ConstructorParameters<typeof PhantomTokenGateway>[2]> = {}) {
  const stack = testStack();
  const gateway = new PhantomTokenGateway(stack, 'Gateway', {
    authorization: { issuer: 'https://login.example.com', jwksUri: 'https://login.example.com/jwks', clientId: 'gateway', clientCredentials: testCredentials(stack) },
    services: [
      { name: 'Invoices', backend: ServiceBackend.fromCode(CODE), audience: 'https://api.example.com', routes: ROUTES },
      { name: 'Files', backend: ServiceBackend.fromHttpUrl('https://files.example.com'), audience: 'https://api.example.com', routes: [{ method: HttpMethod.GET, path: '/files/{id}', scopes: { anyOf: ['file_read'] } }] },
    ],
    ...extra,
  });
  return { stack, gateway, template: Template.fromStack(stack) };
}

describe('PhantomTokenGateway with defaults', () => {
  let template: Template;
  let gateway: PhantomTokenGateway;
  beforeAll(() => ({ template, gateway } = gatewayStack()));

  test('composes a regional RestApi, a cache table, the authorizer and both services', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.resourceCountIs('AWS::ApiGateway::Authorizer', 1);
    template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { AuthorizationType: 'CUSTOM' }, 3);
    expect(Object.keys(gateway.services)).toEqual(['Invoices', 'Files']);
    expect(gateway.authorizer.routes.map((route) => `${route.method} ${route.path}`)).toEqual(['GET /invoices', 'GET /invoices/{id}', 'GET /files/{id}']);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PHANTOM_CACHE_TABLE: { Ref: Match.stringLikeRegexp('^GatewayCacheTable') } }) },
    });
  });

  test('the four gateway responses, exactly as lambda/shared defines them', () => {
    template.resourceCountIs('AWS::ApiGateway::GatewayResponse', 4);
    for (const spec of Object.values(GATEWAY_RESPONSES)) {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: spec.kind,
        StatusCode: String(spec.statusCode),
        ResponseParameters: Object.fromEntries(Object.entries(spec.headers).map(([name, value]) => [`gatewayresponse.header.${name}`, `'${value}'`])),
        ResponseTemplates: { 'application/json': gatewayResponseBody(spec) },
      });
    }
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED', StatusCode: '401', ResponseParameters: { 'gatewayresponse.header.WWW-Authenticate': "'Bearer'" },
    });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'ACCESS_DENIED', StatusCode: '403', ResponseParameters: { 'gatewayresponse.header.WWW-Authenticate': '\'Bearer error="insufficient_scope"\'' },
    });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'AUTHORIZER_FAILURE', StatusCode: '503', ResponseParameters: { 'gatewayresponse.header.Retry-After': Match.stringLikeRegexp("^'\\d+'$") },
    });
  });

  test('stage: JSON access log without the token or the JWT, throttling, no data trace', () => {
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0].Properties;
    expect(stage.StageName).toBe('prod');
    expect(stage.MethodSettings).toEqual([
      expect.objectContaining({ DataTraceEnabled: false, LoggingLevel: 'ERROR', MetricsEnabled: true, ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200, HttpMethod: '*', ResourcePath: '/*' }),
    ]);
    const format = JSON.parse(stage.AccessLogSetting.Format);
    expect(format).toEqual(PhantomTokenAccessLog.FIELDS);
    expect(stage.AccessLogSetting.Format).not.toMatch(/authorization|\.jwt|header/i);
    expect(stage.AccessLogSetting.DestinationArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^GatewayAccessLogs/), 'Arn'] });
  });

  test('no WAF unless asked', () => {
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
  });

  test('the cache table uses the AWS managed key, so the authorizer role gets no KMS permission', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    expect(JSON.stringify(policies)).not.toMatch(/kms:/);
  });
});

describe('PhantomTokenGateway options', () => {
  test('webAcl: a rate rule and the AWS managed groups, associated with the stage', () => {
    const { template } = gatewayStack({
      webAcl: { rateLimitPer5Minutes: 500 },
      throttling: { rateLimit: 10, burstLimit: 20 },
      accessLogging: false,
      cacheTableProps: { tableName: 'phantom-cache' },
    });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { TableName: 'phantom-cache' });
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({ Name: 'RateLimitPerIp', Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 500, AggregateKeyType: 'IP' } } }),
        ...DEFAULT_MANAGED_RULE_GROUPS.map((name) =>
          Match.objectLike({ Name: name, OverrideAction: { None: {} }, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } } }),
        ),
      ],
    });
    const association = Object.values(template.findResources('AWS::WAFv2::WebACLAssociation'))[0];
    expect(JSON.stringify(association.Properties.ResourceArn)).toMatch(/::\/restapis\/",\{"Ref":"Gateway[0-9A-F]+"\},"\/stages\/",\{"Ref":"GatewayDeploymentStageprod/);
    expect(association.Properties.WebACLArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^GatewayWebAcl/), 'Arn'] });
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0].Properties;
    expect(stage.AccessLogSetting).toBeUndefined();
    expect(stage.MethodSettings[0]).toMatchObject({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 });
  });

  test('webAcl: sampled requests (which keep the Authorization header) are off on the ACL and every rule by default', () => {
    const { template } = gatewayStack({ webAcl: {} });
    const acl = Object.values(template.findResources('AWS::WAFv2::WebACL'))[0].Properties;
    const configs = [acl.VisibilityConfig, ...acl.Rules.map((rule: { VisibilityConfig: unknown }) => rule.VisibilityConfig)];
    expect(configs).toHaveLength(1 + 1 + DEFAULT_MANAGED_RULE_GROUPS.length);
    for (const config of configs) expect(config).toMatchObject({ SampledRequestsEnabled: false, CloudWatchMetricsEnabled: true });
  });

  test('webAcl.sampledRequestsEnabled turns sampled requests on for the ACL and every rule', () => {
    const { template } = gatewayStack({ webAcl: { sampledRequestsEnabled: true } });
    const acl = Object.values(template.findResources('AWS::WAFv2::WebACL'))[0].Properties;
    const configs = [acl.VisibilityConfig, ...acl.Rules.map((rule: { VisibilityConfig: unknown }) => rule.VisibilityConfig)];
    for (const config of configs) expect(config).toMatchObject({ SampledRequestsEnabled: true });
  });

  test('a cache table with a customer managed key: the authorizer role may use that key for GetItem and PutItem', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key');
    const gateway = new PhantomTokenGateway(stack, 'Gateway', {
      authorization: { issuer: 'https://login.example.com', clientId: 'gateway', clientCredentials: testCredentials(stack) },
      services: [{ name: 'Http', backend: ServiceBackend.fromHttpUrl('https://backend.example.com'), audience: 'aud', routes: ROUTES }],
      cacheTableProps: { encryption: dynamodb.TableEncryptionV2.customerManagedKey(key) },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(gateway.authorizer.role.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } },
        ]),
      },
    });
  });

  test('restApiProps.deployOptions.methodOptions without data tracing pass through; no method setting traces data', () => {
    const { template } = gatewayStack({ restApiProps: { deployOptions: { methodOptions: { '/invoices/GET': { throttlingRateLimit: 5, throttlingBurstLimit: 10 } } } } });
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0].Properties;
    expect(stage.MethodSettings).toContainEqual(expect.objectContaining({ ResourcePath: '/~1invoices', HttpMethod: 'GET', ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 }));
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.not(Match.arrayWith([Match.objectLike({ DataTraceEnabled: true })])),
    });
  });

  test('restApiProps.deployOptions.accessLogFormat that logs no token is used as given', () => {
    const format = apigateway.AccessLogFormat.jsonWithStandardFields();
    const { template } = gatewayStack({ restApiProps: { deployOptions: { accessLogFormat: format } } });
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0].Properties;
    expect(stage.AccessLogSetting.Format).toBe(format.toString());
  });

  test('webAcl.managedRuleGroups replaces the default groups', () => {
    const { template } = gatewayStack({ webAcl: { managedRuleGroups: ['AWSManagedRulesAnonymousIpList'] } });
    const acl = Object.values(template.findResources('AWS::WAFv2::WebACL'))[0].Properties;
    expect(acl.Rules.map((rule: { Name: string }) => rule.Name)).toEqual(['RateLimitPerIp', 'AWSManagedRulesAnonymousIpList']);
    expect(acl.Rules[0].Statement.RateBasedStatement.Limit).toBe(2000);
  });

  test('existing RestApi and cache table are used, not created', () => {
    const stack = testStack();
    const restApi = new apigateway.RestApi(stack, 'Mine', { cloudWatchRole: false });
    const table = dynamodb.TableV2.fromTableName(stack, 'Cache', 'my-cache');
    const gateway = new PhantomTokenGateway(stack, 'Gateway', {
      existingRestApi: restApi,
      existingCacheTable: table,
      authorization: { issuer: 'https://login.example.com', clientId: 'gateway', clientCredentials: testCredentials(stack) },
      services: [{ name: 'Http', backend: ServiceBackend.fromHttpUrl('https://backend.example.com'), audience: 'aud', routes: ROUTES }],
    });
    const template = Template.fromStack(stack);
    expect(gateway.restApi).toBe(restApi);
    template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
    template.resourceCountIs('AWS::ApiGateway::GatewayResponse', 4);
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ PHANTOM_CACHE_TABLE: 'my-cache' }) } });
  });

  test('restApiProps are merged over the defaults; dataTraceEnabled stays forced off', () => {
    const { template } = gatewayStack({ restApiProps: { restApiName: 'mine', deployOptions: { stageName: 'v1', metricsEnabled: false } } });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'mine', EndpointConfiguration: { Types: ['REGIONAL'] } });
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0].Properties;
    expect(stage.StageName).toBe('v1');
    expect(stage.MethodSettings[0]).toMatchObject({ MetricsEnabled: false, DataTraceEnabled: false, ThrottlingRateLimit: 100 });
    expect(stage.AccessLogSetting).toBeDefined();
  });
});

describe('PhantomTokenGateway pass-through to the services', () => {
  const authorizerFunction = (template: Template) =>
    Object.values(template.findResources('AWS::Lambda::Function')).find((fn) => fn.Properties.Environment?.Variables?.PHANTOM_ISSUER !== undefined)!;
  const serviceFunction = (template: Template) =>
    Object.values(template.findResources('AWS::Lambda::Function')).find((fn) => fn.Properties.Environment?.Variables?.PHANTOM_AUDIENCE !== undefined)!;

  test('tracing: X-Ray on the stage, the authorizer and the service function the gateway builds', () => {
    const { template } = gatewayStack({ tracing: true });
    template.hasResourceProperties('AWS::ApiGateway::Stage', { TracingEnabled: true });
    expect(authorizerFunction(template).Properties.TracingConfig).toEqual({ Mode: 'Active' });
    expect(serviceFunction(template).Properties.TracingConfig).toEqual({ Mode: 'Active' });
  });

  test('without tracing, no function is traced', () => {
    const { template } = gatewayStack();
    expect(serviceFunction(template).Properties.TracingConfig).toBeUndefined();
    expect(authorizerFunction(template).Properties.TracingConfig).toBeUndefined();
  });

  test('rfc9701: every service validator requires typ token-introspection+jwt', () => {
    const stack = testStack();
    new PhantomTokenGateway(stack, 'Gateway', {
      authorization: { issuer: 'https://login.example.com', jwksUri: 'https://login.example.com/jwks', exchange: JwtExchange.signedIntrospection(), clientId: 'gateway', clientCredentials: testCredentials(stack) },
      services: [
        { name: 'Invoices', backend: ServiceBackend.fromCode(CODE), audience: 'https://api.example.com', routes: ROUTES },
        { name: 'Explicit', backend: ServiceBackend.fromCode(CODE), audience: 'https://api.example.com', tokenType: 'token-introspection+jwt', routes: [{ method: HttpMethod.GET, path: '/files/{id}', scopes: { anyOf: ['file_read'] } }] },
      ],
    });
    const services = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')).filter((fn) => fn.Properties.Environment?.Variables?.PHANTOM_AUDIENCE !== undefined);
    expect(services.map((fn) => fn.Properties.Environment.Variables.PHANTOM_TOKEN_TYPE)).toEqual(['token-introspection+jwt', 'token-introspection+jwt']);
  });

  test('other modes leave typ unchecked unless a service sets tokenType', () => {
    const { template } = gatewayStack();
    expect(serviceFunction(template).Properties.Environment.Variables.PHANTOM_TOKEN_TYPE).toBeUndefined();
  });

  test('existingCacheTable: the authorizer gets GetItem/PutItem on that table ARN exactly', () => {
    const stack = testStack();
    new PhantomTokenGateway(stack, 'Gateway', {
      existingCacheTable: dynamodb.TableV2.fromTableName(stack, 'Cache', 'my-cache'),
      authorization: { issuer: 'https://login.example.com', clientId: 'gateway', clientCredentials: testCredentials(stack) },
      services: [{ name: 'Http', backend: ServiceBackend.fromHttpUrl('https://backend.example.com'), audience: 'aud', routes: ROUTES }],
    });
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    expect(statements.filter((statement) => JSON.stringify(statement.Action).includes('dynamodb:'))).toEqual([
      {
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:eu-west-1:123456789012:table/my-cache']] },
      },
    ]);
  });
});
