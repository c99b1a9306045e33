import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { authorizerConfigFromEnv, authorizerConfigToEnv } from '../../lambda/shared/config';
import { AUTHORIZER_ENV } from '../../lambda/shared/env-names';
import { ClientCredentials, HttpMethod, JwtAlgorithm, JwtExchange, LogLevel, PhantomTokenAuthorizer, RestAuthorizerType, RouteRule } from '../../lib';
import { TokenCacheTable } from '../../lib/token-cache-table';
import { constructRoutes, problemsOf, ROUTES, SECRET_ARN, testCredentials, testSecret, testStack } from './support';
import { CONFLICTING_ROUTES } from '../lambda/shared/route-tables';

function restApiWith(authorizer: apigateway.IAuthorizer, stack: ReturnType<typeof testStack>) {
  const api = new apigateway.RestApi(stack, 'Api', { cloudWatchRole: false });
  api.root.addResource('invoices').addMethod('GET', new apigateway.MockIntegration(), {
    authorizer,
    authorizationType: apigateway.AuthorizationType.CUSTOM,
  });
  return api;
}

describe('PhantomTokenAuthorizer with defaults (REST REQUEST)', () => {
  let template: Template;
  let authorizer: PhantomTokenAuthorizer;
  beforeAll(() => {
    const stack = testStack();
    const cache = new TokenCacheTable(stack, 'Cache');
    authorizer = new PhantomTokenAuthorizer(stack, 'Authorizer', {
      issuer: 'https://login.example.com',
      clientId: 'gateway',
      clientCredentials: testCredentials(stack),
      routes: ROUTES,
      cacheTable: cache.table,
    });
    restApiWith(authorizer.restAuthorizer, stack);
    template = Template.fromStack(stack);
  });

  test('the function: prebundled asset, Node.js 24 on arm64, 512 MB, 10 s, its own log group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 10,
      Code: { S3Bucket: Match.anyValue(), S3Key: Match.stringLikeRegexp('^[0-9a-f]{64}\\.zip$') },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^AuthorizerLogGroup') } },
    });
  });

  test('its environment is exactly authorizerConfigToEnv of the props, and the handler accepts it', () => {
    const env = authorizer.environment;
    expect(env).toEqual({
      ...authorizerConfigToEnv({ issuer: 'https://login.example.com', clientId: 'gateway', routes: ROUTES, exchangeMode: 'accept-jwt' }),
      PHANTOM_CLIENT_SECRET_ARN: SECRET_ARN,
      PHANTOM_CACHE_TABLE: expect.any(String),
    });
    const parsed = authorizerConfigFromEnv({ ...env, PHANTOM_CACHE_TABLE: 'cache' });
    expect(parsed.routes).toEqual(ROUTES);
    expect(parsed.clientSecretArn).toBe(SECRET_ARN);
    expect(parsed.clientSecret).toBeUndefined();
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PHANTOM_CLIENT_SECRET_ARN: SECRET_ARN, PHANTOM_CACHE_TABLE: { Ref: Match.stringLikeRegexp('^Cache') } }) },
    });
  });

  test('least privilege: its log group, GetItem/PutItem on its table, read on its secret, nothing else', () => {
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    const policies = template.findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([
      { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^AuthorizerLogGroup/), 'Arn'] } },
      { Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow', Resource: SECRET_ARN },
      { Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Cache/), 'Arn'] } },
    ]);
  });

  test('REQUEST authorizer keyed on the Authorization header, results cached 60 s', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 60,
    });
  });

  test('the secret is passed by ARN only: no PHANTOM_CLIENT_SECRET variable anywhere', () => {
    expect(JSON.stringify(template.toJSON())).not.toMatch(/PHANTOM_CLIENT_SECRET"/);
  });
});

