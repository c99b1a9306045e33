// The constructs and local mode read their shared defaults from lambda/shared/gateway-defaults.ts (local
// mode cannot import lib/): what the constructs synthesize by default is what those constants say, and a
// local gateway started with its defaults keys its cache as the construct's authorizer does.
import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EXAMPLE_ROUTES } from '../../../lambda/shared/example-routes';
import {
  DEFAULT_AUTHORIZER_TIMEOUT_SECONDS, DEFAULT_RESULTS_CACHE_TTL_SECONDS, HTTP_API_STAGE_NAME, IDENTITY_SOURCE_HEADER,
} from '../../../lambda/shared/gateway-defaults';
import { needsPerRouteCacheKeys } from '../../../lambda/shared/route-overlap';
import type { RouteRule } from '../../../lambda/shared/routes';
import { PhantomTokenHttpGateway, ServiceBackend } from '../../../lib';
import { PhantomTokenAuthorizer } from '../../../lib/phantom-token-authorizer';
import { routeKey, startLocalGateway } from '../../../local/gateway';
import { constructRoutes, ROUTES, testCredentials, testStack } from '../../lib/support';
import { CONFLICTING_ROUTES } from './route-tables';

function authorizerStack(routes: readonly RouteRule[] = EXAMPLE_ROUTES) {
  const stack = testStack();
  const authorizer = new PhantomTokenAuthorizer(stack, 'Authorizer', { issuer: 'https://login.example.com', clientId: 'gateway', clientCredentials: testCredentials(stack), routes: constructRoutes(routes) });
  return { stack, authorizer };
}

describe('gateway defaults shared by the constructs and local mode', () => {
  it('caches authorizer results as long as the PhantomTokenAuthorizer construct does by default', () => {
    expect(DEFAULT_RESULTS_CACHE_TTL_SECONDS).toBe(PhantomTokenAuthorizer.DEFAULT_RESULTS_CACHE_TTL.toSeconds());
  });

  it('synthesizes the REST authorizer with the shared TTL, identity source and timeout', () => {
    const { stack, authorizer } = authorizerStack();
    const api = new apigateway.RestApi(stack, 'Api', { cloudWatchRole: false });
    api.root.addResource('invoices').addMethod('GET', new apigateway.MockIntegration(), { authorizer: authorizer.restAuthorizer, authorizationType: apigateway.AuthorizationType.CUSTOM });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      AuthorizerResultTtlInSeconds: DEFAULT_RESULTS_CACHE_TTL_SECONDS,
      IdentitySource: `method.request.header.${IDENTITY_SOURCE_HEADER}`,
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', Timeout: DEFAULT_AUTHORIZER_TIMEOUT_SECONDS });
  });

  it('synthesizes the HTTP API with the shared stage, TTL and identity source', () => {
    const stack = testStack();
    new PhantomTokenHttpGateway(stack, 'Gateway', {
      authorization: { issuer: 'https://login.example.com', jwksUri: 'https://login.example.com/jwks', clientId: 'gateway', clientCredentials: testCredentials(stack) },
      services: [{ name: 'Invoices', backend: ServiceBackend.fromCode(lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });')), audience: 'https://api.example.com', routes: ROUTES }],
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: HTTP_API_STAGE_NAME });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerResultTtlInSeconds: DEFAULT_RESULTS_CACHE_TTL_SECONDS,
      IdentitySource: [`$request.header.${IDENTITY_SOURCE_HEADER}`, '$context.routeKey'],
    });
  });

  it.each<[string, readonly RouteRule[]]>([
    ['the example routes', EXAMPLE_ROUTES],
    ['exact overlapping templates', [
      { method: 'GET', path: '/invoices/{id}', scopes: { anyOf: ['invoice_admin'] } },
      { method: 'GET', path: '/invoices/{id}/lines', scopes: { anyOf: ['invoice_read'] } },
    ]],
    ['a table with cache conflicts', [...CONFLICTING_ROUTES]],
  ])('keys its result cache per route exactly when the construct does (%s)', async (_name, routes) => {
    const { authorizer } = authorizerStack(routes);
    expect(needsPerRouteCacheKeys(routes)).toBe(authorizer.cachesPerRoute);
    const gateway = await startLocalGateway({
      port: 0,
      routes,
      services: Object.fromEntries(routes.map((route) => [routeKey(route), async () => ({ statusCode: 200, body: '' })])),
      authorizer: async () => undefined,
      accessLog: false,
    });
    try {
      expect(gateway.cachesPerRoute).toBe(authorizer.cachesPerRoute);
    } finally {
      await gateway.stop();
    }
  });

});
