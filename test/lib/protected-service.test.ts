import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { validatorConfigFromEnv, validatorConfigToEnv } from '../../lambda/shared/config';
import { Construct } from 'constructs';
import { HttpMethod, IPhantomTokenAuthorizer, JwtAlgorithm, PhantomTokenAuthorizer, ProtectedService, RouteRule, ServiceBackend, ServiceValidatorOptions } from '../../lib';
import { problemsOf, ROUTES, testCredentials, testStack } from './support';

const VALIDATOR: ServiceValidatorOptions = {
  issuer: 'https://login.example.com',
  audience: 'https://api.example.com',
  jwksUri: 'https://login.example.com/jwks',
  allowedAlgorithms: [JwtAlgorithm.ES256],
  tokenType: 'at+jwt',
};

describe('ProtectedService', () => {
  let template: Template;
  let annotations: Annotations;
  let built: ProtectedService;
  let existing: ProtectedService;
  let imported: ProtectedService;
  beforeAll(() => {
    const stack = testStack();
    const routes: RouteRule[] = [
      ...ROUTES,
      { method: HttpMethod.GET, path: '/files/{proxy+}', scopes: { anyOf: ['file_read'] } },
      { method: HttpMethod.ANY, path: '/orders/{orderId}/lines/{lineId}', scopes: { anyOf: ['order_*'] } },
      { method: HttpMethod.GET, path: '/reports', scopes: { anyOf: ['report_read'] } },
      { method: HttpMethod.GET, path: '/legacy', scopes: { anyOf: ['legacy_read'] } },
      { method: HttpMethod.GET, path: '/private', scopes: { anyOf: ['private_read'] } },
    ];
    const authorizer = new PhantomTokenAuthorizer(stack, 'Authorizer', {
      issuer: 'https://login.example.com',
      clientId: 'gateway',
      clientCredentials: testCredentials(stack),
      routes,
    });
    const restApi = new apigateway.RestApi(stack, 'Api', { cloudWatchRole: false });
    const common = { restApi, authorizer, validator: VALIDATOR };
    built = new ProtectedService(stack, 'Invoices', {
      ...common,
      routes: ROUTES,
      backend: ServiceBackend.fromCode(lambda.Code.fromInline('exports.main = async () => ({ statusCode: 200 });'), { handler: 'index.main' }),
    });
    new ProtectedService(stack, 'Private', {
      ...common,
      routes: [routes[6]],
      backend: ServiceBackend.fromHttpUrl('https://nlb.internal.example.com', { vpcLink: apigateway.VpcLink.fromVpcLinkId(stack, 'Link', 'vpclink1') }),
    });
    new ProtectedService(stack, 'Files', { ...common, routes: [routes[2], routes[3]], backend: ServiceBackend.fromHttpUrl('https://files.internal.example.com/') });
    const own = new lambda.Function(stack, 'ReportsFn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
      environment: { OWN_SETTING: 'kept' },
    });
    existing = new ProtectedService(stack, 'Reports', { ...common, routes: [routes[4]], backend: ServiceBackend.fromFunction(own) });
    imported = new ProtectedService(stack, 'Legacy', {
      ...common,
      routes: [routes[5]],
      backend: ServiceBackend.fromFunction(lambda.Function.fromFunctionArn(stack, 'LegacyFn', 'arn:aws:lambda:eu-west-1:123456789012:function:legacy')),
    });
    template = Template.fromStack(stack);
    annotations = Annotations.fromStack(stack);
  });

  test('a built function: Node.js 24 arm64 with the validator environment, which the validator accepts', () => {
    expect(built.validatorEnvironment).toEqual(validatorConfigToEnv(VALIDATOR));
    expect(validatorConfigFromEnv(built.validatorEnvironment)).toMatchObject({ audience: VALIDATOR.audience, tokenType: 'at+jwt', allowedAlgorithms: [JwtAlgorithm.ES256] });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.main',
      Environment: { Variables: built.validatorEnvironment },
    });
  });

  test('one invoke permission per function, limited to this REST API', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).filter(
      (permission) => permission.Properties.Principal === 'apigateway.amazonaws.com' && JSON.stringify(permission.Properties.SourceArn).includes('/*/*/*'),
    );
    expect(permissions).toHaveLength(3);
    for (const permission of permissions) {
      expect(JSON.stringify(permission.Properties.SourceArn)).toContain('{"Ref":"Api');
    }
  });

  test('every route is a method behind the custom authorizer, Lambda proxy for function backends', () => {
    template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { AuthorizationType: 'CUSTOM' }, 7);
    template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { AuthorizationType: 'NONE' }, 0);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      AuthorizerId: Match.anyValue(),
      Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: Match.anyValue() },
    });
  });

  test('HTTP backend: the JWT replaces the Authorization header, path parameters pass through', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      RequestParameters: { 'method.request.path.proxy': true },
      Integration: {
        Type: 'HTTP_PROXY',
        Uri: 'https://files.internal.example.com/files/{proxy}',
        RequestParameters: {
          'integration.request.header.Authorization': 'context.authorizer.authorization',
          'integration.request.path.proxy': 'method.request.path.proxy',
        },
      },
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'ANY',
      Integration: {
        Type: 'HTTP_PROXY',
        IntegrationHttpMethod: 'ANY',
        Uri: 'https://files.internal.example.com/orders/{orderId}/lines/{lineId}',
        RequestParameters: {
          'integration.request.header.Authorization': 'context.authorizer.authorization',
          'integration.request.path.orderId': 'method.request.path.orderId',
          'integration.request.path.lineId': 'method.request.path.lineId',
        },
      },
    });
  });

  test('vpcLink: the HTTP backend is reached through the VPC link', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      Integration: {
        Type: 'HTTP_PROXY',
        Uri: 'https://nlb.internal.example.com/private',
        ConnectionType: 'VPC_LINK',
        ConnectionId: 'vpclink1',
        RequestParameters: { 'integration.request.header.Authorization': 'context.authorizer.authorization' },
      },
    });
  });

  test("the user's lambda.Function gets the validator variables next to its own", () => {
    expect(existing.function).toBeDefined();
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Environment: { Variables: { OWN_SETTING: 'kept', ...validatorConfigToEnv(VALIDATOR) } },
    });
  });

  test('an imported function: a warning to apply validatorEnvironment, which the construct exposes', () => {
    expect(imported.validatorEnvironment.PHANTOM_AUDIENCE).toBe(VALIDATOR.audience);
    annotations.hasWarning('/Test/Legacy', Match.stringLikeRegexp('set ProtectedService.validatorEnvironment'));
  });
});

