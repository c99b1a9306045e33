import { CfnOutput, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AUTHORIZER_ENV } from '../../lambda/shared/env-names';
import { accessLogFormatProblem } from '../../lib/access-log-format';
import { HttpMethod, JwtExchange, PhantomTokenAccessLog, PhantomTokenHttpGateway, PhantomTokenHttpGatewayProps, ServiceBackend } from '../../lib';
import { problemsOf, ROUTES, testCredentials, testStack } from './support';

const CODE = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');
const FILES = [{ method: HttpMethod.GET, path: '/files/{proxy+}', scopes: { anyOf: ['file_read'] } }];

type Extra = (stack: ReturnType<typeof testStack>) => Partial<PhantomTokenHttpGatewayProps>;

function httpGatewayStack(extra: Extra = () => ({})) {
  const { stack, gateway } = httpGateway(extra);
  return { stack, gateway, template: Template.fromStack(stack) };
}

function httpGateway(extra: Extra = () => ({})) {
  const stack = testStack();
  const gateway = new PhantomTokenHttpGateway(stack, 'Gateway', {
    authorization: { issuer: 'https://login.example.com', jwksUri: 'https://login.example.com/jwks', clientId: 'gateway', clientCredentials: testCredentials(stack) },
    services: [
      { name: 'Invoices', backend: ServiceBackend.fromCode(CODE), audience: 'https://api.example.com', routes: ROUTES },
      { name: 'Files', backend: ServiceBackend.fromHttpUrl('https://files.example.com/'), audience: 'https://api.example.com', routes: FILES },
    ],
    ...extra(stack),
  });
  return { stack, gateway };
}

describe('PhantomTokenHttpGateway with defaults', () => {
  let template: Template;
  let gateway: PhantomTokenHttpGateway;
  let stack: ReturnType<typeof testStack>;
  beforeAll(() => ({ template, gateway, stack } = httpGatewayStack()));

  test('an HTTP API, no REST API, a cache table, the authorizer and both services', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP', Name: 'Test-Gateway' });
    template.resourceCountIs('AWS::ApiGateway::RestApi', 0);
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    expect(Object.keys(gateway.services)).toEqual(['Invoices', 'Files']);
    expect(gateway.authorizer.routes.map((route) => `${route.method} ${route.path}`)).toEqual(['GET /invoices', 'GET /invoices/{id}', 'GET /files/{proxy+}']);
  });

  test('one Lambda REQUEST authorizer, simple responses, payload 2.0, cached per Authorization header and route key', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: '2.0',
      IdentitySource: ['$request.header.Authorization', '$context.routeKey'],
      AuthorizerResultTtlInSeconds: 60,
    });
  });

  test('every route is named and behind the authorizer; no $default route', () => {
    const routes = template.findResources('AWS::ApiGatewayV2::Route');
    expect(Object.values(routes).map((route) => route.Properties.RouteKey).sort()).toEqual(['GET /files/{proxy+}', 'GET /invoices', 'GET /invoices/{id}']);
    for (const route of Object.values(routes)) {
      expect(route.Properties.AuthorizationType).toBe('CUSTOM');
      expect(route.Properties.AuthorizerId).toEqual({ Ref: expect.stringMatching(/^GatewayAuthorizerHttpAuthorizer/) });
    }
  });

  test('the Lambda backend: payload 2.0, one integration, one invoke permission for the whole API, validator variables', () => {
    template.resourcePropertiesCountIs('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' }, 1);
    const fnLogicalId = stack.getLogicalId(gateway.services.Invoices.function!.node.defaultChild as lambda.CfnFunction);
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).filter((p) => JSON.stringify(p.Properties.FunctionName).includes(fnLogicalId));
    expect(permissions).toHaveLength(1);
    expect(JSON.stringify(permissions[0].Properties.SourceArn)).toContain('/*/*');
    expect(gateway.services.Invoices.validatorEnvironment).toMatchObject({ PHANTOM_AUDIENCE: 'https://api.example.com', PHANTOM_ISSUER: 'https://login.example.com' });
  });

  test('the HTTP URL backend: the route path appended, the JWT overwritten into x-phantom-authorization (Authorization is reserved)', () => {
    expect(PhantomTokenHttpGateway.JWT_HEADER).toBe('x-phantom-authorization');
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'HTTP_PROXY',
      IntegrationUri: 'https://files.example.com/files/{proxy}',
      IntegrationMethod: 'GET',
      RequestParameters: { 'overwrite:header.x-phantom-authorization': '$context.authorizer.authorization' },
    });
    const mapped = Object.values(template.findResources('AWS::ApiGatewayV2::Integration')).flatMap((i) => Object.keys(i.Properties.RequestParameters ?? {}));
    expect(mapped.some((key) => /authorization$/i.test(key) && !key.endsWith('x-phantom-authorization'))).toBe(false);
  });

  test('the $default stage: auto-deployed, throttled, JSON access logs without a header or token', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GatewayAccessLogs'), 'Arn'] }, Format: JSON.stringify(PhantomTokenAccessLog.HTTP_API_FIELDS) },
    });
    const format = PhantomTokenAccessLog.httpApiFormat().toString();
    expect(accessLogFormatProblem(format)).toBeUndefined();
    expect(format).not.toMatch(/authorization|header|jwt/i);
    expect(JSON.parse(format)).toMatchObject({ routeKey: '$context.routeKey', status: '$context.status', authorizerError: '$context.authorizer.error' });
    expect(gateway.url).toMatch(/^https:\/\//);
  });

  test('no alarms, no dashboard unless asked', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });
});

