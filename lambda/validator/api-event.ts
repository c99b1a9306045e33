// The two Lambda proxy event shapes a service receives (REST API payload 1.0, HTTP API payload 2.0),
// read into one request view. Header names are lower-cased; a missing map is an empty one.
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyResult } from 'aws-lambda';

/** A REST API (v1) or HTTP API (v2) Lambda proxy event. */
export type ApiGatewayProxyEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2;

/** What a proxy handler answers; valid for both payload versions. */
export type ApiGatewayProxyResult = APIGatewayProxyResult;

export interface ApiRequest {
  readonly method: string;
  /** The route template (`/invoices/{id}`) when the gateway names one, else the path. */
  readonly route: string;
  readonly path: string;
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly queryParameters: Readonly<Record<string, string>>;
  /** Lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Decoded body text, or undefined when there is none. */
  readonly body?: string;
}

function defined(map: Record<string, string | undefined> | null | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (!map) return result;
  for (const [key, value] of Object.entries(map)) if (value !== undefined) result[key] = value;
  return result;
}

function lowerCased(map: Record<string, string | undefined> | null | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (!map) return result;
  for (const [key, value] of Object.entries(map)) if (value !== undefined) result[key.toLowerCase()] = value;
  return result;
}

export function isHttpApiEvent(event: ApiGatewayProxyEvent): event is APIGatewayProxyEventV2 {
  return (event as APIGatewayProxyEventV2).version === '2.0';
}

function decodedBody(body: string | null | undefined, isBase64Encoded: boolean | undefined): string | undefined {
  if (body === null || body === undefined) return undefined;
  return isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}

export function apiRequest(event: ApiGatewayProxyEvent): ApiRequest {
  if (isHttpApiEvent(event)) {
    const method = event.requestContext?.http?.method ?? 'GET';
    const routeKey = event.routeKey && event.routeKey !== '$default' ? event.routeKey.split(' ').slice(1).join(' ') : undefined;
    return {
      method,
      route: routeKey ?? event.rawPath,
      path: event.rawPath,
      pathParameters: defined(event.pathParameters),
      queryParameters: defined(event.queryStringParameters),
      headers: lowerCased(event.headers),
      body: decodedBody(event.body, event.isBase64Encoded),
    };
  }
  return {
    method: event.httpMethod,
    route: event.resource ?? event.path,
    path: event.path,
    pathParameters: defined(event.pathParameters),
    queryParameters: defined(event.queryStringParameters),
    headers: lowerCased(event.headers),
    body: decodedBody(event.body, event.isBase64Encoded),
  };
}
