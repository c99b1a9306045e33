// Every problem with a service's props; used by the service and, ahead of time, by the gateway.
import { JwtAlgorithm } from '../jwt-algorithm';
import { PropProblems } from '../prop-problems';
import type { RouteRule, ScopeRule } from '../route-rule';
import { endpointProblems, routeProblems } from '../shared-checks';
import { ServiceBackend } from './service-backend';
import type { ServiceValidatorOptions } from './service-validator-options';

const ALGORITHMS: readonly string[] = Object.values(JwtAlgorithm);

/** What is judged: the service's props without the API and the authorizer it is attached to. */
export interface ServiceDefinition {
  readonly routes: RouteRule[];
  readonly backend: ServiceBackend;
  readonly validator?: ServiceValidatorOptions;
}

export function protectedServiceProblems(problems: PropProblems, props: ServiceDefinition): void {
  problems.addAll('routes', routeProblems(props.routes));
  const backend = props.backend;
  if (!backend) problems.add('backend', 'is required: ServiceBackend.fromFunction(fn), ServiceBackend.fromCode(code) or ServiceBackend.fromHttpUrl(url)');
  else if (backend.httpUrl !== undefined) problems.addAll('backend.httpUrl', endpointProblems(backend.httpUrl, true));
  // A factory called without its argument (from JavaScript) makes a backend that is none of these.
  else if ([backend.function, backend.code, backend.applicationListener, backend.networkListener].every((target) => target === undefined)) {
    problems.add('backend', 'has no function, code, URL or listener: give its factory one');
  }
  const validator = props.validator;
  if (validator === undefined) return;
  problems.addAll('validator.issuer', endpointProblems(validator.issuer, true));
  // The validator has no discovery: a function the construct builds reads its keys from this URI.
  problems.addAll('validator.jwksUri', endpointProblems(validator.jwksUri, backend?.code !== undefined));
  if (!validator.audience?.trim()) problems.add('validator.audience', 'is required');
  for (const alg of validator.allowedAlgorithms ?? []) {
    if (!ALGORITHMS.includes(alg)) problems.add('validator.allowedAlgorithms', `"${alg}" is not one of ${ALGORITHMS.join(', ')}`);
  }
  if (validator.allowedAlgorithms?.length === 0) problems.add('validator.allowedAlgorithms', 'must list at least one algorithm');
}

/** A backend a REST API cannot serve: the load balancer listeners are HTTP API private integrations. */
export function restBackendProblems(problems: PropProblems, backend: ServiceBackend): void {
  if (backend.applicationListener || backend.networkListener) {
    problems.add('backend', 'a load balancer listener is an HTTP API private integration (PhantomTokenHttpGateway); on a REST API use ServiceBackend.fromHttpUrl(url, { vpcLink }) with a REST VPC link to an NLB');
  }
}

/** A backend an HTTP API cannot serve: a REST VPC link (an NLB behind a REST-only link). */
export function httpApiBackendProblems(problems: PropProblems, backend: ServiceBackend): void {
  if (backend.vpcLink) {
    problems.add('backend', 'a REST API VPC link cannot serve an HTTP API: use ServiceBackend.fromApplicationListener(listener) or fromNetworkListener(listener) (an HTTP API VPC link), or fromHttpUrl(url) without vpcLink');
  }
}

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
