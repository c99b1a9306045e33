// One Lambda serving several routes: dispatch on the gateway's route key (`GET /invoices/{id}`; REST
// `httpMethod` + `resource`, HTTP API `routeKey`) to handlers each wrapped with their own rules.
import type { Context } from 'aws-lambda';
import type { ApiGatewayProxyEvent, ApiGatewayProxyResult } from './api-event';
import { isHttpApiEvent } from './api-event';
import type { ProxyHandler } from './with-jwt-validation';

export type RouteTable = Readonly<Record<string, ProxyHandler>>;

export function eventRouteKey(event: ApiGatewayProxyEvent): string {
  if (isHttpApiEvent(event)) return event.routeKey;
  return `${event.httpMethod} ${event.resource}`;
}

export function dispatchRoutes(routes: RouteTable): ProxyHandler {
  return async (event: ApiGatewayProxyEvent, context?: Context): Promise<ApiGatewayProxyResult> => {
    const handler = Object.prototype.hasOwnProperty.call(routes, eventRouteKey(event)) ? routes[eventRouteKey(event)] : undefined;
    if (!handler) {
      return { statusCode: 404, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ error: 'not_found', error_description: 'no such route' }) };
    }
    return handler(event, context);
  };
}
