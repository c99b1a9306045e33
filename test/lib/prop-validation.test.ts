// Every validation message the constructs can raise, each by its own case, plus "all at once".
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import fc from 'fast-check';
import {
  ClientCredentials, GatewayWebAcl, HttpMethod, IPhantomTokenAuthorizer, JwtExchange, PhantomTokenAuthorizer, PhantomTokenAuthorizerProps,
  PhantomTokenAlarms, PhantomTokenDashboard, PhantomTokenGateway, PhantomTokenGatewayProps, PhantomTokenGatewayResponses, PhantomTokenMetrics,
  ProtectedService, ProtectedServiceProps, RouteRule, ServiceBackend, TokenCacheTable, TokenCacheTableProps,
} from '../../lib';
import { AUTHORIZATION_SERVER_KINDS, AUTHORIZER_KINDS, GATEWAY_KINDS, PROTECTED_SERVICE_KINDS } from '../../lib/construct-prop-kinds';
import { MutualTlsDomain, MutualTlsDomainProps } from '../../lib/mutual-tls-domain';
import { PhantomTokenPropsError } from '../../lib/prop-problems';
import { problemsOf, ROUTES, testCredentials, testSecret, testStack } from './support';

const CODE = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');
const BUILT = ServiceBackend.fromCode(CODE);

function buildAuthorizer(override: (stack: ReturnType<typeof testStack>) => Partial<PhantomTokenAuthorizerProps>): PhantomTokenAuthorizer {
  const stack = testStack();
  const props = { issuer: 'https://login.example.com', clientId: 'gateway', clientCredentials: testCredentials(stack), routes: ROUTES, ...override(stack) };
  return new PhantomTokenAuthorizer(stack, 'Authorizer', props as PhantomTokenAuthorizerProps);
}

function authorizerProblems(override: (stack: ReturnType<typeof testStack>) => Partial<PhantomTokenAuthorizerProps>): readonly string[] {
  return problemsOf(() => buildAuthorizer(override));
}

function buildService(override: Partial<ProtectedServiceProps>): ProtectedService {
  const stack = testStack();
  const restApi = new apigateway.RestApi(stack, 'Api', { cloudWatchRole: false });
  // Any IPhantomTokenAuthorizer: a plain REST authorizer with the routes it enforces.
  const restAuthorizer = new apigateway.TokenAuthorizer(stack, 'Authz', { handler: lambda.Function.fromFunctionName(stack, 'Fn', 'authz') });
  const authorizer: IPhantomTokenAuthorizer = Object.assign(restAuthorizer, { restAuthorizer, routes: ROUTES });
  const props = {
    restApi,
    authorizer,
    routes: ROUTES,
    backend: BUILT,
    validator: { issuer: 'https://login.example.com', audience: 'aud', jwksUri: 'https://login.example.com/jwks' },
    ...override,
  };
  return new ProtectedService(stack, 'Service', props as ProtectedServiceProps);
}

function serviceProblems(override: Partial<ProtectedServiceProps>): readonly string[] {
  return problemsOf(() => buildService(override));
}

function gatewayProblems(override: (stack: ReturnType<typeof testStack>) => Partial<PhantomTokenGatewayProps>): readonly string[] {
  const stack = testStack();
  const props = {
    authorization: { issuer: 'https://login.example.com', jwksUri: 'https://login.example.com/jwks', clientId: 'gateway', clientCredentials: testCredentials(stack) },
    services: [{ name: 'Invoices', backend: BUILT, audience: 'aud', routes: ROUTES }],
    ...override(stack),
  };
  return problemsOf(() => new PhantomTokenGateway(stack, 'Gateway', props as PhantomTokenGatewayProps));
}

const manyRoutes: RouteRule[] = Array.from({ length: 120 }, (_, index) => ({
  method: HttpMethod.GET,
  path: `/resource-number-${index}/{id}`,
  scopes: { anyOf: [`scope_family_${index}_*`] },
}));

