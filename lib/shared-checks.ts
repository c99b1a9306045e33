// Synth-time checks built on the runtime's own validators (lambda/shared), so the constructs refuse
// exactly what the handlers would refuse at cold start, only earlier.
import { Token } from 'aws-cdk-lib';
import { urlProblem } from '../lambda/shared/config';
import { routeTableProblems, type RouteRule } from '../lambda/shared/routes';

/** Problems with an AS URL: https only (the constructs never run in local mode); tokens pass. */
export function endpointProblems(value: string | undefined, required: boolean): string[] {
  if (value === undefined || value === '') return required ? ['is required'] : [];
  if (Token.isUnresolved(value)) return [];
  const problem = urlProblem(value, false);
  return problem ? [problem] : [];
}

/** Problems with a route table: empty, a route without a scope rule, bad paths, duplicates. */
export function routeProblems(routes: readonly RouteRule[] | undefined): string[] {
  if (!routes || routes.length === 0) return ['must list at least one route (routes are denied by default)'];
  return routeTableProblems(routes);
}