describe('PhantomTokenHttpGateway props', () => {
  test('throttling sets the stage limits', () => {
    const { template } = httpGatewayStack(() => ({ throttling: { rateLimit: 7, burstLimit: 9 } }));
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 9 } });
  });

  test('accessLogging: false makes no log group and no access log settings', () => {
    const { template, gateway } = httpGatewayStack(() => ({ accessLogging: false }));
    expect(gateway.accessLogGroup).toBeUndefined();
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { AccessLogSettings: Match.absent() });
  });

  test('httpApiProps are merged; createDefaultStage stays off', () => {
    const { template } = httpGatewayStack(() => ({ httpApiProps: { apiName: 'orders', disableExecuteApiEndpoint: true } }));
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'orders', DisableExecuteApiEndpoint: true });
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
  });

  test('existingHttpApi: routes and authorizer go on it, its stage is untouched, metrics use its default stage', () => {
    const { template, gateway, stack } = httpGatewayStack((s) => ({ existingHttpApi: new apigwv2.HttpApi(s, 'Mine') }));
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: '$default', DefaultRouteSettings: Match.absent() });
    expect(gateway.stage).toBeUndefined();
    expect(gateway.httpApi.node.path).toBe('Test/Mine');
    expect(stack.resolve(gateway.gatewayMetrics.metricServerErrors().dimensions)).toEqual({ ApiId: { Ref: expect.stringMatching(/^Mine/) }, Stage: '$default' });
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 3);
  });

  test('existingCacheTable is used instead of a new table', () => {
    const { template } = httpGatewayStack((s) => ({ existingCacheTable: dynamodb.TableV2.fromTableName(s, 'Cache', 'cache') }));
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
  });

  test('cacheTableProps reach the new table', () => {
    const { template } = httpGatewayStack(() => ({ cacheTableProps: { tableName: 'phantom-cache' } }));
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { TableName: 'phantom-cache' });
  });

  test('tracing: the authorizer and the built functions are traced (HTTP APIs have no stage tracing)', () => {
    const { template } = httpGatewayStack(() => ({ tracing: true }));
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { TracingConfig: { Mode: 'Active' } }, 2);
  });

  test('alarms and dashboard watch the HTTP API metrics (5xx, ApiId and Stage)', () => {
    const { template } = httpGatewayStack(() => ({ alarms: {}, dashboard: {} }));
    template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({
        Id: 'errors',
        MetricStat: Match.objectLike({ Metric: Match.objectLike({ Namespace: 'AWS/ApiGateway', MetricName: '5xx', Dimensions: [Match.objectLike({ Name: 'ApiId' }), { Name: 'Stage', Value: '$default' }] }) }),
      })]),
    });
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(body).toContain('\\"4xx\\"');
    expect(body).toContain('ApiId');
  });

  test('authorization settings reach the authorizer (result cache TTL, exchange)', () => {
    const { template } = httpGatewayStack((s) => ({
      authorization: { issuer: 'https://login.example.com', clientId: 'gateway', clientCredentials: testCredentials(s), resultsCacheTtl: Duration.seconds(0), exchange: JwtExchange.jwtInJson() },
      services: [{ name: 'Files', backend: ServiceBackend.fromHttpUrl('https://files.example.com'), audience: 'https://api.example.com', routes: FILES }],
    }));
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerResultTtlInSeconds: 0 });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ PHANTOM_EXCHANGE_MODE: 'jwt-in-json', PHANTOM_GATEWAY_CACHE_TTL_SECONDS: '0' }) } });
  });

  test('a private integration through an HTTP API VPC link to an ALB listener, the JWT mapped the same way', () => {
    const { template } = httpGatewayStack((s) => {
      const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 2, natGateways: 1 });
      const alb = new elbv2.ApplicationLoadBalancer(s, 'Alb', { vpc });
      const listener = alb.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
      return { services: [{ name: 'Files', backend: ServiceBackend.fromApplicationListener(listener), audience: 'https://api.example.com', routes: FILES }] };
    });
    template.resourceCountIs('AWS::ApiGatewayV2::VpcLink', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'HTTP_PROXY',
      ConnectionType: 'VPC_LINK',
      IntegrationUri: { Ref: Match.stringLikeRegexp('^AlbHttp') },
      RequestParameters: { 'overwrite:header.x-phantom-authorization': '$context.authorizer.authorization' },
    });
  });
});

