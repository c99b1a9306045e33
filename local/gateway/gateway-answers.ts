// Writing what the gateway itself answers: the shared gateway responses (exactly what the deployed API
// serves), and API Gateway's built-in answers for an unknown route and a broken integration.
import type { ServerResponse } from 'node:http';
import { GATEWAY_RESPONSES, gatewayResponseBody, type GatewayResponseKind, type GatewayResponseSpec } from '../../lambda/shared/gateway-responses';

export function writeGatewayResponse(
  response: ServerResponse,
  kind: GatewayResponseKind,
  requestId: string,
  responses: Readonly<Record<GatewayResponseKind, GatewayResponseSpec>> = GATEWAY_RESPONSES,
): number {
  const spec = responses[kind];
  writeJson(response, spec.statusCode, gatewayResponseBody(spec), { ...spec.headers, 'x-amzn-ErrorType': errorType(kind) }, requestId);
  return spec.statusCode;
}

/** API Gateway's default for a path or method no resource matches (MISSING_AUTHENTICATION_TOKEN). */
export function writeMissingRoute(response: ServerResponse, requestId: string): number {
  writeJson(response, 403, JSON.stringify({ message: 'Missing Authentication Token' }), { 'x-amzn-ErrorType': 'MissingAuthenticationTokenException' }, requestId);
  return 403;
}

/** API Gateway's answer when a proxy integration throws or returns a malformed result. */
export function writeIntegrationFailure(response: ServerResponse, requestId: string): number {
  writeJson(response, 502, JSON.stringify({ message: 'Internal server error' }), { 'x-amzn-ErrorType': 'InternalServerErrorException' }, requestId);
  return 502;
}

/** API Gateway's answer when the integration outlives its timeout. */
export function writeIntegrationTimeout(response: ServerResponse, requestId: string): number {
  writeJson(response, 504, JSON.stringify({ message: 'Endpoint request timed out' }), {}, requestId);
  return 504;
}

export function writePayloadTooLarge(response: ServerResponse, requestId: string): number {
  writeJson(response, 413, JSON.stringify({ message: 'Request Too Long' }), {}, requestId);
  return 413;
}

function writeJson(response: ServerResponse, status: number, body: string, headers: Record<string, string>, requestId: string): void {
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': requestId,
  });
  response.end(body);
}

function errorType(kind: GatewayResponseKind): string {
  switch (kind) {
    case 'UNAUTHORIZED':
      return 'UnauthorizedException';
    case 'ACCESS_DENIED':
      return 'AccessDeniedException';
    default:
      return 'AuthorizerConfigurationException';
  }
}