describe('PhantomTokenAuthorizer prop validation', () => {
  const cases: Array<[string, (stack: ReturnType<typeof testStack>) => Partial<PhantomTokenAuthorizerProps>, string]> = [
    ['issuer missing', () => ({ issuer: '' }), 'issuer: is required'],
    ['http:// issuer outside local mode', () => ({ issuer: 'http://login.example.com' }), 'issuer: "http://login.example.com" must use https (http is allowed in local mode only)'],
    ['issuer not a URL', () => ({ issuer: 'login' }), 'issuer: "login" is not a URL'],
    ['introspectionEndpoint over http', () => ({ introspectionEndpoint: 'http://as/introspect' }), 'introspectionEndpoint: "http://as/introspect" must use https'],
    ['tokenEndpoint over http', () => ({ tokenEndpoint: 'http://as/token' }), 'tokenEndpoint: "http://as/token" must use https'],
    ['jwksUri over http', () => ({ jwksUri: 'http://as/jwks' }), 'jwksUri: "http://as/jwks" must use https'],
    // A JwtExchange carries only its own mode's settings, so no setting can be given to another mode.
    // A wrong-typed string is not echoed: it may be a secret given in the wrong place.
    ['exchange not made by JwtExchange', () => ({ exchange: 'magic' as never }), 'exchange: must be a JwtExchange (e.g. JwtExchange.acceptJwt()), got a string'],
    ['empty jwtField', () => ({ exchange: JwtExchange.jwtInJson({ jwtField: ' ' }) }), 'exchange.jwtField: must not be empty'],
    ['clientId empty', () => ({ clientId: ' ' }), 'clientId: is required'],
    ['no clientCredentials', () => ({ clientCredentials: undefined }), 'clientCredentials: is required (ClientCredentials.clientSecretBasic(secret) or ClientCredentials.privateKeyJwt(secret); never a plain string)'],
    ['clientCredentials holding no ISecret', () => ({ clientCredentials: ClientCredentials.privateKeyJwt('hunter2' as never) }), 'clientCredentials: needs an ISecret (e.g. secretsmanager.Secret.fromSecretNameV2), got a string'],
    ['cache cap above 3600 s', () => ({ cacheMaxTtl: Duration.hours(2) }), 'cacheMaxTtl: must be between 1 and 3600 seconds, got 7200'],
    ['negative cache above 60 s', () => ({ negativeCacheTtl: Duration.minutes(2) }), 'negativeCacheTtl: must be between 0 and 60 seconds, got 120'],
    ['memoryCacheEntries too many', () => ({ memoryCacheEntries: 200_000 }), 'memoryCacheEntries: must be a whole number between 0 and 100000, got 200000'],
    ['asTimeout too short', () => ({ asTimeout: Duration.millis(50) }), 'asTimeout: must be between 100 and 10000 ms, got 50'],
    ['clockTolerance too long', () => ({ clockTolerance: Duration.minutes(10) }), 'clockTolerance: must be between 0 and 300 seconds, got 600'],
    ['no algorithms', () => ({ allowedAlgorithms: [] }), 'allowedAlgorithms: must list at least one algorithm'],
    ['HMAC algorithm', () => ({ allowedAlgorithms: ['HS256' as never] }), 'allowedAlgorithms: "HS256" is not one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA (asymmetric only)'],
    ['unknown logLevel', () => ({ logLevel: 'loud' as never }), 'logLevel: must be one of debug, info, warn, error, got "loud"'],
    ['API Gateway cache above 3600 s', () => ({ resultsCacheTtl: Duration.hours(2) }), 'resultsCacheTtl: must be between 0 and 3600 seconds, got 7200'],
    ['memorySize out of range', () => ({ memorySize: 64 }), 'memorySize: must be a whole number between 128 and 10240, got 64'],
    ['timeout out of range', () => ({ timeout: Duration.minutes(20), asTimeout: Duration.seconds(1) }), 'timeout: must be between 1 and 10 seconds, got 1200'],
    // API Gateway waits 10 s at most for a Lambda authorizer's response (MAX_AUTHORIZER_TIMEOUT_SECONDS).
    ['timeout beyond what API Gateway waits for', () => ({ timeout: Duration.seconds(11), asTimeout: Duration.seconds(1) }), 'timeout: must be between 1 and 10 seconds, got 11'],
    ['asTimeout that leaves no room under the 10 s cap', () => ({ asTimeout: Duration.seconds(10) }), 'timeout: must exceed asTimeout (10000 ms)'],
    ['clientCredentials given as a string', () => ({ clientCredentials: 'hunter2' as never }), 'clientCredentials: must be made with ClientCredentials.clientSecretBasic(secret) or ClientCredentials.privateKeyJwt(secret), got a string'],
    ['timeout not above asTimeout', () => ({ timeout: Duration.seconds(2), asTimeout: Duration.seconds(3) }), 'timeout: must exceed asTimeout (3000 ms) so a slow AS yields 503, not a killed function'],
    ['old runtime', () => ({ runtime: lambda.Runtime.NODEJS_20_X }), 'runtime: must be a Node.js runtime, 22 or newer, got nodejs20.x'],
    ['non-Node runtime', () => ({ runtime: lambda.Runtime.PYTHON_3_13 }), 'runtime: must be a Node.js runtime, 22 or newer, got python3.13'],
    ['empty route list', () => ({ routes: [] }), 'routes: must list at least one route (routes are denied by default)'],
    ['route with no scope rule', () => ({ routes: [{ method: HttpMethod.GET, path: '/x' } as RouteRule] }), 'routes: route GET /x has no scope rule (routes are denied by default)'],
    ['route with an empty scope rule', () => ({ routes: [{ method: HttpMethod.GET, path: '/x', scopes: {} }] }), 'routes: route GET /x: needs at least one scope in anyOf or allOf'],
    ['route matching every scope', () => ({ routes: [{ method: HttpMethod.GET, path: '/x', scopes: { anyOf: ['*'] } }] }), 'routes: route GET /x: "*" matches every scope; name a family such as "invoice_*"'],
    ['route path without a slash', () => ({ routes: [{ method: HttpMethod.GET, path: 'x', scopes: { anyOf: ['a'] } }] }), 'routes: path "x" must start with "/"'],
    ['route with a bad method', () => ({ routes: [{ method: 'FETCH' as never, path: '/x', scopes: { anyOf: ['a'] } }] }), 'routes: method "FETCH" is not one of'],
    ['greedy segment not last', () => ({ routes: [{ method: HttpMethod.GET, path: '/{proxy+}/x', scopes: { anyOf: ['a'] } }] }), 'routes: path "/{proxy+}/x": {proxy+} must be the last segment'],
    ['duplicate route', () => ({ routes: [ROUTES[0], ROUTES[0]] }), 'routes: route GET /invoices is declared twice'],
    ['environment above 4 KB', () => ({ routes: manyRoutes }), "routes: the authorizer's environment would be"],
    // Each becomes whole seconds (an environment variable, the Lambda timeout, API Gateway's TTL); CDK's own
    // conversion would throw an error naming no prop, and for resultsCacheTtl only once restAuthorizer is read.
    ['fractional-second cacheMaxTtl', () => ({ cacheMaxTtl: Duration.millis(1500) }), 'cacheMaxTtl: must be a whole number of seconds, got 1.5 (Duration.millis(1500))'],
    ['fractional-second negativeCacheTtl', () => ({ negativeCacheTtl: Duration.millis(2500) }), 'negativeCacheTtl: must be a whole number of seconds, got 2.5 (Duration.millis(2500))'],
    ['fractional-second clockTolerance', () => ({ clockTolerance: Duration.millis(500) }), 'clockTolerance: must be a whole number of seconds, got 0.5 (Duration.millis(500))'],
    ['fractional-second resultsCacheTtl', () => ({ resultsCacheTtl: Duration.millis(1500) }), 'resultsCacheTtl: must be a whole number of seconds, got 1.5 (Duration.millis(1500))'],
    ['fractional-second timeout', () => ({ timeout: Duration.millis(5500) }), 'timeout: must be a whole number of seconds, got 5.5 (Duration.millis(5500))'],
  ];

  test.each(cases)('%s', (_name, override, expected) => {
    const problems = authorizerProblems(override);
    expect(problems).toEqual([expect.stringContaining(expected)]);
  });

  test('fractional-second Durations are refused by the constructor, all at once, as a PhantomTokenPropsError', () => {
    const stack = testStack();
    let error: unknown;
    try {
      new PhantomTokenAuthorizer(stack, 'Authorizer', {
        issuer: 'https://login.example.com',
        clientId: 'gateway',
        clientCredentials: testCredentials(stack),
        routes: ROUTES,
        cacheMaxTtl: Duration.millis(1500),
        negativeCacheTtl: Duration.millis(2500),
        clockTolerance: Duration.millis(500),
        resultsCacheTtl: Duration.millis(1500),
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PhantomTokenPropsError);
    expect((error as PhantomTokenPropsError).problems.map((problem) => problem.split(':')[0])).toEqual(['cacheMaxTtl', 'negativeCacheTtl', 'clockTolerance', 'resultsCacheTtl']);
  });

  test('the 4 KB message names the sizes and the limit', () => {
    const [problem] = authorizerProblems(() => ({ routes: manyRoutes }));
    expect(problem).toMatch(/would be \d+ bytes \(the routes take \d+\); Lambda allows 4096/);
  });

  test('every problem is reported at once, under the construct path', () => {
    const stack = testStack();
    let error: unknown;
    try {
      new PhantomTokenAuthorizer(stack, 'Authorizer', {
        issuer: 'http://as.example.com',
        clientId: 'gateway',
        clientCredentials: testCredentials(stack),
        routes: [],
        cacheMaxTtl: Duration.hours(2),
        resultsCacheTtl: Duration.hours(2),
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PhantomTokenPropsError);
    const propsError = error as PhantomTokenPropsError;
    expect(propsError.constructPath).toBe('Test/Authorizer');
    expect(propsError.problems.map((problem) => problem.split(':')[0])).toEqual(['issuer', 'cacheMaxTtl', 'resultsCacheTtl', 'routes']);
    expect(propsError.message).toMatch(/^Test\/Authorizer: invalid props:\n {2}- issuer: /);
  });
});

describe('ProtectedService prop validation', () => {
  const cases: Array<[string, Partial<ProtectedServiceProps>, string]> = [
    // A ServiceBackend is one backend with its own settings: two backends, or a vpcLink, handler or tracing
    // on the wrong one, cannot be written.
    ['no backend', { backend: undefined }, 'backend: is required: ServiceBackend.fromFunction(fn), ServiceBackend.fromCode(code) or ServiceBackend.fromHttpUrl(url)'],
    ['backend not made by ServiceBackend', { backend: { httpUrl: 'https://b.example.com' } as never }, 'backend: must be made with ServiceBackend.fromFunction, fromCode, fromHttpUrl, fromApplicationListener or fromNetworkListener'],
    ['http:// backend', { backend: ServiceBackend.fromHttpUrl('http://backend') }, 'backend.httpUrl: "http://backend" must use https'],
    ['no validator', { validator: undefined }, 'validator: is required (issuer and audience)'],
    ['validator issuer over http', { validator: { issuer: 'http://as', audience: 'a', jwksUri: 'https://as/jwks' } }, 'validator.issuer: "http://as" must use https'],
    ['built function without a JWKS URI', { validator: { issuer: 'https://as.example.com', audience: 'a' } }, 'validator.jwksUri: is required'],
    ['no audience', { validator: { issuer: 'https://as.example.com', audience: '', jwksUri: 'https://as/jwks' } }, 'validator.audience: is required'],
    ['HMAC for the validator', { validator: { issuer: 'https://as.example.com', audience: 'a', jwksUri: 'https://as/jwks', allowedAlgorithms: ['HS256' as never] } }, 'validator.allowedAlgorithms: "HS256" is not one of'],
    ['no validator algorithms', { validator: { issuer: 'https://as.example.com', audience: 'a', jwksUri: 'https://as/jwks', allowedAlgorithms: [] } }, 'validator.allowedAlgorithms: must list at least one algorithm'],
    ['no routes', { routes: [] }, 'routes: must list at least one route'],
  ];

  test.each(cases)('%s', (_name, override, expected) => {
    expect(serviceProblems(override)).toEqual([expect.stringContaining(expected)]);
  });
});

describe('PhantomTokenGateway prop validation', () => {
  const cases: Array<[string, (stack: ReturnType<typeof testStack>) => Partial<PhantomTokenGatewayProps>, string]> = [
    ['existingRestApi and restApiProps', (stack) => ({ existingRestApi: new apigateway.RestApi(stack, 'Api'), restApiProps: {} }), 'existingRestApi, restApiProps: conflict: give only one of existingRestApi, restApiProps'],
    ['existingRestApi and accessLogging', (stack) => ({ existingRestApi: new apigateway.RestApi(stack, 'Api'), accessLogging: false }), 'existingRestApi, accessLogging: conflict: accessLogging applies to a RestApi the gateway creates'],
    ['existingRestApi and throttling', (stack) => ({ existingRestApi: new apigateway.RestApi(stack, 'Api'), throttling: {} }), 'existingRestApi, throttling: conflict: throttling applies to a RestApi the gateway creates'],
    ['existingCacheTable and cacheTableProps', (stack) => ({ existingCacheTable: dynamodb.TableV2.fromTableName(stack, 'T', 't'), cacheTableProps: {} }), 'existingCacheTable, cacheTableProps: conflict'],
    ['data tracing', () => ({ restApiProps: { deployOptions: { dataTraceEnabled: true } } }), 'restApiProps.deployOptions.dataTraceEnabled: must stay false'],
    [
      'data tracing on one method',
      () => ({ restApiProps: { deployOptions: { methodOptions: { '/invoices/GET': { dataTraceEnabled: true } } } } }),
      'restApiProps.deployOptions.methodOptions["/invoices/GET"].dataTraceEnabled: must stay false: data tracing logs request headers, the opaque token among them',
    ],
    [
      'an access log format with the JWT',
      () => ({ restApiProps: { deployOptions: { accessLogFormat: apigateway.AccessLogFormat.custom('{"jwt":"$context.authorizer.jwt","auth":"$context.authorizer.authorization"}') } } }),
      'restApiProps.deployOptions.accessLogFormat: must not log a token: $context.authorizer.jwt, $context.authorizer.authorization would write',
    ],
    [
      'an access log format with the Authorization header',
      () => ({ restApiProps: { deployOptions: { accessLogFormat: apigateway.AccessLogFormat.custom("$context.requestId $input.params('Authorization')") } } }),
      "restApiProps.deployOptions.accessLogFormat: must not log a token: $input.params('Authorization') would write",
    ],
    [
      'an access log format with a request header override',
      () => ({ restApiProps: { deployOptions: { accessLogFormat: apigateway.AccessLogFormat.custom('$context.requestOverride.header.Authorization') } } }),
      'restApiProps.deployOptions.accessLogFormat: must not log a token: $context.requestOverride.header.Authorization would write',
    ],
    ['an invalid cache table name', () => ({ cacheTableProps: { tableName: 'bad name!' } }), 'cacheTableProps.tableName: must be 3 to 255 letters, digits, _ . or - (DynamoDB\'s rule), got "bad name!"'],
    [
      'a fractional-second authorization.cacheMaxTtl',
      (stack) => ({ authorization: { issuer: 'https://as.example.com', jwksUri: 'https://as.example.com/jwks', clientId: 'g', clientCredentials: testCredentials(stack), cacheMaxTtl: Duration.millis(1500) } }),
      'authorization.cacheMaxTtl: must be a whole number of seconds, got 1.5 (Duration.millis(1500))',
    ],
    ['throttling rate 0', () => ({ throttling: { rateLimit: 0 } }), 'throttling.rateLimit: must be a whole number between 1 and 1000000, got 0'],
    ['throttling burst 0.5', () => ({ throttling: { burstLimit: 0.5 } }), 'throttling.burstLimit: must be a whole number between 1 and 1000000, got 0.5'],
    ['WAF rate below 10', () => ({ webAcl: { rateLimitPer5Minutes: 5 } }), 'webAcl.rateLimitPer5Minutes: must be a whole number between 10 and 2000000000, got 5'],
    ['WAF group twice', () => ({ webAcl: { managedRuleGroups: ['A', 'A'] } }), 'webAcl.managedRuleGroups: lists a group twice'],
    ['WAF group with an empty name', () => ({ webAcl: { managedRuleGroups: [''] } }), 'webAcl.managedRuleGroups: "" is not an AWS managed rule group name'],
    ['imported existingRestApi and webAcl', (stack) => ({ existingRestApi: apigateway.RestApi.fromRestApiId(stack, 'Api', 'abc123'), webAcl: {} }), "existingRestApi, webAcl: conflict: the web ACL is associated with the API's deployment stage, and this RestApi has none"],
    ['existingRestApi and tracing', (stack) => ({ existingRestApi: new apigateway.RestApi(stack, 'Api'), tracing: true }), 'existingRestApi, tracing: conflict: tracing also switches the stage'],
    ['clientCredentials given as a string', () => ({ authorization: { issuer: 'https://as.example.com', jwksUri: 'https://as.example.com/jwks', clientId: 'g', clientCredentials: 'hunter2' as never } }), 'authorization.clientCredentials: must be made with ClientCredentials'],
    ['another tokenType with signed introspection', (stack) => ({
      authorization: { issuer: 'https://as.example.com', jwksUri: 'https://as.example.com/jwks', exchange: JwtExchange.signedIntrospection(), clientId: 'g', clientCredentials: testCredentials(stack) },
      services: [{ name: 'A', backend: BUILT, audience: 'a', routes: ROUTES, tokenType: 'at+jwt' }],
    }), 'services[0].tokenType: must be "token-introspection+jwt" (or unset) with JwtExchange.signedIntrospection()'],
    ['no authorization', () => ({ authorization: undefined }), 'authorization: is required (issuer, clientId, clientCredentials)'],
    ['authorization problems carry the prefix', (stack) => ({ authorization: { issuer: 'http://as', jwksUri: 'https://as/jwks', clientId: 'g', clientCredentials: testCredentials(stack) } }), 'authorization.issuer: "http://as" must use https'],
    ['no services', () => ({ services: [] }), 'services: must list at least one service'],
    ['built code without a JWKS URI', (stack) => ({ authorization: { issuer: 'https://as.example.com', clientId: 'g', clientCredentials: testCredentials(stack) } }), 'authorization.jwksUri: is required when a service runs on code the gateway builds'],
    ['service without a name', () => ({ services: [{ name: '', backend: BUILT, audience: 'a', routes: ROUTES }] }), 'services[0].name: is required'],
    ['service without an audience', () => ({ services: [{ name: 'A', backend: BUILT, audience: '', routes: ROUTES }] }), 'services[0].audience: is required'],
    ['service route without a scope rule', () => ({ services: [{ name: 'A', backend: BUILT, audience: 'a', routes: [{ method: HttpMethod.GET, path: '/x' } as RouteRule] }] }), 'services[0].routes: route GET /x has no scope rule'],
    ['service without a backend', () => ({ services: [{ name: 'A', audience: 'a', routes: ROUTES } as never] }), 'services[0].backend: is required'],
    ['environment above 4 KB across services', () => ({ services: [{ name: 'A', backend: BUILT, audience: 'a', routes: manyRoutes.slice(0, 60) }, { name: 'B', backend: BUILT, audience: 'a', routes: manyRoutes.slice(60) }] }), "services: the authorizer's environment would be"],
  ];

  test.each(cases)('%s', (_name, override, expected) => {
    expect(gatewayProblems(override)).toEqual([expect.stringContaining(expected)]);
  });

  test('a name used twice and a route claimed by two services', () => {
    const problems = gatewayProblems(() => ({
      services: [
        { name: 'A', backend: BUILT, audience: 'a', routes: ROUTES },
        { name: 'A', backend: ServiceBackend.fromHttpUrl('https://b.example.com'), audience: 'a', routes: [ROUTES[0]] },
      ],
    }));
    expect(problems).toEqual(['services[1].name: "A" is used twice', 'services: route GET /invoices is declared twice']);
  });

  test('one function used by two services', () => {
    const problems = gatewayProblems((stack) => {
      const shared = new lambda.Function(stack, 'Shared', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: CODE });
      return {
        services: [
          { name: 'A', backend: ServiceBackend.fromFunction(shared), audience: 'a', routes: [ROUTES[0]] },
          { name: 'B', backend: ServiceBackend.fromFunction(shared), audience: 'a', routes: [ROUTES[1]] },
        ],
      };
    });
    expect(problems).toEqual(['services[1].backend: its function is also the function of services[0]: give each service its own function']);
  });

  test('the props that used to fail without naming a prop are all reported at once', () => {
    const stack = testStack();
    const imported = apigateway.RestApi.fromRestApiId(stack, 'Api', 'abc123');
    const shared = new lambda.Function(stack, 'Shared', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: CODE });
    const problems = problemsOf(
      () =>
        new PhantomTokenGateway(stack, 'Gateway', {
          existingRestApi: imported,
          webAcl: { managedRuleGroups: ['AWSManagedRulesCommonRuleSet', ''] },
          tracing: true,
          authorization: { issuer: 'https://as.example.com', jwksUri: 'https://as.example.com/jwks', clientId: 'g', clientCredentials: 'hunter2' as never, timeout: Duration.seconds(30) },
          services: [
            { name: 'A', backend: ServiceBackend.fromFunction(shared), audience: 'a', routes: [ROUTES[0]] },
            { name: 'B', backend: ServiceBackend.fromFunction(shared), audience: 'a', routes: [ROUTES[1]] },
          ],
        }),
    );
    // A wrong type (the string for clientCredentials) is reported first, by `typed`, then the values.
    expect(problems.map((problem) => problem.split(': ')[0])).toEqual([
      'authorization.clientCredentials',
      'existingRestApi, tracing',
      'existingRestApi, webAcl',
      'webAcl.managedRuleGroups',
      'authorization.timeout',
      'services[1].backend',
    ]);
  });

  test('conflicts across the pattern are all reported at once, naming the gateway path', () => {
    const stack = testStack();
    const error = (() => {
      try {
        new PhantomTokenGateway(stack, 'Gateway', {
          existingCacheTable: dynamodb.TableV2.fromTableName(stack, 'T', 't'),
          cacheTableProps: {},
          authorization: { issuer: 'http://as', clientId: 'g', clientCredentials: testCredentials(stack), cacheMaxTtl: Duration.hours(5) },
          services: [{ name: 'A', audience: 'a', routes: [] } as never],
        });
      } catch (caught) {
        return caught as PhantomTokenPropsError;
      }
      throw new Error('expected a PhantomTokenPropsError');
    })();
    expect(error.constructPath).toBe('Test/Gateway');
    expect(error.problems).toHaveLength(5);
    expect(error.problems.map((problem) => problem.split(': ')[0])).toEqual([
      'existingCacheTable, cacheTableProps',
      'authorization.issuer',
      'authorization.cacheMaxTtl',
      'services[0].routes',
      'services[0].backend',
    ]);
  });
});

describe('ProtectedService against its PhantomTokenAuthorizer', () => {
  function serviceOn(authorizerRoutes: RouteRule[], serviceRoutes: RouteRule[]): readonly string[] {
    const stack = testStack();
    const restApi = new apigateway.RestApi(stack, 'Api', { cloudWatchRole: false });
    const authorizer = new PhantomTokenAuthorizer(stack, 'Authorizer', { issuer: 'https://as.example.com', clientId: 'g', clientCredentials: testCredentials(stack), routes: authorizerRoutes });
    const validator = { issuer: 'https://as.example.com', audience: 'a', jwksUri: 'https://as.example.com/jwks' };
    return problemsOf(() => new ProtectedService(stack, 'Service', { restApi, authorizer, routes: serviceRoutes, backend: BUILT, validator }));
  }

  test('names every route the authorizer lacks or rules differently, under routes', () => {
    const problems = serviceOn(
      [ROUTES[0], { method: HttpMethod.GET, path: '/invoices/{id}', scopes: { anyOf: ['invoice_admin'] } }],
      [...ROUTES, { method: HttpMethod.DELETE, path: '/invoices/{id}', scopes: { allOf: ['invoice_admin'] } }],
    );
    expect(problems).toEqual([
      "routes: route GET /invoices/{id} needs allOf [invoice_read] here but anyOf [invoice_admin] in the authorizer's routes, which is what the gateway enforces",
      "routes: route DELETE /invoices/{id} is not in the authorizer's routes: the authorizer would deny every request to it",
    ]);
  });

  test('accepts routes the authorizer knows with the same rule (patterns in another order)', () => {
    const stack = testStack();
    const restApi = new apigateway.RestApi(stack, 'Api', { cloudWatchRole: false });
    const routes: RouteRule[] = [{ method: HttpMethod.GET, path: '/x', scopes: { anyOf: ['a', 'b'] } }];
    const authorizer = new PhantomTokenAuthorizer(stack, 'Authorizer', { issuer: 'https://as.example.com', clientId: 'g', clientCredentials: testCredentials(stack), routes });
    const service = new ProtectedService(stack, 'Service', {
      restApi,
      authorizer,
      routes: [{ method: HttpMethod.GET, path: '/x', scopes: { anyOf: ['b', 'a'] } }],
      backend: BUILT,
      validator: { issuer: 'https://as.example.com', audience: 'a', jwksUri: 'https://as.example.com/jwks' },
    });
    expect(service.methods).toHaveLength(1);
  });

  test('one function used by two services is reported, naming function and the first service', () => {
    const stack = testStack();
    const restApi = new apigateway.RestApi(stack, 'Api', { cloudWatchRole: false });
    const authorizer = new PhantomTokenAuthorizer(stack, 'Authorizer', { issuer: 'https://as.example.com', clientId: 'g', clientCredentials: testCredentials(stack), routes: ROUTES });
    const shared = new lambda.Function(stack, 'Shared', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: CODE });
    const validator = { issuer: 'https://as.example.com', audience: 'a' };
    new ProtectedService(stack, 'First', { restApi, authorizer, routes: [ROUTES[0]], backend: ServiceBackend.fromFunction(shared), validator });
    expect(problemsOf(() => new ProtectedService(stack, 'Second', { restApi, authorizer, routes: [ROUTES[1]], backend: ServiceBackend.fromFunction(shared), validator }))).toEqual([
      'backend: its function is already the backend of Test/First: give each service its own function (one invoke permission, one validator audience)',
    ]);
  });
});

describe('GatewayWebAcl prop validation', () => {
  test('no stage and an empty group name: both named', () => {
    const stack = testStack();
    expect(problemsOf(() => new GatewayWebAcl(stack, 'Waf', { stage: undefined as never, managedRuleGroups: [''] }))).toEqual([
      'stage: is required: the deployment stage to protect (an imported RestApi has none; pass its stage)',
      'managedRuleGroups: "" is not an AWS managed rule group name (1 to 128 letters, digits, _ or -, e.g. AWSManagedRulesCommonRuleSet)',
    ]);
  });

  test('rate limit below WAF minimum', () => {
    const stack = testStack();
    const restApi = new apigateway.RestApi(stack, 'Api', { cloudWatchRole: false });
    restApi.root.addMethod('GET', new apigateway.MockIntegration());
    expect(problemsOf(() => new GatewayWebAcl(stack, 'Waf', { stage: restApi.deploymentStage, rateLimitPer5Minutes: 1 }))).toEqual([
      'rateLimitPer5Minutes: must be a whole number between 10 and 2000000000, got 1',
    ]);
  });
});

// A JavaScript caller is not held to the .d.ts: each wrong type is the named PhantomTokenPropsError a
// TypeScript caller gets for a wrong value, never a TypeError from inside (`value.isUnresolved is not a function`).
describe('wrong-typed props from JavaScript', () => {
  const js = <T>(value: unknown) => value as T;
  const DURATION = 'must be a Duration (e.g. Duration.seconds(30))';
  const EXCHANGE = 'must be a JwtExchange (e.g. JwtExchange.acceptJwt())';
  const CREDENTIALS = 'must be made with ClientCredentials.clientSecretBasic(secret) or ClientCredentials.privateKeyJwt(secret)';
  const BACKEND = 'must be made with ServiceBackend.fromFunction, fromCode, fromHttpUrl, fromApplicationListener or fromNetworkListener';
  const authorization = (stack: ReturnType<typeof testStack>) => ({
    issuer: 'https://a.example.com', jwksUri: 'https://a.example.com/jwks', clientId: 'g', clientCredentials: testCredentials(stack),
  });

  const authorizerCases: Array<[string, (stack: ReturnType<typeof testStack>) => Partial<PhantomTokenAuthorizerProps>, string]> = [
    ['a number for a Duration', () => ({ cacheMaxTtl: js(300) }), `cacheMaxTtl: ${DURATION}, got the number 300`],
    ['a string for a Duration', () => ({ asTimeout: js('2500') }), `asTimeout: ${DURATION}, got a string`],
    ['a number for the timeout Duration', () => ({ timeout: js(10) }), `timeout: ${DURATION}, got the number 10`],
    ['a string for a boolean', () => ({ honorNoStore: js('false') }), 'honorNoStore: must be true or false, got a string'],
    ['a string for a number', () => ({ memorySize: js('512') }), 'memorySize: must be a number, got a string'],
    ['a string for an array of strings', () => ({ allowedAlgorithms: js('RS256') }), 'allowedAlgorithms: must be an array of strings, got a string'],
    ['an object for the routes array', () => ({ routes: js({ method: 'GET' }) }), 'routes: must be an array of objects, got an object'],
    ['a string for a route entry', () => ({ routes: js(['GET /x']) }), 'routes[0]: must be an object, got a string'],
    ['a hole in the route list', () => ({ routes: js([undefined]) }), 'routes[0]: must be an object, got undefined'],
    ['a route without its path', () => ({ routes: js([{ method: 'GET', scopes: { anyOf: ['a'] } }]) }), 'routes[0].path: is required'],
    ['a string for a scope list', () => ({ routes: [{ method: HttpMethod.GET, path: '/x', scopes: { anyOf: js('invoice_*') } }] }), 'routes[0].scopes.anyOf: must be an array of strings, got a string'],
    ['a number for the issuer', () => ({ issuer: js(42) }), 'issuer: must be a string, got the number 42'],
    ['a number for an ISecret', () => ({ clientCredentials: ClientCredentials.clientSecretBasic(js(42)) }), "clientCredentials: needs an ISecret (e.g. secretsmanager.Secret.fromSecretNameV2), got number; never pass the secret's value"],
    ['null for a Duration', () => ({ clockTolerance: js(null) }), `clockTolerance: ${DURATION}, got null`],
    // Our own classes are checked with instanceof: a look-alike object would bypass the factories that keep a choice exclusive.
    ['a look-alike object for a JwtExchange', () => ({ exchange: js({ mode: 'jwt-in-json', jwtField: 'jwt' }) }), `exchange: ${EXCHANGE}, got an object`],
    ['a number for a JwtExchange setting', () => ({ exchange: JwtExchange.jwtInJson({ jwtField: js(5) }) }), 'exchange.jwtField: must be a string, got the number 5'],
    ['a string for a token exchange scope list', () => ({ exchange: JwtExchange.tokenExchange({ scope: js(['a', 'b']) }) }), 'exchange.scope: must be a string, got an array'],
    ['a look-alike object for ClientCredentials', (stack) => ({ clientCredentials: js({ method: 'client_secret_basic', secret: testSecret(stack) }) }), `clientCredentials: ${CREDENTIALS}, got an object; never pass the secret's value`],
    // Enums are their values at runtime.
    ['an unknown enum value', () => ({ restAuthorizerType: js('COGNITO') }), 'restAuthorizerType: must be one of REQUEST, TOKEN, got "COGNITO"'],
    ['a number for a string enum', () => ({ logLevel: js(1) }), 'logLevel: must be one of debug, info, warn, error, got the number 1'],
    ['a name for a numeric enum', () => ({ logRetention: js('ONE_MONTH') }), `logRetention: must be one of ${Object.values(logs.RetentionDays).filter((value) => typeof value === 'number').join(', ')}, got "ONE_MONTH"`],
    ['a string for the runtime', () => ({ runtime: js('nodejs22.x') }), 'runtime: must be a lambda.Runtime, got a string'],
    ['a table name for the cache table', () => ({ cacheTable: js('phantom-cache') }), 'cacheTable: must be an ITableV2, got a string'],
  ];
  test.each(authorizerCases)('PhantomTokenAuthorizer: %s', (_name, override, expected) => {
    expect(authorizerProblems(override)).toEqual([expected]);
  });

  const gatewayCases: Array<[string, (stack: ReturnType<typeof testStack>) => Partial<PhantomTokenGatewayProps>, string]> = [
    ['a number for a nested Duration', (stack) => ({ authorization: { ...authorization(stack), cacheMaxTtl: js(300) } }), `authorization.cacheMaxTtl: ${DURATION}, got the number 300`],
    ['a look-alike object for the nested JwtExchange', (stack) => ({ authorization: { ...authorization(stack), exchange: js({ mode: 'rfc9701' }) } }), `authorization.exchange: ${EXCHANGE}, got an object`],
    ['an object for the services array', () => ({ services: js({ name: 'A' }) }), 'services: must be an array of objects, got an object'],
    // The old API's `webAcl: true` (and a string) is named: the options are an object now, `{}` for the defaults.
    ['a string for an options object', () => ({ webAcl: js('yes') }), 'webAcl: must be an object, got a string'],
    ['true for an options object', () => ({ dashboard: js(true) }), 'dashboard: must be an object, got true'],
    ['a string for a nested number', () => ({ throttling: { rateLimit: js('100') } }), 'throttling.rateLimit: must be a number, got a string'],
    ['a number for an alarm Duration', () => ({ alarms: { asLatencyP99: js(2) } }), `alarms.asLatencyP99: ${DURATION}, got the number 2`],
    ['a string for a boolean', () => ({ accessLogging: js('false') }), 'accessLogging: must be true or false, got a string'],
    ['a string for a service route list', () => ({ services: [{ name: 'A', backend: BUILT, audience: 'aud', routes: js('GET /x') }] }), 'services[0].routes: must be an array of objects, got a string'],
    ['a look-alike object for a service backend', () => ({ services: [{ name: 'A', backend: js({ httpUrl: 'https://b.example.com' }), audience: 'aud', routes: ROUTES }] }), `services[0].backend: ${BACKEND}, got an object`],
    ['a string for a backend factory argument', () => ({ services: [{ name: 'A', backend: ServiceBackend.fromCode(js('exports.handler = 1')), audience: 'aud', routes: ROUTES }] }), 'services[0].backend.code: must be a lambda.Code, got a string'],
  ];
  test.each(gatewayCases)('PhantomTokenGateway: %s', (_name, override, expected) => {
    expect(gatewayProblems(override)).toEqual([expected]);
  });

  const serviceCases: Array<[string, Partial<ProtectedServiceProps>, string]> = [
    ['a string for the validator object', { validator: js('https://login.example.com') }, 'validator: must be an object, got a string'],
    ['a string for a backend boolean', { backend: ServiceBackend.fromCode(CODE, { tracing: js('true') }) }, 'backend.tracing: must be true or false, got a string'],
    ['a number for the backend URL', { backend: ServiceBackend.fromHttpUrl(js(42)) }, 'backend.httpUrl: must be a string, got the number 42'],
    ['a name for the backend function', { backend: ServiceBackend.fromFunction(js('my-function')) }, 'backend.function: must be an IFunction, got a string'],
    ['a factory called without its argument', { backend: ServiceBackend.fromFunction(js(undefined)) }, 'backend: has no function, code, URL or listener: give its factory one'],
    ['an id for the REST API', { restApi: js('abc123') }, 'restApi: must be an IRestApi, got a string'],
    ['a string for the authorizer', { authorizer: js('authz') }, 'authorizer: must be an object, got a string'],
  ];
  test.each(serviceCases)('ProtectedService: %s', (_name, override, expected) => {
    expect(serviceProblems(override)).toEqual([expected]);
  });

  test('TokenCacheTable: a string for a boolean, a number for the name, an unknown removal policy', () => {
    const problems = problemsOf(() => new TokenCacheTable(testStack(), 'Table', js<TokenCacheTableProps>({ pointInTimeRecovery: 'yes', tableName: 7, removalPolicy: 'delete' })));
    expect(problems).toEqual([
      `removalPolicy: must be one of ${Object.values(RemovalPolicy).join(', ')}, got "delete"`,
      'pointInTimeRecovery: must be true or false, got a string',
      'tableName: must be a string, got the number 7',
    ]);
  });

  test('GatewayWebAcl: a string for the rule group list', () => {
    const stack = testStack();
    const stage = new apigateway.RestApi(stack, 'Api', { cloudWatchRole: false }).deploymentStage;
    expect(problemsOf(() => new GatewayWebAcl(stack, 'Waf', { stage, managedRuleGroups: js('AWSManagedRulesCommonRuleSet') }))).toEqual([
      'managedRuleGroups: must be an array of strings, got a string',
    ]);
  });

  test('PhantomTokenAlarms and PhantomTokenDashboard: the metrics and the alarms by kind', () => {
    const stack = testStack();
    expect(problemsOf(() => new PhantomTokenAlarms(stack, 'Alarms', js({ metrics: 'authorizer', asErrorRatePercent: '5' })))).toEqual([
      'asErrorRatePercent: must be a number, got a string',
      'metrics: must be a PhantomTokenMetrics (e.g. authorizer.metrics), got a string',
    ]);
    expect(problemsOf(() => new PhantomTokenAlarms(stack, 'NoMetrics', js({})))).toEqual(['metrics: is required']);
    const metrics = new PhantomTokenMetrics('authorizer');
    expect(problemsOf(() => new PhantomTokenDashboard(stack, 'Dashboard', { metrics, alarms: js(['AsErrorRate']) }))).toEqual(['alarms[0]: must be an IAlarm, got a string']);
  });

  test('PhantomTokenGatewayResponses: the REST API is required', () => {
    expect(problemsOf(() => new PhantomTokenGatewayResponses(testStack(), 'Responses', js({ dpopAlgorithms: 'ES256' })))).toEqual([
      'restApi: is required',
      'dpopAlgorithms: must be an array of strings, got a string',
    ]);
  });

  test('MutualTlsDomain: a number for the truststore key, no bucket', () => {
    const stack = testStack();
    const restApi = new apigateway.RestApi(stack, 'Api', { cloudWatchRole: false });
    restApi.root.addMethod('GET', new apigateway.MockIntegration());
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc');
    const props = js<MutualTlsDomainProps>({ restApi, certificate, domainName: 'api.example.com', truststoreKey: 7 });
    expect(problemsOf(() => new MutualTlsDomain(stack, 'Domain', props))).toEqual([
      'truststoreBucket: is required',
      'truststoreKey: must be a string, got the number 7',
    ]);
    const bucket = s3.Bucket.fromBucketName(stack, 'Truststore', 'truststore');
    expect(problemsOf(() => new MutualTlsDomain(stack, 'Other', js({ ...props, truststoreBucket: bucket, restApi: 'abc123' })))).toEqual([
      'truststoreKey: must be a string, got the number 7',
      'restApi: must be an IRestApi, got a string',
    ]);
  });

  test('a wrong type is refused by name even beside other problems, and reported once', () => {
    expect(authorizerProblems(() => ({ cacheMaxTtl: js('5m'), memorySize: 64 }))).toEqual([
      `cacheMaxTtl: ${DURATION}, got a string`,
      'memorySize: must be a whole number between 128 and 10240, got 64',
    ]);
  });

  test('property: whatever JavaScript value any authorizer, gateway or service prop holds, the error is a PhantomTokenPropsError', () => {
    const authorizerProps = Object.keys(AUTHORIZER_KINDS);
    const gatewayProps = [...Object.keys(GATEWAY_KINDS), ...Object.keys(AUTHORIZATION_SERVER_KINDS).map((prop) => `authorization.${prop}`)];
    const thrown = (build: () => unknown) => {
      try {
        build();
        return undefined;
      } catch (error) {
        return error;
      }
    };
    const isPropsError = (error: unknown) => error === undefined || error instanceof PhantomTokenPropsError;
    fc.assert(
      fc.property(fc.constantFrom(...authorizerProps), fc.anything(), (prop, value) => {
        const stack = testStack();
        const props = { ...authorization(stack), routes: ROUTES, [prop]: value };
        expect(isPropsError(thrown(() => new PhantomTokenAuthorizer(stack, 'Authorizer', props as PhantomTokenAuthorizerProps)))).toBe(true);
      }),
      { numRuns: 150 },
    );
    // Route tables are read entry by entry: entries with any mix of missing and wrong-typed fields.
    const routeEntry = fc.dictionary(fc.constantFrom('method', 'path', 'scopes'), fc.oneof(fc.anything(), fc.constant('/x'), fc.constant({ anyOf: 'a' })));
    fc.assert(
      fc.property(fc.array(routeEntry, { maxLength: 3 }), (routes) => {
        const stack = testStack();
        expect(isPropsError(thrown(() => new PhantomTokenAuthorizer(stack, 'Authorizer', { ...authorization(stack), routes: routes as never })))).toBe(true);
      }),
      { numRuns: 150 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...gatewayProps), fc.anything(), (path, value) => {
        const [head, nested] = path.split('.');
        const stack = testStack();
        const props = {
          authorization: { ...authorization(stack), ...(nested === undefined ? {} : { [nested]: value }) },
          services: [{ name: 'Invoices', backend: BUILT, audience: 'aud', routes: ROUTES }],
          ...(nested === undefined ? { [head]: value } : {}),
        };
        expect(isPropsError(thrown(() => new PhantomTokenGateway(stack, 'Gateway', props as PhantomTokenGatewayProps)))).toBe(true);
      }),
      { numRuns: 150 },
    );
    // The factories' arguments, which a JavaScript caller can get wrong too.
    const backends = [ServiceBackend.fromFunction, ServiceBackend.fromCode, ServiceBackend.fromHttpUrl];
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(PROTECTED_SERVICE_KINDS)), fc.anything(), fc.nat(2), fc.anything(), (prop, value, factory, argument) => {
        const backend = backends[factory](argument as never, argument as never);
        expect(isPropsError(thrown(() => buildService({ backend })))).toBe(true);
        expect(isPropsError(thrown(() => buildService({ [prop]: value })))).toBe(true);
      }),
      { numRuns: 100 },
    );
    const exchanges = [JwtExchange.jwtInJson, JwtExchange.tokenExchange];
    const credentials = [ClientCredentials.clientSecretBasic, ClientCredentials.privateKeyJwt];
    fc.assert(
      fc.property(fc.nat(1), fc.anything(), fc.anything(), (factory, options, secret) => {
        const exchange = exchanges[factory](options as never);
        const clientCredentials = credentials[factory](secret as never);
        expect(isPropsError(thrown(() => buildAuthorizer(() => ({ exchange }))))).toBe(true);
        expect(isPropsError(thrown(() => buildAuthorizer(() => ({ clientCredentials }))))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