describe('ProtectedService on its PhantomTokenAuthorizer, with tracing', () => {
  test('takes the authorizer itself (methods use its REST authorizer) and traces the function it builds', () => {
    const stack = testStack();
    const authorizer = new PhantomTokenAuthorizer(stack, 'Authorizer', { issuer: 'https://login.example.com', clientId: 'gateway', clientCredentials: testCredentials(stack), routes: ROUTES });
    const restApi = new apigateway.RestApi(stack, 'Api', { cloudWatchRole: false });
    const service = new ProtectedService(stack, 'Invoices', {
      restApi,
      authorizer,
      routes: ROUTES,
      backend: ServiceBackend.fromCode(lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'), { tracing: true }),
      validator: VALIDATOR,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ PHANTOM_AUDIENCE: VALIDATOR.audience }) }, TracingConfig: { Mode: 'Active' } });
    template.resourceCountIs('AWS::ApiGateway::Authorizer', 1);
    template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: Match.stringLikeRegexp('^AuthorizerRestRequestAuthorizer') } }, 2);
    expect(service.methods).toHaveLength(2);
  });
});

describe('ProtectedService authorizer', () => {
  test('a bare REST authorizer (the old way) is refused, naming the prop and the fix', () => {
    const stack = testStack();
    const authorizer = new PhantomTokenAuthorizer(stack, 'Authorizer', { issuer: 'https://login.example.com', clientId: 'gateway', clientCredentials: testCredentials(stack), routes: ROUTES });
    const restApi = new apigateway.RestApi(stack, 'Api', { cloudWatchRole: false });
    expect(problemsOf(() => new ProtectedService(stack, 'Invoices', {
      restApi,
      authorizer: authorizer.restAuthorizer as never,
      routes: ROUTES,
      backend: ServiceBackend.fromHttpUrl('https://invoices.example.com'),
      validator: VALIDATOR,
    }))).toEqual(["authorizer: must be an IPhantomTokenAuthorizer (the PhantomTokenAuthorizer itself, not its restAuthorizer): its routes are checked against the service's"]);
  });

  test('any IPhantomTokenAuthorizer will do: its restAuthorizer is attached and its routes are the check', () => {
    const stack = testStack();
    const restApi = new apigateway.RestApi(stack, 'Api', { cloudWatchRole: false });
    const restAuthorizer = new apigateway.TokenAuthorizer(stack, 'Own', { handler: lambda.Function.fromFunctionName(stack, 'Fn', 'own-authorizer') });
    const authorizer: IPhantomTokenAuthorizer = Object.assign(new Construct(stack, 'OwnAuthorizer'), { restAuthorizer, routes: [ROUTES[0]] });
    const props = { restApi, authorizer, backend: ServiceBackend.fromHttpUrl('https://invoices.example.com'), validator: VALIDATOR };
    expect(problemsOf(() => new ProtectedService(stack, 'Both', { ...props, routes: ROUTES }))).toEqual([
      "routes: route GET /invoices/{id} is not in the authorizer's routes: the authorizer would deny every request to it",
    ]);
    new ProtectedService(stack, 'First', { ...props, routes: [ROUTES[0]] });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', { AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: Match.stringLikeRegexp('^Own') } });
  });
});
