import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { HttpGatewayMetrics, HttpMethod, JwtAlgorithm, PhantomTokenAuthorizer, ProtectedHttpService, RouteRule, ServiceBackend, ServiceValidatorOptions } from '../../lib';
import { problemsOf, ROUTES, testCredentials, testStack } from './support';

const VALIDATOR: ServiceValidatorOptions = { issuer: 'https://login.example.com', audience: 'https://api.example.com', jwksUri: 'https://login.example.com/jwks', allowedAlgorithms: [JwtAlgorithm.ES256] };
const CODE = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');
const FILES: RouteRule[] = [{ method: HttpMethod.ANY, path: '/files/{proxy+}', scopes: { anyOf: ['file_read'] } }];

function world(routes: RouteRule[] = [...ROUTES, ...FILES]) {
  const stack = testStack();
  const authorizer = new PhantomTokenAuthorizer(stack, 'Authorizer', { issuer: 'https://login.example.com', clientId: 'gateway', clientCredentials: testCredentials(stack), routes });
  const httpApi = new apigwv2.HttpApi(stack, 'Api');
  return { stack, authorizer, httpApi, common: { httpApi, authorizer, validator: VALIDATOR } };
}

describe('ProtectedHttpService on its own', () => {
  test('a code backend: a built function with the validator variables, payload 2.0, every route behind the authorizer', () => {
    const { stack, common } = world();
    const service = new ProtectedHttpService(stack, 'Invoices', { ...common, routes: ROUTES, backend: ServiceBackend.fromCode(CODE, { tracing: true }) });
    const template = Template.fromStack(stack);
    expect(service.httpRoutes).toHaveLength(2);
    expect(service.routes).toEqual(ROUTES);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: Match.objectLike({ PHANTOM_AUDIENCE: 'https://api.example.com', PHANTOM_ALLOWED_ALGORITHMS: 'ES256' }) },
    });
    template.resourcePropertiesCountIs('AWS::ApiGatewayV2::Route', { AuthorizationType: 'CUSTOM' }, 2);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
  });

  test('an existing function of another app is used as it is, with a warning to set the validator variables', () => {
    const { stack, common } = world();
    const fn = lambda.Function.fromFunctionArn(stack, 'Theirs', 'arn:aws:lambda:eu-west-1:123456789012:function:theirs');
    const service = new ProtectedHttpService(stack, 'Invoices', { ...common, routes: ROUTES, backend: ServiceBackend.fromFunction(fn) });
    expect(service.function).toBe(fn);
    Annotations.fromStack(stack).hasWarning('/Test/Invoices', Match.stringLikeRegexp('set ProtectedService.validatorEnvironment on it yourself'));
  });

  test('a network load balancer listener: a private integration through a new HTTP API VPC link, the JWT header mapped', () => {
    const { stack, common } = world();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const listener = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc }).addListener('Tcp', { port: 80 });
    listener.addTargets('Backends', { port: 80, targets: [new targets.IpTarget('10.0.0.10')] });
    new ProtectedHttpService(stack, 'Files', { ...common, routes: FILES, backend: ServiceBackend.fromNetworkListener(listener) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGatewayV2::VpcLink', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      ConnectionType: 'VPC_LINK',
      IntegrationMethod: 'ANY',
      RequestParameters: { 'overwrite:header.x-phantom-authorization': '$context.authorizer.authorization' },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /files/{proxy+}', AuthorizationType: 'CUSTOM' });
  });

  test('a given HTTP API VPC link is used instead of a new one', () => {
    const { stack, common } = world();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const listener = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc }).addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
    const vpcLink = apigwv2.VpcLink.fromVpcLinkAttributes(stack, 'Link', { vpcLinkId: 'link-1', vpc });
    new ProtectedHttpService(stack, 'Files', { ...common, routes: FILES, backend: ServiceBackend.fromApplicationListener(listener, { vpcLink }) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGatewayV2::VpcLink', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { ConnectionType: 'VPC_LINK', ConnectionId: 'link-1' });
  });

  test('refusals name the prop: a route the authorizer does not know, a REST VPC link, a REST-only authorizer, no validator', () => {
    const { stack, common } = world(ROUTES);
    expect(problemsOf(() => new ProtectedHttpService(stack, 'Files', { ...common, routes: FILES, backend: ServiceBackend.fromHttpUrl('https://files.example.com') })))
      .toEqual([expect.stringMatching(/^routes: route ANY \/files\/\{proxy\+\} is not in the authorizer's routes/)]);
    const restLink = apigateway.VpcLink.fromVpcLinkId(stack, 'RestLink', 'abc');
    expect(problemsOf(() => new ProtectedHttpService(stack, 'Rest', { ...common, routes: ROUTES, backend: ServiceBackend.fromHttpUrl('https://files.example.com', { vpcLink: restLink }) })))
      .toContainEqual(expect.stringMatching(/^backend: a REST API VPC link cannot serve an HTTP API/));
    const restOnly = { routes: ROUTES, restAuthorizer: common.authorizer.restAuthorizer, node: common.authorizer.node } as never;
    expect(problemsOf(() => new ProtectedHttpService(stack, 'Bare', { ...common, authorizer: restOnly, routes: ROUTES, backend: ServiceBackend.fromCode(CODE) })))
      .toContainEqual(expect.stringMatching(/^authorizer: must be an IPhantomTokenHttpAuthorizer/));
    expect(problemsOf(() => new ProtectedHttpService(stack, 'NoValidator', { ...common, validator: undefined as never, routes: ROUTES, backend: ServiceBackend.fromCode(CODE) })))
      .toContainEqual('validator: is required (issuer and audience)');
  });
});

describe('HttpGatewayMetrics', () => {
  test('on a stage: ApiId and Stage, HTTP API names, 5-minute Sum or Average; without one: ApiId only', () => {
    const { stack, httpApi } = world();
    const onStage = new HttpGatewayMetrics(httpApi, httpApi.defaultStage);
    const errors = onStage.metricServerErrors();
    expect([errors.namespace, errors.metricName, errors.statistic, errors.period.toMinutes()]).toEqual(['AWS/ApiGateway', '5xx', 'Sum', 5]);
    expect(Object.keys(stack.resolve(errors.dimensions))).toEqual(['ApiId', 'Stage']);
    expect(onStage.metricClientErrors().metricName).toBe('4xx');
    expect(onStage.metricRequests().metricName).toBe('Count');
    expect([onStage.metricLatency().statistic, onStage.metricIntegrationLatency().metricName]).toEqual(['Average', 'IntegrationLatency']);
    expect(onStage.metricLatency({ statistic: 'p99' }).statistic).toBe('p99');
    expect(Object.keys(stack.resolve(new HttpGatewayMetrics(httpApi).metricRequests().dimensions))).toEqual(['ApiId']);
  });
});