describe('PhantomTokenAuthorizer options', () => {
  let template: Template;
  let httpAuthorizer: ReturnType<PhantomTokenAuthorizer['httpAuthorizer']>;
  let authorizer: PhantomTokenAuthorizer;
  beforeAll(() => {
    const stack = testStack();
    authorizer = new PhantomTokenAuthorizer(stack, 'Authorizer', {
      issuer: 'https://as.example.com/oauth',
      introspectionEndpoint: 'https://as.example.com/oauth/introspect',
      tokenEndpoint: 'https://as.example.com/oauth/token',
      jwksUri: 'https://as.example.com/oauth/jwks',
      exchange: JwtExchange.tokenExchange({ audience: 'https://api.example.com', scope: 'invoice_read' }),
      jwtAudience: 'https://api.example.com',
      clientId: 'gateway',
      clientCredentials: ClientCredentials.privateKeyJwt(testSecret(stack)),
      routes: ROUTES,
      cacheMaxTtl: Duration.minutes(10),
      honorNoStore: true,
      negativeCacheTtl: Duration.seconds(2),
      revocationPollInterval: Duration.millis(500),
      memoryCacheEntries: 500,
      asTimeout: Duration.millis(1500),
      allowedAlgorithms: [JwtAlgorithm.ES256],
      clockTolerance: Duration.seconds(5),
      logLevel: LogLevel.DEBUG,
      restAuthorizerType: RestAuthorizerType.TOKEN,
      resultsCacheTtl: Duration.seconds(0),
      memorySize: 1024,
      timeout: Duration.seconds(5),
      runtime: lambda.Runtime.NODEJS_22_X,
      logRetention: logs.RetentionDays.ONE_WEEK,
    });
    restApiWith(authorizer.restAuthorizer, stack);
    httpAuthorizer = authorizer.httpAuthorizer();
    const httpApi = new apigwv2.HttpApi(stack, 'HttpApi');
    httpApi.addRoutes({
      path: '/invoices',
      methods: [apigwv2.HttpMethod.GET],
      integration: new integrations.HttpUrlIntegration('Backend', 'https://backend.example.com/invoices'),
      authorizer: httpAuthorizer,
    });
    template = Template.fromStack(stack);
  });

  test('every AS and cache option reaches the environment under its shared name', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      MemorySize: 1024,
      Timeout: 5,
      Environment: {
        Variables: Match.objectLike({
          PHANTOM_ISSUER: 'https://as.example.com/oauth',
          PHANTOM_INTROSPECTION_ENDPOINT: 'https://as.example.com/oauth/introspect',
          PHANTOM_TOKEN_ENDPOINT: 'https://as.example.com/oauth/token',
          PHANTOM_JWKS_URI: 'https://as.example.com/oauth/jwks',
          PHANTOM_EXCHANGE_MODE: 'token-exchange',
          PHANTOM_EXCHANGE_AUDIENCE: 'https://api.example.com',
          PHANTOM_EXCHANGE_SCOPE: 'invoice_read',
          PHANTOM_JWT_AUDIENCE: 'https://api.example.com',
          PHANTOM_CLIENT_AUTH_METHOD: 'private_key_jwt',
          PHANTOM_CACHE_MAX_TTL_SECONDS: '600',
          PHANTOM_HONOR_NO_STORE: 'true',
          PHANTOM_NEGATIVE_CACHE_SECONDS: '2',
          PHANTOM_REVOCATION_POLL_INTERVAL_MS: '500',
          PHANTOM_MEMORY_CACHE_ENTRIES: '500',
          PHANTOM_AS_TIMEOUT_MS: '1500',
          PHANTOM_ALLOWED_ALGORITHMS: 'ES256',
          PHANTOM_CLOCK_TOLERANCE_SECONDS: '5',
          PHANTOM_LOG_LEVEL: 'debug',
        }),
      },
    });
    expect(authorizer.environment.PHANTOM_CACHE_TABLE).toBeUndefined();
  });

  test('logRetention sets the log group retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  test('no cache table: no DynamoDB permission at all', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements.flatMap((s) => s.Action)).not.toEqual(expect.arrayContaining([expect.stringMatching(/^dynamodb:/)]));
  });

  test('TOKEN authorizer on request, result cache off with 0', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 0,
    });
  });

  test('HTTP API authorizer: simple responses, cache keyed on the header and the route', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: '2.0',
      IdentitySource: ['$request.header.Authorization', '$context.routeKey'],
      AuthorizerResultTtlInSeconds: 0,
    });
    expect(authorizer.httpAuthorizer()).toBe(httpAuthorizer);
  });
});

describe('PhantomTokenAuthorizer revocationPollInterval', () => {
  const build = (revocationPollInterval?: Duration) => {
    const stack = testStack();
    const cache = new TokenCacheTable(stack, 'Cache');
    return new PhantomTokenAuthorizer(stack, 'Authorizer', {
      issuer: 'https://login.example.com',
      clientId: 'gateway',
      clientCredentials: testCredentials(stack),
      routes: ROUTES,
      cacheTable: cache.table,
      revocationPollInterval,
    });
  };

  test('unset, the handler polls at its default (2 s); 0 turns polling off; the value reaches the handler as read', () => {
    expect(build().environment.PHANTOM_REVOCATION_POLL_INTERVAL_MS).toBeUndefined();
    expect(authorizerConfigFromEnv({ ...build().environment, PHANTOM_CACHE_TABLE: 'cache' }).revocationPollIntervalMs).toBe(2000);
    const off = build(Duration.seconds(0));
    expect(off.environment.PHANTOM_REVOCATION_POLL_INTERVAL_MS).toBe('0');
    const template = Template.fromStack(Stack.of(build(Duration.seconds(5))));
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ PHANTOM_REVOCATION_POLL_INTERVAL_MS: '5000' }) } });
  });

  test('out of range or fractional milliseconds fails synth naming the prop', () => {
    expect(problemsOf(() => build(Duration.minutes(2)))).toEqual(['revocationPollInterval: must be between 0 and 60000 ms, got 120000']);
    expect(problemsOf(() => build(Duration.millis(0.5)))).toEqual(['revocationPollInterval: must be between 0 and 60000 ms, got 0.5']);
  });
});

