// One Lambda serving several routes: dispatch on the gateway's route key (`GET /invoices/{id}`; REST
// `httpMethod` + `resource`, HTTP API `routeKey`) to handlers each wrapped with their own rules. A request
// for a route the table lacks gets a 404 and, given the validator, its decision line (probing leaves a
// trace); an event that is not an API Gateway proxy event gets a coded 500, never a crash.
import type { Context } from 'aws-lambda';
import { InternalError } from '../shared/errors';
import { isHttpApiEvent, type ApiGatewayProxyEvent, type ApiGatewayProxyResult } from './api-event';
import { errorResponse } from './error-response';
import type { JwtValidator } from './jwt-validator';
import { loggerFor, type ProxyHandler } from './with-jwt-validation';

export type RouteTable = Readonly<Record<string, ProxyHandler>>;

export function eventRouteKey(event: ApiGatewayProxyEvent): string {
  if (isHttpApiEvent(event)) return event.routeKey;
  return `${event.httpMethod} ${event.resource}`;
}

function notFound(): ApiGatewayProxyResult {
  return { statusCode: 404, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ error: 'not_found', error_description: 'no such route' }) };
}

/** @param validator the routes' validator: unknown routes and unreadable events are logged as its decisions */
export function dispatchRoutes(routes: RouteTable, validator?: JwtValidator): ProxyHandler {
  return async (event: ApiGatewayProxyEvent, context?: Context): Promise<ApiGatewayProxyResult> => {
    const started = validator?.options.clock() ?? 0;
    const log = (outcome: 'deny' | 'error', reason: string, route?: string) =>
      validator &&
      loggerFor(validator).decision({ component: 'validator', outcome, reason, route, requestId: context?.awsRequestId, durationMs: validator.options.clock() - started });
    let key: string;
    try {
      key = eventRouteKey(event);
    } catch {
      log('error', 'ERR_INTERNAL');
      return errorResponse(new InternalError('the event is not an API Gateway proxy event'));
    }
    const handler = Object.prototype.hasOwnProperty.call(routes, key) ? routes[key] : undefined;
    if (!handler) {
      log('deny', 'ERR_ROUTE_UNKNOWN', key);
      return notFound();
    }
    return handler(event, context);
  };
}
