import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AUTHORIZER_ENV } from '../../lambda/shared/env-names';
import {
  JwtAlgorithm, MutualTlsDomain, PhantomTokenAuthorizer, PhantomTokenGateway, PhantomTokenGatewayResponses, RestAuthorizerType, ServiceBackend,
} from '../../lib';
import { problemsOf, ROUTES, testCredentials, testStack } from './support';

function restApiWith(authorizer: apigateway.IAuthorizer, stack: ReturnType<typeof testStack>) {
  const api = new apigateway.RestApi(stack, 'Api', { cloudWatchRole: false });
  api.root.addResource('invoices').addMethod('GET', new apigateway.MockIntegration(), { authorizer, authorizationType: apigateway.AuthorizationType.CUSTOM });
  return api;
}

const base = (stack: ReturnType<typeof testStack>) => ({ issuer: 'https://login.example.com', clientId: 'gateway', clientCredentials: testCredentials(stack), routes: ROUTES });

describe('PhantomTokenAuthorizer with senderConstrainedTokens', () => {
  it('turns API Gateway\'s result cache off (REST and HTTP API) and configures the function', () => {
    const stack = testStack();
    const authorizer = new PhantomTokenAuthorizer(stack, 'Authorizer', {
      ...base(stack),
      senderConstrainedTokens: true,
      dpopAlgorithms: [JwtAlgorithm.ES256, JwtAlgorithm.EDDSA],
      dpopProofWindow: Duration.seconds(30),
      publicBaseUrl: 'https://api.example.com',
    });
    restApiWith(authorizer.restAuthorizer, stack);
    authorizer.httpAuthorizer();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', { AuthorizerResultTtlInSeconds: 0 });
    expect(authorizer.environment).toMatchObject({
      [AUTHORIZER_ENV.senderConstrained]: 'true',
      [AUTHORIZER_ENV.dpopAlgorithms]: 'ES256,EdDSA',
      [AUTHORIZER_ENV.dpopProofWindowSeconds]: '30',
      [AUTHORIZER_ENV.publicBaseUrl]: 'https://api.example.com',
    });
  });

  it('without it the function refuses bound tokens and the cache keeps its default', () => {
    const stack = testStack();
    const authorizer = new PhantomTokenAuthorizer(stack, 'Authorizer', base(stack));
    restApiWith(authorizer.restAuthorizer, stack);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Authorizer', { AuthorizerResultTtlInSeconds: 60 });
    expect(authorizer.environment[AUTHORIZER_ENV.senderConstrained]).toBeUndefined();
  });

  it.each([
    ['a result cache', { senderConstrainedTokens: true, resultsCacheTtl: Duration.seconds(60) }, /senderConstrainedTokens, resultsCacheTtl: conflict/],
    ['a TOKEN authorizer', { senderConstrainedTokens: true, restAuthorizerType: RestAuthorizerType.TOKEN }, /senderConstrainedTokens, restAuthorizerType: conflict/],
    ['a symmetric DPoP algorithm', { senderConstrainedTokens: true, dpopAlgorithms: ['HS256' as never] }, /dpopAlgorithms: "HS256"/],
    ['a proof window beyond 600 s', { senderConstrainedTokens: true, dpopProofWindow: Duration.seconds(601) }, /dpopProofWindow/],
    ['an http base URL', { senderConstrainedTokens: true, publicBaseUrl: 'http://api.example.com' }, /publicBaseUrl/],
    ['DPoP settings without senderConstrainedTokens', { dpopProofWindow: Duration.seconds(30) }, /dpopProofWindow: applies only with senderConstrainedTokens/],
  ])('fails synth with %s, naming the prop', (_name, extra, message) => {
    const stack = testStack();
    expect(() => new PhantomTokenAuthorizer(stack, 'Authorizer', { ...base(stack), ...extra })).toThrow(message);
  });

  it('reports the sender-constraint problems together with the other props\' problems, under the construct path', () => {
    const stack = testStack();
    const problems = problemsOf(
      () =>
        new PhantomTokenAuthorizer(stack, 'Authorizer', {
          ...base(stack),
          memorySize: 64,
          senderConstrainedTokens: true,
          resultsCacheTtl: Duration.seconds(30),
          dpopAlgorithms: [],
          dpopProofWindow: Duration.millis(1500),
        }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^memorySize: /),
      'dpopProofWindow: must be a whole number of seconds, got 1.5 (Duration.millis(1500))',
      'dpopAlgorithms: must list at least one algorithm',
      expect.stringMatching(/^senderConstrainedTokens, resultsCacheTtl: conflict/),
    ]);
    expect(() => new PhantomTokenAuthorizer(stack, 'Other', { ...base(stack), memorySize: 64, senderConstrainedTokens: true, resultsCacheTtl: Duration.seconds(30) })).toThrow(/^Test\/Other: invalid props/);
  });

  it('accepts an explicit resultsCacheTtl of 0', () => {
    const stack = testStack();
    const authorizer = new PhantomTokenAuthorizer(stack, 'Authorizer', { ...base(stack), senderConstrainedTokens: true, resultsCacheTtl: Duration.seconds(0) });
    restApiWith(authorizer.restAuthorizer, stack);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Authorizer', { AuthorizerResultTtlInSeconds: 0 });
    expect(authorizer.environment[AUTHORIZER_ENV.dpopAlgorithms]).toBeUndefined(); // the runtime's default applies
  });
});

