// The example app: synthesises offline with the CloudFormation schema check and cdk-nag AwsSolutions
// on, with zero unacknowledged findings; its settings come from CDK context.
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EXAMPLE_AUDIENCE, EXAMPLE_ROUTES } from '../../lambda/shared/example-routes';
import { exampleExchange, exampleSettings, EXAMPLE_DEFAULTS } from '../../bin/example-settings';
import { PhantomTokenExampleStack } from '../../bin/example-stack';
import { ClientCredentials, HandlerAsset, HandlerAssetName, PhantomTokenGateway, ServiceBackend } from '../../lib';
import { constructRoutes } from '../../bin/construct-routes';

function synthExample(context: Record<string, string> = {}) {
  const app = new App({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true, ...context } });
  const stack = new PhantomTokenExampleStack(app, 'PhantomTokenExample', {
    settings: exampleSettings((key) => app.node.tryGetContext(key)),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const assembly = app.synth(); // throws on any unacknowledged cdk-nag finding or schema violation
  return { app, stack, assembly, template: Template.fromStack(stack) };
}

/** Asset hashes change with every handler edit; the snapshot watches the rest of the template. */
function withoutAssetHashes(template: object): object {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}(\.zip)?/g, '<asset-hash>'));
}

describe('example app with default context', () => {
  let result: ReturnType<typeof synthExample>;
  beforeAll(() => {
    result = synthExample();
  });

  test('synthesises with zero cdk-nag AwsSolutions findings, errors or warnings', () => {
    const messages = result.assembly.getStackArtifact('PhantomTokenExample').messages;
    expect(messages.filter((message) => message.level !== 'info')).toEqual([]);
    const reportFile = join(result.assembly.directory, 'validation-report.json');
    if (existsSync(reportFile)) expect(JSON.parse(readFileSync(reportFile, 'utf8')).pluginReports).toEqual([]);
  });

  test('control: without the example\'s acknowledgments the same gateway fails the checks', () => {
    const app = new App();
    const stack = new Stack(app, 'Unacknowledged');
    new PhantomTokenGateway(stack, 'Gateway', {
      authorization: { issuer: 'https://login.example.com', jwksUri: 'https://login.example.com/jwks', clientId: 'c', clientCredentials: ClientCredentials.clientSecretBasic(secretsmanager.Secret.fromSecretNameV2(stack, 'S', 's')) },
      services: [{ name: 'invoices', backend: ServiceBackend.fromCode(HandlerAsset.code(HandlerAssetName.INVOICES)), audience: EXAMPLE_AUDIENCE, routes: constructRoutes(EXAMPLE_ROUTES) }],
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    let report = '';
    try {
      app.synth();
    } catch (error) {
      report = String((error as Error).message);
    }
    for (const rule of ['AwsSolutions-APIG2', 'AwsSolutions-APIG3', 'AwsSolutions-COG4', 'AwsSolutions-IAM4']) expect(report).toContain(rule);
    expect(report).not.toMatch(/AwsSolutions-(L1|IAM5|DDB3|APIG1|APIG6)/);
  });

  test('deploys the scope table of the design for invoices and streams', () => {
    const env = result.stack.gateway.authorizer.environment;
    expect(JSON.parse(env.PHANTOM_ROUTES)).toEqual(EXAMPLE_ROUTES.map((r) => [r.method, r.path, r.scopes.anyOf ?? [], r.scopes.allOf ?? []]));
    result.template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { AuthorizationType: 'CUSTOM' }, EXAMPLE_ROUTES.length);
    for (const name of ['invoices', 'streams']) {
      expect(result.stack.gateway.services[name].validatorEnvironment).toMatchObject({
        PHANTOM_ISSUER: EXAMPLE_DEFAULTS.issuer,
        PHANTOM_AUDIENCE: EXAMPLE_AUDIENCE,
        PHANTOM_JWKS_URI: `${EXAMPLE_DEFAULTS.issuer}/jwks`,
      });
    }
  });

  test('defaults: accept-jwt, client api-gateway, the secret named phantom-token/gateway-client', () => {
    result.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          PHANTOM_EXCHANGE_MODE: 'accept-jwt',
          PHANTOM_CLIENT_ID: 'api-gateway',
          PHANTOM_CLIENT_SECRET_ARN: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':secret:phantom-token/gateway-client$')])] },
        }),
      },
    });
    result.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    result.template.hasOutput('ApiUrl', Match.anyValue());
  });

  test('template snapshot (asset hashes masked)', () => {
    expect(withoutAssetHashes(result.template.toJSON())).toMatchSnapshot();
  });
});

describe('example app configured from context', () => {
  test('token-exchange with a complete secret ARN and WAF: still zero findings', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:gw-AbC123';
    const { template } = synthExample({
      issuer: 'https://idsvr.example.net/oauth/v2/oauth-anonymous',
      jwksUri: 'https://idsvr.example.net/oauth/v2/oauth-anonymous/jwks',
      clientSecretArn: arn,
      exchangeMode: 'token-exchange',
      exchangeAudience: 'https://api.example.com',
      webAcl: 'true',
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          PHANTOM_ISSUER: 'https://idsvr.example.net/oauth/v2/oauth-anonymous',
          PHANTOM_EXCHANGE_MODE: 'token-exchange',
          PHANTOM_EXCHANGE_AUDIENCE: 'https://api.example.com',
          PHANTOM_CLIENT_SECRET_ARN: arn,
        }),
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: arn })]) },
    });
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
  });

  test('bad context values name the key', () => {
    const read = (values: Record<string, unknown>) => () => exampleSettings((key) => values[key]);
    expect(read({ exchangeMode: 'magic' })).toThrow('context "exchangeMode" must be one of accept-jwt, jwt-in-json, rfc9701, token-exchange, got "magic"');
    expect(read({ webAcl: 'yes' })).toThrow('context "webAcl" must be true or false, got "yes"');
    expect(read({ issuer: 42 })).toThrow('context "issuer" must be a string');
    expect(() => exampleExchange(exampleSettings((key) => ({ exchangeScope: 'invoice_read' } as Record<string, unknown>)[key]))).toThrow(
      'context "exchangeScope" applies to exchangeMode token-exchange only, not accept-jwt',
    );
  });

  test('an http:// issuer fails the synth with the construct path and the prop', () => {
    expect(() => synthExample({ issuer: 'http://login.example.com' })).toThrow(
      /PhantomTokenExample\/Gateway: invalid props:\n {2}- authorization\.issuer: "http:\/\/login\.example\.com" must use https/,
    );
  });
});
