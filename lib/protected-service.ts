// One API behind the gateway: its routes (each behind the phantom token authorizer), its backend (a
// Lambda function or an HTTP endpoint) and the validator configuration it checks the JWT with.
import { Annotations, Aws, Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { JwtAlgorithm, SUPPORTED_ALGORITHMS, validatorConfigToEnv } from '../lambda/shared/config';
import { AUTHORIZER_CONTEXT } from '../lambda/shared/env-names';
import { pathSegments, RouteRule } from '../lambda/shared/routes';
import { ScopeRule } from '../lambda/shared/scope-rules';
import { DEFAULT_NODEJS_RUNTIME, PhantomTokenAuthorizer } from './phantom-token-authorizer';
import { PropProblems } from './prop-problems';
import { endpointProblems, PROTECTED_SERVICE_KINDS, routeProblems } from './shared-checks';

/** How the service checks the phantom JWT: written into its function's environment. */
export interface ServiceValidatorOptions {
  /** The AS issuer the JWT must come from. */
  readonly issuer: string;
  /** The audience this API requires in `aud`. */
  readonly audience: string;
  /**
   * The AS's JWKS. Required with `code` (the built function reads its keys from it).
   * @default - none: the service's code must supply a static JWKS
   */
  readonly jwksUri?: string;
  /**
   * Accepted signature algorithms.
   * @default - the validator's default: RS256, ES256, PS256, EdDSA
   */
  readonly allowedAlgorithms?: JwtAlgorithm[];
  /**
   * Required JOSE `typ` header, e.g. `at+jwt` or `token-introspection+jwt`.
   * @default - not checked
   */
  readonly tokenType?: string;
}

/** Where the service's requests go; give exactly one of `function`, `code`, `httpUrl`. */
export interface ProtectedServiceBackendOptions {
  /**
   * An existing function. If it is a `lambda.Function` of this app, the validator variables are added
   * to it; otherwise set `validatorEnvironment` on it yourself.
   * @default - none
   */
  readonly function?: lambda.IFunction;
  /**
   * Code for a function the construct builds (Node.js 24, arm64, `index.handler`, validator env set).
   * @default - none
   */
  readonly code?: lambda.Code;
  /**
   * Handler of the built function.
   * @default 'index.handler'
   */
  readonly handler?: string;
  /**
   * Base URL of an HTTP backend (https); the route's path is appended. The gateway maps the JWT into the
   * integration request's `Authorization: Bearer` header, replacing the client's opaque token.
   * @default - none
   */
  readonly httpUrl?: string;
  /**
   * VPC link to reach `httpUrl` privately (an NLB).
   * @default - the public internet
   */
  readonly vpcLink?: apigateway.IVpcLink;
  /**
   * AWS X-Ray active tracing on the function the construct builds from `code` (a `function` you pass
   * keeps its own setting). The gateway passes its own `tracing` down.
   * @default false
   */
  readonly tracing?: boolean;
}

export interface ProtectedServiceProps extends ProtectedServiceBackendOptions {
  /** The REST API the routes are added to. */
  readonly restApi: apigateway.IRestApi;
  /**
   * The phantom token authorizer. Pass the `PhantomTokenAuthorizer` itself: its `restAuthorizer` is used
   * and every route of `routes` is checked against the authorizer's table at synth (present, with the
   * same scope rule). A plain `IAuthorizer` (e.g. `authorizer.restAuthorizer`) is not checked: the scope
   * rules enforced are then the authorizer's, whatever `routes` says.
   */
  readonly authorizer: PhantomTokenAuthorizer | apigateway.IAuthorizer;
  /** The service's routes and their coarse scope rules (the authorizer must know the same routes). */
  readonly routes: RouteRule[];
  /** The validator's configuration. */
  readonly validator: ServiceValidatorOptions;
}

/** Reports problems with a service's props; used by the service and, ahead of time, by the gateway. */
export function protectedServiceProblems(problems: PropProblems, props: Omit<ProtectedServiceProps, 'restApi' | 'authorizer'>): void {
  problems.addAll('routes', routeProblems(props.routes));
  if (props.tracing && props.code === undefined) problems.add('tracing', 'applies to a function built from code only (set tracing on your own function)');
  const backends = { function: props.function, code: props.code, httpUrl: props.httpUrl };
  const given = Object.values(backends).filter((value) => value !== undefined).length;
  if (given === 0) problems.add('function, code, httpUrl', 'give one backend: an existing function, code to build one, or an HTTP URL');
  problems.exclusive(backends);
  if (props.httpUrl !== undefined) problems.addAll('httpUrl', endpointProblems(props.httpUrl, true));
  if (props.vpcLink && props.httpUrl === undefined) problems.add('vpcLink', 'applies to an httpUrl backend only');
  if (props.handler !== undefined && props.code === undefined) problems.add('handler', 'applies to code only');
  const validator = props.validator;
  if (!validator) {
    problems.add('validator', 'is required (issuer and audience)');
    return;
  }
  problems.addAll('validator.issuer', endpointProblems(validator.issuer, true));
  // The validator has no discovery: a function the construct builds reads its keys from this URI.
  problems.addAll('validator.jwksUri', endpointProblems(validator.jwksUri, props.code !== undefined));
  if (!validator.audience?.trim()) problems.add('validator.audience', 'is required');
  for (const alg of validator.allowedAlgorithms ?? []) {
    if (!(SUPPORTED_ALGORITHMS as readonly string[]).includes(alg)) problems.add('validator.allowedAlgorithms', `"${alg}" is not one of ${SUPPORTED_ALGORITHMS.join(', ')}`);
  }
  if (validator.allowedAlgorithms?.length === 0) problems.add('validator.allowedAlgorithms', 'must list at least one algorithm');
}

/**
 * One API behind the phantom token gateway. With a Lambda backend, the function gets the validator
 * configuration and one invoke permission limited to this REST API. With an HTTP backend, the gateway
 * sends the JWT as `Authorization: Bearer <jwt>` so the opaque token never reaches it.
 */
export class ProtectedService extends Construct {
  /** The service's function, if it has one. */
  public readonly function?: lambda.IFunction;
  /** The validator variables (issuer, audience, JWKS URI, algorithms, typ) for the service's function. */
  public readonly validatorEnvironment: Readonly<Record<string, string>>;
  /** The methods added to the REST API, one per route. */
  public readonly methods: apigateway.Method[] = [];
  /** The routes this service serves. */
  public readonly routes: readonly RouteRule[];

  constructor(scope: Construct, id: string, props: ProtectedServiceProps) {
    super(scope, id);
    const problems = new PropProblems(this);
    protectedServiceProblems(problems, problems.typed(props, PROTECTED_SERVICE_KINDS));
    if (props.authorizer instanceof PhantomTokenAuthorizer && problems.count === 0) {
      problems.addAll('routes', authorizerRouteMismatches(props.routes, props.authorizer.routes));
    }
    const usedBy = props.function && servicesByFunction.get(props.function);
    if (usedBy) problems.add('function', `is already the backend of ${usedBy}: give each service its own function (one invoke permission, one validator audience)`);
    problems.throwIfAny();
    if (props.function) servicesByFunction.set(props.function, this.node.path);
    const authorizer = props.authorizer instanceof PhantomTokenAuthorizer ? props.authorizer.restAuthorizer : props.authorizer;

    this.routes = props.routes;
    this.validatorEnvironment = validatorConfigToEnv({
      issuer: props.validator.issuer,
      audience: props.validator.audience,
      jwksUri: props.validator.jwksUri,
      allowedAlgorithms: props.validator.allowedAlgorithms,
      tokenType: props.validator.tokenType,
    });

    let integrationFor: (route: RouteRule) => { integration: apigateway.Integration; requestParameters?: Record<string, boolean> };
    if (props.httpUrl !== undefined) {
      integrationFor = (route) => httpIntegration(props.httpUrl!, route, props.vpcLink);
    } else {
      const fn = props.function ?? this.buildFunction(props.code!, props.handler, props.tracing);
      this.function = fn;
      this.applyValidatorEnvironment(fn);
      // One permission for the whole API (any stage, method and path of it), not one per method.
      fn.addPermission('InvokeFromApi', {
        principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
        sourceArn: props.restApi.arnForExecuteApi('*', '/*', '*'),
      });
      const integration = new apigateway.Integration({
        type: apigateway.IntegrationType.AWS_PROXY,
        integrationHttpMethod: 'POST',
        uri: `arn:${Aws.PARTITION}:apigateway:${Aws.REGION}:lambda:path/2015-03-31/functions/${fn.functionArn}/invocations`,
      });
      integrationFor = () => ({ integration });
    }

    for (const route of props.routes) {
      const { integration, requestParameters } = integrationFor(route);
      const resource = props.restApi.root.resourceForPath(route.path);
      this.methods.push(
        resource.addMethod(route.method, integration, {
          authorizer,
          authorizationType: apigateway.AuthorizationType.CUSTOM,
          requestParameters,
        }),
      );
    }
  }

  private buildFunction(code: lambda.Code, handler = 'index.handler', tracing?: boolean): lambda.Function {
    const logGroup = new logs.LogGroup(this, 'LogGroup', { retention: logs.RetentionDays.ONE_MONTH });
    const role = new iam.Role(this, 'ServiceRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    return new lambda.Function(this, 'Function', {
      runtime: DEFAULT_NODEJS_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      handler,
      code,
      role,
      logGroup,
      memorySize: 256,
      timeout: Duration.seconds(10),
      environment: { ...this.validatorEnvironment },
      tracing: tracing ? lambda.Tracing.ACTIVE : undefined,
    });
  }

  private applyValidatorEnvironment(fn: lambda.IFunction): void {
    if (!(fn instanceof lambda.Function)) {
      Annotations.of(this).addWarningV2(
        'cdk-phantom-token:validatorEnvironment',
        'function is not a lambda.Function of this app: set ProtectedService.validatorEnvironment on it yourself',
      );
      return;
    }
    for (const [name, value] of Object.entries(this.validatorEnvironment)) fn.addEnvironment(name, value);
  }
}