describe('PhantomTokenGatewayResponses with dpopAlgorithms', () => {
  it('challenges with Bearer and DPoP algs on the 401', () => {
    const stack = testStack();
    const api = new apigateway.RestApi(stack, 'Api', { cloudWatchRole: false });
    api.root.addMethod('GET', new apigateway.MockIntegration());
    new PhantomTokenGatewayResponses(stack, 'Responses', { restApi: api, dpopAlgorithms: [JwtAlgorithm.ES256, JwtAlgorithm.PS256] });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      ResponseParameters: { 'gatewayresponse.header.WWW-Authenticate': '\'Bearer, DPoP algs="ES256 PS256"\'' },
    });
  });
});

describe('MutualTlsDomain', () => {
  function setUp(extra: Partial<ConstructorParameters<typeof MutualTlsDomain>[2]> = {}) {
    const stack = testStack();
    const api = new apigateway.RestApi(stack, 'Api', { cloudWatchRole: false });
    api.root.addMethod('GET', new apigateway.MockIntegration());
    const domain = new MutualTlsDomain(stack, 'Domain', {
      restApi: api,
      domainName: 'api.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc'),
      truststoreBucket: s3.Bucket.fromBucketName(stack, 'Trust', 'truststore-bucket'),
      truststoreKey: 'truststore.pem',
      basePath: 'v1',
      ...extra,
    });
    return { stack, domain };
  }

  it('serves the API on a mutual TLS domain and disables the execute-api endpoint', () => {
    const { stack, domain } = setUp();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'api.example.com',
      SecurityPolicy: 'TLS_1_2',
      EndpointConfiguration: { Types: ['REGIONAL'] },
      MutualTlsAuthentication: { TruststoreUri: 's3://truststore-bucket/truststore.pem' },
    });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true });
    template.hasResourceProperties('AWS::ApiGateway::BasePathMapping', { BasePath: 'v1', Stage: Match.anyValue() });
    expect(domain.publicBaseUrl).toBe('https://api.example.com/v1');
  });

  it('refuses an imported API (its execute-api endpoint cannot be disabled) and a bad domain name, naming the props', () => {
    const stack = testStack();
    const imported = apigateway.RestApi.fromRestApiId(stack, 'Imported', 'abc123');
    expect(
      () =>
        new MutualTlsDomain(stack, 'Domain', {
          restApi: imported,
          domainName: 'not a domain',
          certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc'),
          truststoreBucket: s3.Bucket.fromBucketName(stack, 'Trust', 'truststore-bucket'),
          truststoreKey: '',
        }),
    ).toThrow(/restApi: must be a RestApi defined in this app[\s\S]*domainName[\s\S]*truststoreKey/);
  });
});

describe('PhantomTokenGateway with senderConstrainedTokens behind a MutualTlsDomain', () => {
  it('no result cache, the DPoP challenge on 401, and only the mutual TLS domain serves the API (its URL the htu base)', () => {
    const stack = testStack();
    const gateway = new PhantomTokenGateway(stack, 'Gateway', {
      authorization: { issuer: 'https://login.example.com', clientId: 'gateway', clientCredentials: testCredentials(stack), senderConstrainedTokens: true },
      services: [{ name: 'Http', backend: ServiceBackend.fromHttpUrl('https://backend.example.com'), audience: 'aud', routes: ROUTES }],
      mutualTls: {
        domainName: 'api.example.com',
        certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc'),
        truststoreBucket: s3.Bucket.fromBucketName(stack, 'Trust', 'truststore-bucket'),
        truststoreKey: 'truststore.pem',
      },
    });
    expect(gateway.mutualTlsDomain?.publicBaseUrl).toBe('https://api.example.com');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', { AuthorizerResultTtlInSeconds: 0 });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      ResponseParameters: { 'gatewayresponse.header.WWW-Authenticate': '\'Bearer, DPoP algs="ES256 ES384 PS256 RS256 EdDSA"\'' },
    });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true });
    expect(gateway.authorizer.environment[AUTHORIZER_ENV.publicBaseUrl]).toBe('https://api.example.com');
  });
});

