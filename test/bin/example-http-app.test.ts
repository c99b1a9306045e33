// The example app's HTTP API variant (`npx cdk synth -c api=http`): an HTTP API with the phantom token
// REQUEST authorizer on every route and no REST API, with zero cdk-nag AwsSolutions findings.
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EXAMPLE_AUDIENCE, EXAMPLE_ROUTES } from '../../lambda/shared/example-routes';
import { constructRoutes } from '../../bin/construct-routes';
import { exampleSettings } from '../../bin/example-settings';
import { PhantomTokenExampleStack } from '../../bin/example-stack';
import { ClientCredentials, HandlerAsset, HandlerAssetName, PhantomTokenHttpGateway, ServiceBackend } from '../../lib';

function synthHttpExample(context: Record<string, string> = {}) {
  const app = new App({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true, api: 'http', ...context } });
  const stack = new PhantomTokenExampleStack(app, 'PhantomTokenExample', { settings: exampleSettings((key) => app.node.tryGetContext(key)) });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const assembly = app.synth(); // throws on any unacknowledged cdk-nag finding or schema violation
  return { stack, assembly, template: Template.fromStack(stack) };
}

describe('example app with -c api=http', () => {
  let result: ReturnType<typeof synthHttpExample>;
  beforeAll(() => {
    result = synthHttpExample();
  });

  test('an HTTP API gateway and no REST API', () => {
    expect(result.stack.gateway).toBeInstanceOf(PhantomTokenHttpGateway);
    result.template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    result.template.resourceCountIs('AWS::ApiGateway::RestApi', 0);
    result.template.resourceCountIs('AWS::ApiGateway::Method', 0);
  });

  test('the REQUEST authorizer (simple responses, header + route key) on every route, every example route present', () => {
    result.template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    result.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST', EnableSimpleResponses: true, IdentitySource: ['$request.header.Authorization', '$context.routeKey'],
    });
    const routes = Object.values(result.template.findResources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties);
    expect(routes.map((route) => route.RouteKey).sort()).toEqual(EXAMPLE_ROUTES.map((route) => `${route.method} ${route.path}`).sort());
    for (const route of routes) expect(route).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: expect.anything() });
  });

  test('zero cdk-nag findings, warnings or errors, with nothing acknowledged', () => {
    const messages = result.assembly.getStackArtifact('PhantomTokenExample').messages;
    expect(messages.filter((message) => message.level !== 'info')).toEqual([]);
  });

  test('control: cdk-nag does judge the HTTP API (without access logs it fails APIG1)', () => {
    const app = new App();
    const stack = new Stack(app, 'Unlogged');
    new PhantomTokenHttpGateway(stack, 'Gateway', {
      authorization: { issuer: 'https://login.example.com', jwksUri: 'https://login.example.com/jwks', clientId: 'c', clientCredentials: ClientCredentials.clientSecretBasic(secretsmanager.Secret.fromSecretNameV2(stack, 'S', 's')) },
      services: [{ name: 'invoices', backend: ServiceBackend.fromCode(HandlerAsset.code(HandlerAssetName.INVOICES)), audience: EXAMPLE_AUDIENCE, routes: constructRoutes(EXAMPLE_ROUTES) }],
      accessLogging: false,
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-APIG1/);
  });

  test('-c api must be rest or http, and webAcl is for rest', () => {
    expect(() => exampleSettings((key) => ({ api: 'graphql' })[key])).toThrow('context "api" must be rest or http, got "graphql"');
    expect(() => exampleSettings((key) => ({ api: 'http', webAcl: 'true' })[key])).toThrow(/context "webAcl" is for api=rest: .*CloudFront with WAF/);
    expect(exampleSettings(() => undefined).api).toBe('rest');
  });
});
