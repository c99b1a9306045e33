// Every validation message the constructs can raise, each by its own case, plus "all at once".
import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  ClientCredentials, GatewayWebAcl, HttpMethod, IPhantomTokenAuthorizer, JwtExchange, PhantomTokenAuthorizer, PhantomTokenAuthorizerProps,
  PhantomTokenGateway, PhantomTokenGatewayProps, ProtectedService, ProtectedServiceProps, RouteRule, ServiceBackend,
} from '../../lib';
import { PhantomTokenPropsError } from '../../lib/prop-problems';
import { problemsOf, ROUTES, testCredentials, testStack } from './support';

const CODE = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');
const BUILT = ServiceBackend.fromCode(CODE);

function authorizerProblems(override: (stack: ReturnType<typeof testStack>) => Partial<PhantomTokenAuthorizerProps>): readonly string[] {
  const stack = testStack();
  const props = { issuer: 'https://login.example.com', clientId: 'gateway', clientCredentials: testCredentials(stack), routes: ROUTES, ...override(stack) };
  return problemsOf(() => new PhantomTokenAuthorizer(stack, 'Authorizer', props as PhantomTokenAuthorizerProps));
}

function serviceProblems(override: Partial<ProtectedServiceProps>): readonly string[] {
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
  return problemsOf(() => new ProtectedService(stack, 'Service', props as ProtectedServiceProps));
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
    ['exchange not made by JwtExchange', () => ({ exchange: 'magic' as never }), 'exchange: must be a JwtExchange (e.g. JwtExchange.acceptJwt()), got "magic"'],
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
    ['backend not made by ServiceBackend', { backend: { httpUrl: 'https://b.example.com' } as never }, 'backend: must be made with ServiceBackend.fromFunction, fromCode or fromHttpUrl'],
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
    expect(problems.map((problem) => problem.split(': ')[0])).toEqual([
      'existingRestApi, tracing',
      'existingRestApi, webAcl',
      'webAcl.managedRuleGroups',
      'authorization.clientCredentials',
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