describe('PhantomTokenHttpGateway refusals at synth, naming the prop', () => {
  test('webAcl is refused, naming CloudFront with WAF', () => {
    const problems = problemsOf(() => httpGatewayStack(() => ({ webAcl: {} })));
    expect(problems).toContainEqual(expect.stringMatching(/^webAcl: is not available on an HTTP API .*CloudFront distribution with a WAF web ACL/));
  });

  test('a $default route: through httpApiProps.defaultIntegration, or added to the API later', () => {
    const fn = new lambda.Function(testStack(), 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: CODE });
    const problems = problemsOf(() => httpGatewayStack(() => ({ httpApiProps: { defaultIntegration: new integrations.HttpLambdaIntegration('Default', fn) } })));
    expect(problems).toContainEqual(expect.stringMatching(/^httpApiProps.defaultIntegration: must not be set: it makes a \$default route/));

    const { stack, gateway } = httpGateway();
    new apigwv2.HttpRoute(stack, 'Catchall', { httpApi: gateway.httpApi, routeKey: apigwv2.HttpRouteKey.DEFAULT, integration: new integrations.HttpUrlIntegration('Any', 'https://example.com') });
    expect(() => Template.fromStack(stack)).toThrow(/a \$default route on the gateway's HTTP API/);
  });

  test('createDefaultStage: true, and existingHttpApi with httpApiProps, accessLogging or throttling', () => {
    expect(problemsOf(() => httpGatewayStack(() => ({ httpApiProps: { createDefaultStage: true } })))).toContainEqual(expect.stringMatching(/^httpApiProps.createDefaultStage: must not be true/));
    const problems = problemsOf(() => httpGatewayStack((s) => ({ existingHttpApi: new apigwv2.HttpApi(s, 'Mine'), httpApiProps: {}, accessLogging: false, throttling: {} })));
    expect(problems).toEqual(expect.arrayContaining([
      'existingHttpApi, httpApiProps: conflict: give only one of existingHttpApi, httpApiProps',
      'existingHttpApi, accessLogging: conflict: accessLogging applies to an HttpApi the gateway creates; set it on your stage',
      'existingHttpApi, throttling: conflict: throttling applies to an HttpApi the gateway creates; set it on your stage',
    ]));
  });

  test('the shared checks: services, throttling limits, a REST VPC link', () => {
    const problems = problemsOf(() => httpGatewayStack((s) => ({
      throttling: { rateLimit: 0 },
      services: [{ name: 'Files', backend: ServiceBackend.fromHttpUrl('https://files.example.com', { vpcLink: apigateway.VpcLink.fromVpcLinkId(s, 'Link', 'abc') }), audience: '', routes: FILES }],
    })));
    expect(problems).toEqual(expect.arrayContaining([
      'throttling.rateLimit: must be a whole number between 1 and 1000000, got 0',
      'services[0].audience: is required',
      expect.stringMatching(/^services\[0\].backend: a REST API VPC link cannot serve an HTTP API/),
    ]));
  });

  test('the REST gateway refuses a load balancer listener backend', () => {
    const { PhantomTokenGateway } = jest.requireActual('../../lib');
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const listener = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc }).addListener('Tcp', { port: 80 });
    const problems = problemsOf(() => new PhantomTokenGateway(stack, 'Rest', {
      authorization: { issuer: 'https://login.example.com', clientId: 'gateway', clientCredentials: testCredentials(stack) },
      services: [{ name: 'Files', backend: ServiceBackend.fromNetworkListener(listener), audience: 'https://api.example.com', routes: FILES }],
    }));
    expect(problems).toContainEqual(expect.stringMatching(/^services\[0\].backend: a load balancer listener is an HTTP API private integration/));
  });
});

