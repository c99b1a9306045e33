// One API behind the HTTP API gateway: its routes (each behind the phantom token authorizer, named:
// never `$default`), its backend and the validator configuration it checks the JWT with.
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { IPhantomTokenHttpAuthorizer } from './phantom-token-authorizer';
import { PROTECTED_HTTP_SERVICE_KINDS } from './construct-prop-kinds';
import { PropProblems } from './prop-problems';
import type { RouteRule } from './route-rule';
import { httpApiIntegrations } from './service/http-api-integration';
import { ServiceBackend } from './service/service-backend';
import { serviceFunction, validatorEnvironmentOf } from './service/service-function';
import { authorizerRouteMismatches, httpApiBackendProblems, protectedServiceProblems } from './service/service-problems';
import type { ServiceValidatorOptions } from './service/service-validator-options';

export interface ProtectedHttpServiceProps {
  /** The HTTP API the routes are added to. */
  readonly httpApi: apigwv2.IHttpApi;
  /**
   * The phantom token authorizer: its `httpAuthorizer()` is attached to every route, and every route of
   * `routes` is checked against its `routes` at synth (present, with the same scope rule).
   */
  readonly authorizer: IPhantomTokenHttpAuthorizer;
  /** The service's routes and their coarse scope rules (the authorizer must know the same routes). */
  readonly routes: RouteRule[];
  /**
   * Where the requests go: `ServiceBackend.fromFunction(fn)`, `.fromCode(code)`, `.fromHttpUrl(url)`,
   * `.fromApplicationListener(listener)` or `.fromNetworkListener(listener)`.
   */
  readonly backend: ServiceBackend;
  /** The validator's configuration. */
  readonly validator: ServiceValidatorOptions;
}

/**
 * One API behind the phantom token HTTP API gateway. A Lambda backend gets payload 2.0 events (the JWT
 * under `requestContext.authorizer.lambda.jwt`), the validator configuration and one invoke permission
 * for this HTTP API. An HTTP or private backend gets the JWT as `x-phantom-authorization: Bearer <jwt>`
 * (`PhantomTokenHttpGateway.JWT_HEADER`), whatever the client sent in that header; the client's own
 * `Authorization` header is passed on unchanged, because HTTP APIs may not rewrite it.
 */
export class ProtectedHttpService extends Construct {
  /** The service's function, if it has one. */
  public readonly function?: lambda.IFunction;
  /** The validator variables (issuer, audience, JWKS URI, algorithms, typ) for the service's function. */
  public readonly validatorEnvironment: { [name: string]: string };
  /** The routes added to the HTTP API, one per route rule. */
  public readonly httpRoutes: apigwv2.HttpRoute[] = [];
  /** The routes this service serves. */
  public readonly routes: RouteRule[];

  constructor(scope: Construct, id: string, props: ProtectedHttpServiceProps) {
    super(scope, id);
    const problems = new PropProblems(this);
    if (!props.validator) problems.add('validator', 'is required (issuer and audience)');
    protectedServiceProblems(problems, problems.typed(props, PROTECTED_HTTP_SERVICE_KINDS));
    if (props.backend instanceof ServiceBackend) httpApiBackendProblems(problems, props.backend);
    if (!Array.isArray(props.authorizer?.routes) || typeof props.authorizer.httpAuthorizer !== 'function') {
      problems.add('authorizer', 'must be an IPhantomTokenHttpAuthorizer (the PhantomTokenAuthorizer itself): its routes are checked against the service\'s');
    } else if (problems.count === 0) {
      problems.addAll('routes', authorizerRouteMismatches(props.routes, props.authorizer.routes));
    }
    problems.throwIfAny();

    this.routes = [...props.routes];
    this.validatorEnvironment = validatorEnvironmentOf(props.validator);
    const backend = props.backend;
    const lambdaBackend = backend.function !== undefined || backend.code !== undefined;
    this.function = lambdaBackend ? serviceFunction(this, backend, this.validatorEnvironment) : undefined;
    const integrationFor = httpApiIntegrations(id, backend, this.function);
    const authorizer = props.authorizer.httpAuthorizer();
    for (const route of props.routes) {
      const method = route.method as string as apigwv2.HttpMethod;
      this.httpRoutes.push(new apigwv2.HttpRoute(this, `${route.method}${route.path}`, {
        httpApi: props.httpApi,
        routeKey: apigwv2.HttpRouteKey.with(route.path, method),
        integration: integrationFor(route),
        authorizer,
      }));
    }
  }
}
