// One API behind the gateway: its routes (each behind the phantom token authorizer), its backend (a
// Lambda function or an HTTP endpoint) and the validator configuration it checks the JWT with.
import { Aws } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { PROTECTED_SERVICE_KINDS } from './construct-prop-kinds';
import type { IPhantomTokenAuthorizer } from './phantom-token-authorizer';
import { PropProblems } from './prop-problems';
import type { RouteRule } from './route-rule';
import { httpIntegration, type RouteIntegration } from './service/http-integration';
import { ServiceBackend } from './service/service-backend';
import { serviceFunction, validatorEnvironmentOf } from './service/service-function';
import { authorizerRouteMismatches, protectedServiceProblems, restBackendProblems } from './service/service-problems';
import type { ServiceValidatorOptions } from './service/service-validator-options';

export interface ProtectedServiceProps {
  /** The REST API the routes are added to. */
  readonly restApi: apigateway.IRestApi;
  /**
   * The phantom token authorizer: its `restAuthorizer` is attached to every method, and every route of
   * `routes` is checked against its `routes` at synth (present, with the same scope rule).
   */
  readonly authorizer: IPhantomTokenAuthorizer;
  /** The service's routes and their coarse scope rules (the authorizer must know the same routes). */
  readonly routes: RouteRule[];
  /** Where the requests go: `ServiceBackend.fromFunction(fn)`, `.fromCode(code)` or `.fromHttpUrl(url)`. */
  readonly backend: ServiceBackend;
  /** The validator's configuration. */
  readonly validator: ServiceValidatorOptions;
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
  public readonly validatorEnvironment: { [name: string]: string };
  /** The methods added to the REST API, one per route. */
  public readonly methods: apigateway.Method[] = [];
  /** The routes this service serves. */
  public readonly routes: RouteRule[];

  constructor(scope: Construct, id: string, props: ProtectedServiceProps) {
    super(scope, id);
    const problems = new PropProblems(this);
    if (!props.validator) problems.add('validator', 'is required (issuer and audience)');
    protectedServiceProblems(problems, problems.typed(props, PROTECTED_SERVICE_KINDS));
    if (props.backend instanceof ServiceBackend) restBackendProblems(problems, props.backend);
    if (!Array.isArray(props.authorizer?.routes) || !props.authorizer.restAuthorizer) {
      problems.add('authorizer', 'must be an IPhantomTokenAuthorizer (the PhantomTokenAuthorizer itself, not its restAuthorizer): its routes are checked against the service\'s');
    } else if (problems.count === 0) {
      problems.addAll('routes', authorizerRouteMismatches(props.routes, props.authorizer.routes));
    }
    const usedBy = props.backend?.function && this.serviceUsing(props.backend.function);
    if (usedBy) problems.add('backend', `its function is already the backend of ${usedBy.node.path}: give each service its own function (one invoke permission, one validator audience)`);
    problems.throwIfAny();

    this.routes = [...props.routes];
    this.validatorEnvironment = validatorEnvironmentOf(props.validator);

    const backend = props.backend;
    let integrationFor: (route: RouteRule) => RouteIntegration;
    if (backend.httpUrl !== undefined) {
      integrationFor = (route) => httpIntegration(backend.httpUrl!, route, backend.vpcLink);
    } else {
      const fn = serviceFunction(this, backend, this.validatorEnvironment);
      this.function = fn;
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

    const authorizer = props.authorizer.restAuthorizer;
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

  /** The service of this app that already uses `fn`: a second one would clash on its invoke permission. */
  private serviceUsing(fn: lambda.IFunction): ProtectedService | undefined {
    return this.node.root.node.findAll().find((node): node is ProtectedService => node instanceof ProtectedService && node !== this && node.function === fn);
  }
}