describe('PhantomTokenHttpGateway with mutualTls', () => {
  const domain = (stack: ReturnType<typeof testStack>) => ({
    domainName: 'api.example.com',
    certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc'),
    truststoreBucket: s3.Bucket.fromBucketName(stack, 'Trust', 'truststore-bucket'),
    truststoreKey: 'truststore.pem',
  });
  const senderConstrained = (stack: ReturnType<typeof testStack>) => ({
    authorization: { issuer: 'https://login.example.com', jwksUri: 'https://login.example.com/jwks', clientId: 'gateway', clientCredentials: testCredentials(stack), senderConstrainedTokens: true },
  });

  test('a regional TLS 1.2 domain with the truststore, mapped to the $default stage under the base path; the execute-api endpoint disabled', () => {
    const { template, gateway } = httpGatewayStack((s) => ({ mutualTls: { ...domain(s), truststoreVersion: 'v7', basePath: 'v1' } }));
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'api.example.com',
      DomainNameConfigurations: [Match.objectLike({ EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2', CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' })],
      MutualTlsAuthentication: { TruststoreUri: 's3://truststore-bucket/truststore.pem', TruststoreVersion: 'v7' },
    });
    const stageId = Object.keys(template.findResources('AWS::ApiGatewayV2::Stage'))[0];
    template.hasResource('AWS::ApiGatewayV2::ApiMapping', {
      Properties: { ApiMappingKey: 'v1', Stage: '$default', ApiId: { Ref: Match.stringLikeRegexp('^Gateway') }, DomainName: { Ref: Match.stringLikeRegexp('MutualTlsDomain') } },
      DependsOn: [stageId],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    expect(gateway.mutualTlsDomain?.name).toBeDefined();
  });

  test('without mutualTls: no domain, the execute-api endpoint stays', () => {
    const { template, gateway } = httpGatewayStack();
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: Match.absent() });
    expect(gateway.mutualTlsDomain).toBeUndefined();
  });

  test('url names the mutual TLS domain under its base path, never the disabled execute-api endpoint; an output of it too', () => {
    const { stack, gateway } = httpGateway((s) => ({ mutualTls: { ...domain(s), basePath: 'v1' } }));
    expect(gateway.url).toBe('https://api.example.com/v1/');
    new CfnOutput(stack, 'ApiUrl', { value: gateway.url! });
    const output = Template.fromStack(stack).findOutputs('ApiUrl').ApiUrl;
    expect(output).toEqual({ Value: 'https://api.example.com/v1/' });
    expect(JSON.stringify(output)).not.toMatch(/execute-api|GatewayStage|Ref/);
    expect(httpGateway((s) => ({ mutualTls: domain(s) })).gateway.url).toBe('https://api.example.com/');
    const { gateway: existing } = httpGateway((s) => ({ existingHttpApi: new apigwv2.HttpApi(s, 'Mine'), mutualTls: domain(s) }));
    expect(existing.url).toBe('https://api.example.com/');
    expect(httpGateway((s) => ({ existingHttpApi: new apigwv2.HttpApi(s, 'Mine') })).gateway.url).toBeUndefined();
  });

  test('with senderConstrainedTokens the authorizer\'s public base URL defaults to the domain\'s URL; a given one wins', () => {
    const { gateway } = httpGateway((s) => ({ ...senderConstrained(s), mutualTls: { ...domain(s), basePath: 'v1' } }));
    expect(gateway.authorizer.environment[AUTHORIZER_ENV.publicBaseUrl]).toBe('https://api.example.com/v1');
    const { gateway: given } = httpGateway((s) => ({
      authorization: { ...senderConstrained(s).authorization, publicBaseUrl: 'https://edge.example.com' },
      mutualTls: domain(s),
    }));
    expect(given.authorizer.environment[AUTHORIZER_ENV.publicBaseUrl]).toBe('https://edge.example.com');
  });

  test('a bad domain is reported under mutualTls., with every other problem', () => {
    const problems = problemsOf(() => httpGatewayStack((s) => ({ mutualTls: { ...domain(s), domainName: 'not a domain', truststoreKey: ' ', basePath: '/v1/' }, webAcl: {} })));
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^mutualTls\.domainName: must be a DNS name such as api.example.com, got "not a domain"/),
      expect.stringMatching(/^mutualTls\.truststoreKey: is required/),
      expect.stringMatching(/^mutualTls\.basePath: must be path segments/),
      expect.stringMatching(/^webAcl: is not available on an HTTP API/),
    ]));
  });

  test('refuses an imported existingHttpApi (its execute-api endpoint cannot be disabled) and httpApiProps that keep the endpoint', () => {
    // An imported HttpApi has no addRoutes() (refused by its kind); one that routes but is no CfnApi here still cannot be switched off.
    const imported = problemsOf(() => httpGatewayStack((s) => ({ existingHttpApi: apigwv2.HttpApi.fromHttpApiAttributes(s, 'Imported', { httpApiId: 'abc123' }), mutualTls: domain(s) })));
    expect(imported).toContainEqual(expect.stringMatching(/^existingHttpApi: must be an IHttpApi/));
    const foreign = problemsOf(() => httpGatewayStack((s) => ({
      existingHttpApi: Object.assign(apigwv2.HttpApi.fromHttpApiAttributes(s, 'Foreign', { httpApiId: 'abc123' }), { addRoutes: () => [] }),
      mutualTls: domain(s),
    })));
    expect(foreign).toContainEqual(expect.stringMatching(/^existingHttpApi, mutualTls: conflict: existingHttpApi must be an HttpApi defined in this app: its execute-api endpoint must be disabled/));
    const stageless = problemsOf(() => httpGatewayStack((s) => ({ existingHttpApi: new apigwv2.HttpApi(s, 'Mine', { createDefaultStage: false }), mutualTls: domain(s) })));
    expect(stageless).toContainEqual(expect.stringMatching(/^existingHttpApi, mutualTls: conflict: existingHttpApi must have a default stage/));
    const kept = problemsOf(() => httpGatewayStack((s) => ({ httpApiProps: { disableExecuteApiEndpoint: false }, mutualTls: domain(s) })));
    expect(kept).toContainEqual(expect.stringMatching(/^httpApiProps\.disableExecuteApiEndpoint, mutualTls: conflict/));
  });

  test('takes an existingHttpApi defined in this app: disables its execute-api endpoint and maps its default stage', () => {
    const { template } = httpGatewayStack((s) => ({ existingHttpApi: new apigwv2.HttpApi(s, 'Mine'), mutualTls: domain(s) }));
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'Mine', DisableExecuteApiEndpoint: true });
    const stageId = Object.keys(template.findResources('AWS::ApiGatewayV2::Stage'))[0];
    template.hasResource('AWS::ApiGatewayV2::ApiMapping', { Properties: { Stage: '$default', ApiId: { Ref: Match.stringLikeRegexp('^Mine') }, ApiMappingKey: Match.absent() }, DependsOn: [stageId] });
  });

  test('a wrong-typed mutualTls field is named', () => {
    const problems = problemsOf(() => httpGatewayStack((s) => ({ mutualTls: { ...domain(s), truststoreKey: 42 as unknown as string } })));
    expect(problems).toContainEqual(expect.stringMatching(/^mutualTls\.truststoreKey: /));
  });
});