describe('PhantomTokenAuthorizer result cache keys', () => {
  // `/a/{x}` (admin) covers `/a/1/b` (user) and `/c/{x}` (user) covers `/c/1/d` (admin): for a user token
  // no policy over the whole table is exact, so API Gateway must cache per route.
  const conflicting: RouteRule[] = constructRoutes(CONFLICTING_ROUTES);
  function authorizerTemplate(routes: RouteRule[], restAuthorizerType?: RestAuthorizerType) {
    const stack = testStack();
    const authorizer = new PhantomTokenAuthorizer(stack, 'Authorizer', { issuer: 'https://login.example.com', clientId: 'gateway', clientCredentials: testCredentials(stack), routes, restAuthorizerType });
    restApiWith(authorizer.restAuthorizer, stack);
    return { stack, authorizer, template: Template.fromStack(stack) };
  }

  test('a table no route-table policy can express adds $context.httpMethod and $context.resourcePath', () => {
    const { authorizer, template } = authorizerTemplate(conflicting);
    expect(authorizer.cachesPerRoute).toBe(true);
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.Authorization,context.httpMethod,context.resourcePath',
    });
    // The function is told, so each answer names its route alone.
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ PHANTOM_CACHES_PER_ROUTE: 'true' }) } });
  });

  test('the audit example (GET /invoices/{id} admin, GET /invoices/{id}/lines read) stays keyed on the header: its policies are exact', () => {
    const { authorizer, template } = authorizerTemplate([
      { method: HttpMethod.GET, path: '/invoices/{id}', scopes: { anyOf: ['invoice_admin'] } },
      { method: HttpMethod.GET, path: '/invoices/{id}/lines', scopes: { anyOf: ['invoice_read'] } },
    ]);
    expect(authorizer.cachesPerRoute).toBe(false);
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', { IdentitySource: 'method.request.header.Authorization' });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ PHANTOM_CACHES_PER_ROUTE: Match.absent() }) } });
  });

  test('a TOKEN authorizer cannot key per route: a warning says so', () => {
    const { stack, template } = authorizerTemplate(conflicting, RestAuthorizerType.TOKEN);
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'TOKEN', IdentitySource: 'method.request.header.Authorization' });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ PHANTOM_CACHES_PER_ROUTE: Match.absent() }) } });
    Annotations.fromStack(stack).hasWarning('/Test/Authorizer', Match.stringLikeRegexp('TOKEN authorizer caches per token only'));
  });
});

describe('PhantomTokenAuthorizer tells the function its result cache TTL', () => {
  test.each<[string, number, { resultsCacheTtl?: Duration; senderConstrainedTokens?: boolean }]>([
    ['an explicit TTL', 300, { resultsCacheTtl: Duration.seconds(300) }],
    ['the cache off', 0, { resultsCacheTtl: Duration.seconds(0) }],
    ['bound tokens accepted (the cache forced off)', 0, { senderConstrainedTokens: true }],
  ])('%s: the REST authorizer and the function get %i s', (_name, seconds, props) => {
    const stack = testStack();
    const authorizer = new PhantomTokenAuthorizer(stack, 'Authorizer', { issuer: 'https://login.example.com', clientId: 'gateway', clientCredentials: testCredentials(stack), routes: ROUTES, ...props });
    restApiWith(authorizer.restAuthorizer, stack);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', { AuthorizerResultTtlInSeconds: seconds });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ PHANTOM_GATEWAY_CACHE_TTL_SECONDS: String(seconds) }) } });
    expect(authorizerConfigFromEnv(authorizer.environment).gatewayCacheTtlSeconds).toBe(seconds);
  });

  test('the default TTL takes no variable: the function reads the same default', () => {
    const stack = testStack();
    const authorizer = new PhantomTokenAuthorizer(stack, 'Authorizer', { issuer: 'https://login.example.com', clientId: 'gateway', clientCredentials: testCredentials(stack), routes: ROUTES });
    restApiWith(authorizer.restAuthorizer, stack);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Authorizer', { AuthorizerResultTtlInSeconds: 60 });
    expect(authorizer.environment[AUTHORIZER_ENV.gatewayCacheTtlSeconds]).toBeUndefined();
    expect(authorizerConfigFromEnv(authorizer.environment).gatewayCacheTtlSeconds).toBe(60);
  });
});

describe('PhantomTokenAuthorizer jwt-in-json', () => {
  test('jwtField sets PHANTOM_JWT_FIELD', () => {
    const stack = testStack();
    new PhantomTokenAuthorizer(stack, 'Authorizer', {
      issuer: 'https://login.example.com',
      clientId: 'gateway',
      clientCredentials: testCredentials(stack),
      routes: ROUTES,
      exchange: JwtExchange.jwtInJson({ jwtField: 'phantom_jwt' }),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PHANTOM_EXCHANGE_MODE: 'jwt-in-json', PHANTOM_JWT_FIELD: 'phantom_jwt' }) },
    });
  });
});