/** Which ProtectedService already uses a function: a second one would clash on its invoke permission. */
const servicesByFunction = new WeakMap<lambda.IFunction, string>();

/** Each service route the authorizer does not know, or knows with another scope rule. */
export function authorizerRouteMismatches(serviceRoutes: readonly RouteRule[], authorizerRoutes: readonly RouteRule[]): string[] {
  const rule = (scopes: ScopeRule) => JSON.stringify([[...(scopes.anyOf ?? [])].sort(), [...(scopes.allOf ?? [])].sort()]);
  const show = (scopes: ScopeRule) => `${scopes.allOf?.length ? `allOf [${scopes.allOf.join(', ')}]` : ''}${scopes.allOf?.length && scopes.anyOf?.length ? ' + ' : ''}${scopes.anyOf?.length ? `anyOf [${scopes.anyOf.join(', ')}]` : ''}`;
  return serviceRoutes.flatMap((route) => {
    const known = authorizerRoutes.find((candidate) => candidate.method === route.method && candidate.path === route.path);
    if (!known) return [`route ${route.method} ${route.path} is not in the authorizer's routes: the authorizer would deny every request to it`];
    if (rule(known.scopes) !== rule(route.scopes)) {
      return [`route ${route.method} ${route.path} needs ${show(route.scopes)} here but ${show(known.scopes)} in the authorizer's routes, which is what the gateway enforces`];
    }
    return [];
  });
}

/** HTTP proxy to `<baseUrl><path>`, path parameters passed through, the JWT as the Authorization header. */
function httpIntegration(baseUrl: string, route: RouteRule, vpcLink?: apigateway.IVpcLink) {
  const names = pathSegments(route.path)
    .filter((segment) => segment.startsWith('{'))
    .map((segment) => segment.slice(1, -1).replace(/\+$/, ''));
  const requestParameters: Record<string, boolean> = {};
  const integrationParameters: Record<string, string> = {
    'integration.request.header.Authorization': `context.authorizer.${AUTHORIZER_CONTEXT.authorization}`,
  };
  for (const name of names) {
    requestParameters[`method.request.path.${name}`] = true;
    integrationParameters[`integration.request.path.${name}`] = `method.request.path.${name}`;
  }
  const integration = new apigateway.HttpIntegration(`${baseUrl.replace(/\/+$/, '')}${route.path.replace(/\{(\w+)\+\}/, '{$1}')}`, {
    httpMethod: route.method,
    proxy: true,
    options: {
      requestParameters: integrationParameters,
      ...(vpcLink ? { connectionType: apigateway.ConnectionType.VPC_LINK, vpcLink } : {}),
    },
  });
  return { integration, requestParameters };
}