describe('PhantomTokenGateway: mutualTls and the sender-constraint props', () => {
  const domain = (stack: ReturnType<typeof testStack>) => ({
    domainName: 'api.example.com',
    certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc'),
    truststoreBucket: s3.Bucket.fromBucketName(stack, 'Trust', 'truststore-bucket'),
    truststoreKey: 'truststore.pem',
  });
  const services = [{ name: 'Http', backend: ServiceBackend.fromHttpUrl('https://backend.example.com'), audience: 'aud', routes: ROUTES }];
  const authorization = (stack: ReturnType<typeof testStack>) => ({ issuer: 'https://login.example.com', clientId: 'gateway', clientCredentials: testCredentials(stack) });

  it('reports every problem at once, before building anything: the authorization\'s under authorization., the domain\'s under mutualTls.', () => {
    const stack = testStack();
    const problems = problemsOf(
      () =>
        new PhantomTokenGateway(stack, 'Gateway', {
          authorization: { ...authorization(stack), clientId: '', senderConstrainedTokens: true, resultsCacheTtl: Duration.seconds(60), dpopAlgorithms: ['HS256' as never] },
          services,
          mutualTls: { ...domain(stack), domainName: 'not a domain', truststoreKey: ' ', basePath: '/v1/' },
        }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^mutualTls\.domainName: must be a DNS name/),
      expect.stringMatching(/^mutualTls\.truststoreKey: is required/),
      expect.stringMatching(/^mutualTls\.basePath: must be path segments/),
      'authorization.clientId: is required',
      expect.stringMatching(/^authorization\.dpopAlgorithms: "HS256" is not one of/),
      expect.stringMatching(/^authorization\.senderConstrainedTokens, resultsCacheTtl: conflict/),
    ]);
    expect(stack.node.tryFindChild('Gateway')?.node.children.map((child) => child.node.id)).toEqual([]);
  });

  it('refuses mutualTls with an imported existingRestApi (its execute-api endpoint cannot be disabled)', () => {
    const stack = testStack();
    expect(() => new PhantomTokenGateway(stack, 'Gateway', {
      authorization: authorization(stack),
      services,
      existingRestApi: apigateway.RestApi.fromRestApiId(stack, 'Imported', 'abc123'),
      mutualTls: domain(stack),
    })).toThrow(/existingRestApi, mutualTls: conflict: existingRestApi must be a RestApi defined in this app/);
  });

  it('takes mutualTls with an existingRestApi defined in this app, and disables that API\'s execute-api endpoint', () => {
    const stack = testStack();
    const existingRestApi = new apigateway.RestApi(stack, 'Api', { cloudWatchRole: false });
    const gateway = new PhantomTokenGateway(stack, 'Gateway', { authorization: authorization(stack), services, existingRestApi, mutualTls: domain(stack) });
    expect(gateway.mutualTlsDomain?.publicBaseUrl).toBe('https://api.example.com');
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'Api', DisableExecuteApiEndpoint: true });
  });

  it('mutualTls without senderConstrainedTokens: the domain alone serves the API, the 401 challenges with Bearer only', () => {
    const stack = testStack();
    const gateway = new PhantomTokenGateway(stack, 'Gateway', { authorization: authorization(stack), services, mutualTls: { ...domain(stack), basePath: 'v1' } });
    expect(gateway.mutualTlsDomain?.publicBaseUrl).toBe('https://api.example.com/v1');
    expect(gateway.url).toBe('https://api.example.com/v1/'); // the execute-api stage URL would name a disabled endpoint
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true });
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', { AuthorizerResultTtlInSeconds: 60 });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      ResponseParameters: { 'gatewayresponse.header.WWW-Authenticate': '\'Bearer\'' },
    });
    expect(gateway.authorizer.environment[AUTHORIZER_ENV.senderConstrained]).toBeUndefined();
    expect(gateway.authorizer.environment[AUTHORIZER_ENV.publicBaseUrl]).toBeUndefined();
  });

  it('an explicit publicBaseUrl wins over the domain\'s URL; the 401 names the configured DPoP algorithms', () => {
    const stack = testStack();
    const gateway = new PhantomTokenGateway(stack, 'Gateway', {
      authorization: { ...authorization(stack), senderConstrainedTokens: true, publicBaseUrl: 'https://edge.example.com/api', dpopAlgorithms: [JwtAlgorithm.EDDSA, JwtAlgorithm.ES256] },
      services,
      mutualTls: domain(stack),
    });
    expect(gateway.authorizer.environment[AUTHORIZER_ENV.publicBaseUrl]).toBe('https://edge.example.com/api');
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      ResponseParameters: { 'gatewayresponse.header.WWW-Authenticate': '\'Bearer, DPoP algs="EdDSA ES256"\'' },
    });
  });
});
