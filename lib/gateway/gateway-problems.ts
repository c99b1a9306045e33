// Every problem with the gateway's props, its services and its authorizer, thrown at once under the
// gateway's path, before any resource is made.
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { routeTableProblems } from '../../lambda/shared/routes';
import { accessLogFormatProblem } from '../access-log-format';
import { authorizerEnvironmentProblem } from '../authorizer/authorizer-environment';
import { authorizationProblems } from '../authorizer/authorizer-problems';
import { gatewayWebAclProblems } from '../gateway-web-acl';
import { ExchangeMode, JwtExchange } from '../jwt-exchange';
import { mutualTlsDomainProblems, mutualTlsRestApiProblem } from '../mutual-tls-domain';
import { operationsViewsProblems } from '../observability/operations-views';
import { PropProblems } from '../prop-problems';
import { ServiceBackend } from '../service/service-backend';
import { protectedServiceProblems, restBackendProblems } from '../service/service-problems';
import { routeProblems } from '../shared-checks';
import { tokenCacheTableProblems } from '../token-cache-table';
import { gatewayAuthorization } from './gateway-authorization';
import type { GatewayCommonProps, PhantomTokenGatewayProps } from './gateway-options';

export function validateGatewayProps(problems: PropProblems, props: PhantomTokenGatewayProps): void {
  problems.exclusive({ existingRestApi: props.existingRestApi, restApiProps: props.restApiProps });
  if (props.existingRestApi) {
    existingApiConflicts(problems, 'existingRestApi', 'a RestApi', props);
    if (props.tracing !== undefined) {
      problems.add('existingRestApi, tracing', 'conflict: tracing also switches the stage, which is yours: set tracingEnabled on your stage, and authorization.tracing / a backend\'s tracing for the functions');
    }
    if (props.webAcl && !props.existingRestApi.deploymentStage) {
      problems.add('existingRestApi, webAcl', 'conflict: the web ACL is associated with the API\'s deployment stage, and this RestApi has none (imported); associate your own web ACL with your stage');
    }
  }
  stageLoggingProblems(problems.prefixed('restApiProps.deployOptions.'), props.restApiProps?.deployOptions);
  if (props.webAcl !== undefined) gatewayWebAclProblems(problems.prefixed('webAcl.'), props.webAcl);
  if (props.mutualTls) {
    mutualTlsDomainProblems(problems.prefixed('mutualTls.'), props.mutualTls);
    const notHere = props.existingRestApi && mutualTlsRestApiProblem(props.existingRestApi);
    if (notHere) problems.add('existingRestApi, mutualTls', `conflict: existingRestApi ${notHere}`);
  }
  commonGatewayProblems(problems, props, restBackendProblems);
  problems.throwIfAny();
}

/** `accessLogging` and `throttling` apply to a stage the gateway creates, never to one given with `existingProp`. */
export function existingApiConflicts(problems: PropProblems, existingProp: string, api: string, props: GatewayCommonProps): void {
  for (const [prop, value] of Object.entries({ accessLogging: props.accessLogging, throttling: props.throttling })) {
    if (value !== undefined) problems.add(`${existingProp}, ${prop}`, `conflict: ${prop} applies to ${api} the gateway creates; set it on your stage`);
  }
}

/**
 * The problems of the props every gateway shares (cache table, throttling, operations views, the
 * authorization, the services); `backendProblems` judges a service's backend for the kind of API.
 */
export function commonGatewayProblems(
  problems: PropProblems,
  props: GatewayCommonProps,
  backendProblems: (problems: PropProblems, backend: ServiceBackend) => void,
): void {
  problems.exclusive({ existingCacheTable: props.existingCacheTable, cacheTableProps: props.cacheTableProps });
  if (props.cacheTableProps) tokenCacheTableProblems(problems.prefixed('cacheTableProps.'), props.cacheTableProps);
  problems.integerWithin('throttling.rateLimit', props.throttling?.rateLimit, 1, 1_000_000);
  problems.integerWithin('throttling.burstLimit', props.throttling?.burstLimit, 1, 1_000_000);
  operationsViewsProblems(problems, props);
  if (!props.authorization) problems.add('authorization', 'is required (issuer, clientId, clientCredentials)');
  else authorizationProblems(problems.prefixed('authorization.'), props.authorization);
  serviceProblems(problems, props, backendProblems);
}

function serviceProblems(problems: PropProblems, props: GatewayCommonProps, backendProblems: (problems: PropProblems, backend: ServiceBackend) => void): void {
  const services = props.services ?? [];
  if (services.length === 0) problems.add('services', 'must list at least one service');
  if (props.authorization && !props.authorization.jwksUri && services.some((service) => service.backend?.code !== undefined)) {
    problems.add('authorization.jwksUri', 'is required when a service runs on code the gateway builds: its validator reads its keys from it (no discovery)');
  }
  const signedIntrospection = props.authorization?.exchange instanceof JwtExchange && props.authorization.exchange.mode === ExchangeMode.RFC9701;
  const names = new Set<string>();
  let routesUsable = true;
  services.forEach((service, index) => {
    const view = problems.prefixed(`services[${index}].`);
    if (!service.name?.trim()) view.add('name', 'is required');
    else if (names.has(service.name)) view.add('name', `"${service.name}" is used twice`);
    names.add(service.name);
    if (!service.audience?.trim()) view.add('audience', 'is required');
    routesUsable &&= routeProblems(service.routes).length === 0;
    const fn = service.backend?.function;
    const sharing = fn === undefined ? -1 : services.findIndex((other) => other.backend?.function === fn);
    if (sharing !== -1 && sharing < index) view.add('backend', `its function is also the function of services[${sharing}]: give each service its own function`);
    if (signedIntrospection && service.tokenType !== undefined && service.tokenType !== JwtExchange.RFC9701_TOKEN_TYPE) {
      view.add('tokenType', `must be "${JwtExchange.RFC9701_TOKEN_TYPE}" (or unset) with JwtExchange.signedIntrospection(): the services receive signed introspection responses, got "${service.tokenType}"`);
    }
    // The validator's issuer, JWKS URI and algorithms are the authorization's, judged once above.
    protectedServiceProblems(view, { routes: service.routes, backend: service.backend });
    if (service.backend instanceof ServiceBackend) backendProblems(view, service.backend);
  });
  if (routesUsable && services.length > 0 && props.authorization) {
    const union = services.flatMap((service) => service.routes);
    problems.addAll('services', routeTableProblems(union)); // the same route claimed by two services
    const tooLarge = authorizerEnvironmentProblem({ ...gatewayAuthorization(props), routes: union });
    if (tooLarge) problems.add('services', tooLarge);
  }
}

/** Stage options that would write the opaque token or the JWT to CloudWatch Logs. */
function stageLoggingProblems(problems: PropProblems, deployOptions: apigateway.StageOptions | undefined): void {
  const tracing = 'must stay false: data tracing logs request headers, the opaque token among them';
  if (deployOptions?.dataTraceEnabled) problems.add('dataTraceEnabled', tracing);
  for (const [path, options] of Object.entries(deployOptions?.methodOptions ?? {})) {
    if (options?.dataTraceEnabled) problems.add(`methodOptions[${JSON.stringify(path)}].dataTraceEnabled`, tracing);
  }
  const format = deployOptions?.accessLogFormat;
  const logsToken = format === undefined ? undefined : accessLogFormatProblem(format.toString());
  if (logsToken) problems.add('accessLogFormat', logsToken);
}
